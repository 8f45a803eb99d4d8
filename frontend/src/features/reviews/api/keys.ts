/** Query keys of reviews: a doctor's public list, and a visit's own review. */
export const reviewKeys = {
  all: ["reviews"] as const,
  doctor: (doctorId: number) => ["reviews", "doctor", doctorId] as const,
  doctorPage: (doctorId: number, page: number) => ["reviews", "doctor", doctorId, page] as const,
  visit: (appointmentId: number) => ["reviews", "visit", appointmentId] as const,
};
