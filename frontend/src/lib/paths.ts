import type { Role } from "@/types/api";

export const ADMIN_CONSOLE_PATH = "/admin/";
/** Where a clinic's staff (its admins and receptionists) start: the day's queue. */
export const FRONT_DESK_PATH = "/front-desk";
/** A clinic's figures (its admins; platform admins choose the clinic). */
export const CLINIC_ANALYTICS_PATH = "/clinic/analytics";
/** A clinic admin edits the schedule of one of the clinic's doctors. */
export function clinicDoctorSchedulePath(doctorId: number): string {
  return `/clinic/doctors/${doctorId}/schedule`;
}
/** A doctor's own figures. */
export const DOCTOR_ANALYTICS_PATH = "/analytics";

export function homePathFor(role: Role): string {
  switch (role) {
    case "patient":
      return "/patient";
    case "doctor":
      return "/doctor";
    case "admin":
      return ADMIN_CONSOLE_PATH;
    case "clinic_admin":
    case "receptionist":
      return FRONT_DESK_PATH;
  }
}

export function isServerPath(path: string): boolean {
  const pathname = path.split(/[?#]/, 1)[0] ?? "";
  return pathname === "/admin" || pathname.startsWith("/admin/") || pathname.startsWith("/api/");
}

export function safeNextPath(raw: string | null): string | null {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  if (/[\u0000-\u001f\u007f]/.test(raw)) {
    return null;
  }
  try {
    const url = new URL(raw, window.location.origin);
    if (url.origin !== window.location.origin) {
      return null;
    }
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}

export function loginPathWithNext(next: string): string {
  return `/login?${new URLSearchParams({ next }).toString()}`;
}
