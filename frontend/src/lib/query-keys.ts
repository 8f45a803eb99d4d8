/**
 * Query keys shared by more than one feature. Features never import each other, so a
 * mutation in one feature that makes another feature's cached data stale invalidates it
 * through these keys.
 */
export const queryKeys = {
  user: ["auth", "user"] as const,
  profile: ["profile"] as const,
  doctors: ["doctors"] as const,
  specialties: ["specialties"] as const,
};
