/**
 * Query keys shared by more than one feature. Features never import each other, so a
 * mutation in one feature that makes another feature's cached data stale invalidates it
 * through these keys.
 */
export const queryKeys = {
  user: ["auth", "user"] as const,
  profile: ["profile"] as const,
  /** The directory: result lists and profiles, whose next free times go stale with the slots. */
  doctors: ["doctors"] as const,
  specialties: ["specialties"] as const,
  /** Own appointments: lists and details. */
  appointments: ["appointments"] as const,
  /** Doctors' free slots; any booking or change of an appointment makes them stale. */
  slots: ["slots"] as const,
  /** The logged-in doctor's own schedule and its exceptions. */
  schedule: ["schedule"] as const,
  /** Reminder channels and time zone; also changed when the device's zone is sent after login. */
  notificationPreferences: ["notification-preferences"] as const,
  /** In-app notifications (per user); reading a message thread also reads its notification. */
  notifications: ["notifications"] as const,
  /** Message threads and the unread counts of the header and appointment cards. */
  messages: ["messages"] as const,
  /** Health records, documents and access logs, per patient. */
  records: ["records"] as const,
  /** Clinics as anyone sees them: lists and pages. */
  clinics: ["clinics"] as const,
  /** What a clinic's staff read (their clinic, the queue, the week, patient searches); a booking,
   * move, check-in or call-in makes it stale. */
  frontDesk: ["front-desk"] as const,
  /** Figures of a clinic or a doctor; bookings change them, but they are read for past days. */
  analytics: ["analytics"] as const,
};

export function appointmentDetailQueryKey(id: number) {
  return [...queryKeys.appointments, "detail", id] as const;
}

export function unreadMessagesQueryKey() {
  return [...queryKeys.messages, "unread"] as const;
}

