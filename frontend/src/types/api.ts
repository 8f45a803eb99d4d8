export type Role = "patient" | "doctor" | "admin";

export type PregnancyStage =
  | "not_pregnant"
  | "first_trimester"
  | "second_trimester"
  | "third_trimester"
  | "postpartum";

export type Sex = "female" | "male" | "intersex" | "prefer_not_to_say";

export type ConsultationType = "video" | "audio" | "chat";

export type AvailabilityStatus = "available" | "busy" | "away" | "offline";

export type SpecialtyRef = {
  id: number;
  name: string;
  slug: string;
};

export type Specialty = SpecialtyRef & {
  description: string;
  symptoms: string[];
};

export type User = {
  id: number;
  fullName: string;
  email: string | null;
  phone: string | null;
  role: Role;
  isActive?: boolean;
  createdAt: string;
  photoUrl?: string | null;
  dateOfBirth?: string | null;
  allergies?: string | null;
  pregnancyStage?: PregnancyStage | null;
  employeeId?: string | null;
  /** A name today; tolerate the reference object the profile API uses. */
  specialty?: string | SpecialtyRef | null;
  verificationStatus?: string | null;
  /** The IANA zone used for the times in the mail Clinic360 sends; null until one is set. */
  timezone?: string | null;
};

/** A doctor's practice as patients see it: in the directory and on the doctor's own profile. */
export type DoctorPractice = {
  specialty: SpecialtyRef | null;
  facility: string | null;
  city: string | null;
  contact: string | null;
  bio: string | null;
  languages: string[];
  experienceYears: number | null;
  /** A decimal string, like "45.00". */
  fee: string | null;
  /** ISO 4217 code, like "USD". */
  currency: string;
  consultationTypes: ConsultationType[];
  availabilityStatus: AvailabilityStatus;
};

export type DoctorCard = DoctorPractice & {
  id: number;
  fullName: string;
  photoUrl: string | null;
  rating: number | null;
  ratingCount: number;
  /** The doctor's IANA time zone, or null when they have not published a schedule. */
  timezone?: string | null;
};

export type Page<T> = {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
};

export type EmergencyContact = {
  name: string;
  phone: string;
  relationship: string | null;
};

export type PatientProfile = {
  id: number;
  role: "patient";
  fullName: string;
  email: string | null;
  phone: string | null;
  dateOfBirth: string | null;
  age: number | null;
  sex: Sex | null;
  allergies: string | null;
  chronicConditions: string | null;
  currentMedications: string | null;
  pregnancyStage: PregnancyStage | null;
  emergencyContact: EmergencyContact | null;
  photoUrl: string | null;
};

export type DoctorProfile = DoctorPractice & {
  id: number;
  role: "doctor";
  fullName: string;
  email: string | null;
  phone: string | null;
  employeeId: string | null;
  verificationStatus: string | null;
  specialtyId: number | null;
  photoUrl: string | null;
};

export type AdminProfile = {
  id: number;
  role: "admin";
  fullName: string;
  email: string | null;
  phone: string | null;
  photoUrl: string | null;
};

export type Profile = PatientProfile | DoctorProfile | AdminProfile;

export type FieldErrors = Partial<Record<string, string[]>>;

/** A bookable slot; both times are ISO 8601 in UTC ("2026-03-09T09:00:00Z"). */
export type Slot = {
  startTime: string;
  endTime: string;
};

export type AppointmentStatus = "pending" | "confirmed" | "completed" | "cancelled" | "no_show";

export type AppointmentAction =
  | "confirm"
  | "decline"
  | "cancel"
  | "propose"
  | "reschedule"
  | "complete"
  | "no_show"
  | "awaiting_answer";

export type AppointmentEventAction =
  | "booked"
  | "confirmed"
  | "declined"
  | "cancelled"
  | "rescheduled"
  | "proposed"
  | "proposal_accepted"
  | "proposal_declined"
  | "completed"
  | "no_show";

export type TimeProposal = {
  id: number;
  startTime: string;
  endTime: string;
  note: string | null;
  status: string;
  createdAt: string;
};

export type AppointmentEvent = {
  id: number;
  at: string;
  action: AppointmentEventAction | (string & {});
  actorId: number | null;
  actorName: string | null;
  fromStatus: AppointmentStatus | null;
  toStatus: AppointmentStatus | null;
  fromStartTime: string | null;
  toStartTime: string | null;
  reason: string | null;
};

export type AppointmentPerson = {
  id: number;
  fullName: string;
  photoUrl: string | null;
};

export type Appointment = {
  id: number;
  status: AppointmentStatus;
  startTime: string;
  endTime: string;
  consultationType: ConsultationType;
  reason: string | null;
  cancelReason: string | null;
  sequence: number;
  createdAt: string;
  updatedAt: string;
  doctor: AppointmentPerson & { specialty: string | null };
  patient: AppointmentPerson;
  openProposal: TimeProposal | null;
  doctorTimezone: string;
  allowedActions: AppointmentAction[];
  icsUrl: string;
  history?: AppointmentEvent[];
};

export type AppointmentScope = "upcoming" | "past" | "today";

/** A weekly range; dayOfWeek 0 is Monday. An end at or before the start runs past midnight. */
export type ScheduleRule = {
  dayOfWeek: number;
  startTime: string;
  endTime: string;
};

export type Schedule = {
  timezone: string;
  slotMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  bufferMinutes: number;
  requiresApproval: boolean;
  lateChangeHours: number;
  rules: ScheduleRule[];
};

/** An in-app notification (not the browser's Notification); `link` is an app path such as "/appointments/12". */
export type AppNotification = {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  appointmentId: number | null;
  createdAt: string;
  readAt: string | null;
};

export type NotificationPage = Page<AppNotification> & {
  /** Unread notifications in all pages. */
  unreadCount: number;
};

export type NotificationPreferences = {
  emailReminders: boolean;
  smsReminders: boolean;
  /** IANA zone for the times in mail, or null when none is set. */
  timezone: string | null;
  /** Whether this Clinic360 can send text messages at all. */
  smsAvailable: boolean;
};

/** One message of an appointment's thread: plain text, shown exactly as written. */
export type ThreadMessage = {
  id: number;
  senderId: number;
  body: string;
  createdAt: string;
};

/** A slice of a thread (`?after=<id>`), oldest first, with the room's join window. */
export type MessageThreadSlice = {
  items: ThreadMessage[];
  hasMore: boolean;
  /** Messages from the other person that the viewer has not read. */
  unreadCount: number;
  /** Whether the viewer may write now (only while the appointment is confirmed). */
  canPost: boolean;
  opensAt: string;
  closesAt: string;
};

/** Unread messages of the viewer: the total and per appointment id ("12": 3). */
export type UnreadMessages = {
  total: number;
  byAppointment: Partial<Record<string, number>>;
};

/** What the page needs to open an appointment's video room. */
export type VideoRoom = {
  domain: string;
  scriptUrl: string;
  roomName: string;
  jwt: string | null;
  joinUrl: string;
  opensAt: string;
  closesAt: string;
  moderator: boolean;
  startWithVideoMuted: boolean;
  displayName: string;
};

export type Vitals = {
  temperatureC?: number | null;
  pulse?: number | null;
  systolic?: number | null;
  diastolic?: number | null;
  respiratoryRate?: number | null;
  oxygenSaturation?: number | null;
  weightKg?: number | null;
  heightCm?: number | null;
};

export type PrescriptionItem = {
  medication: string;
  dose: string;
  route: string | null;
  frequency: string;
  duration: string;
  instructions: string | null;
};

export type Prescription = {
  id: number;
  recordId: number;
  verificationCode: string;
  createdAt: string;
  items: PrescriptionItem[];
  pdfUrl: string;
};

/** A consultation record. Corrections are new records: `amends` names the one corrected. */
export type MedicalRecord = {
  id: number;
  patientId: number;
  appointmentId: number | null;
  amends: number | null;
  /** Later records that correct this one. */
  amendedBy: number[];
  amendmentReason: string | null;
  createdAt: string;
  diagnosis: string;
  notes: string | null;
  vitals: Vitals | null;
  followUp: string | null;
  doctor: { id: number; fullName: string };
  prescriptions: Prescription[];
};

export type HealthDocument = {
  id: number;
  patientId: number;
  filename: string;
  contentType: string;
  size: number;
  createdAt: string;
  uploadedBy: { id: number; fullName: string };
  /** A cookie-authenticated download (an attachment). */
  downloadUrl: string;
};

/** One read or write of a patient's health data. */
export type HealthAccessEntry = {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  actorRole: string;
  /** Like "records.read", "record.write", "document.read", "chart.read", "export". */
  action: string;
  objectType: string;
  objectId: number | null;
};

export type ChartAppointment = Pick<
  Appointment,
  "id" | "status" | "startTime" | "endTime" | "consultationType" | "reason"
>;

/** A doctor's chart of a patient they treat: health basics and their visits together. */
export type PatientChart = {
  patient: Omit<PatientProfile, "email" | "phone">;
  /** Visits with this doctor, newest first. */
  appointments: ChartAppointment[];
};
