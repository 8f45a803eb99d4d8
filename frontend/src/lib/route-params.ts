const MAX_ID = 2_147_483_647;

/** A numeric id from an address ("/appointments/12" → 12), or null when it isn't one. */
export function parseRouteId(raw: string | undefined): number | null {
  if (!raw || !/^[1-9][0-9]{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= MAX_ID ? id : null;
}
