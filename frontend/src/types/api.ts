// The API's types under the names the frontend uses. Every type comes from api.gen.ts, which
// `make api-types` generates from the OpenAPI document: when the API renames a schema, change
// its one line here.
import type { components, paths } from "@/types/api.gen";

type Schemas = components["schemas"];

// Where the document is looser than the answers (a field every answer carries but that the schema
// leaves optional, a plain string where the API sends one of a few values), the lines below
// narrow it with these two helpers. Each narrowing goes once the backend schema says the same.
/** `T` with the fields `K` present in every answer. */
type Sent<T, K extends keyof T> = Omit<T, K> & Required<Pick<T, K>>;
/** `T` with the fields of `U` narrowed to `U`'s types. */
type Narrow<T, U> = Omit<T, keyof U> & U;
/** A paged list of `T`, in the envelope of the document's page schema `P`. */
type PageOf<P extends { items: unknown[] }, T> = Narrow<P, { items: T[] }>;

// Enumerations
export type Role = User["role"];
export type AppointmentStatus = Schemas["AppointmentItem"]["status"];
export type ConsultationType = Schemas["BookAppointment"]["consultationType"];
export type AvailabilityStatus = NonNullable<Schemas["DoctorProfile"]["availabilityStatus"]>;
export type Currency = Schemas["Money"]["currency"];
export type Sex = NonNullable<Schemas["PatientProfile"]["sex"]>;
export type PregnancyStage = NonNullable<Schemas["PatientProfile"]["pregnancyStage"]>;
export type AppointmentScope = NonNullable<
  NonNullable<paths["/api/appointments"]["get"]["parameters"]["query"]>["scope"]
>;

// Money: an integer amount in the minor unit of its currency ({amount: 8000, currency: "USD"}).
export type Money = Schemas["Money"];

// Accounts and profiles
export type User = Schemas["User"];
/** `GET /api/user/state`: who is signed in, `null` for a visitor. */
export type UserState = Schemas["UserState"];
export type PatientProfile = Required<Schemas["PatientProfile"]>;
export type DoctorProfile = Required<Schemas["DoctorProfile"]>;
export type AdminProfile = Required<Schemas["AdminProfile"]>;
export type Profile = PatientProfile | DoctorProfile | AdminProfile;
export type EmergencyContact = Schemas["EmergencyContact"];
export type NotificationPreferences = Required<Schemas["NotificationPreferences"]>;

// Directory
export type Specialty = Schemas["Specialty"];
export type SpecialtyRef = Schemas["SpecialtyRef"];
export type DoctorCard = Narrow<
  Schemas["DoctorCard"],
  { availabilityStatus: AvailabilityStatus; consultationTypes: ConsultationType[] }
>;
export type DoctorCardPage = PageOf<Schemas["DoctorCardPage"], DoctorCard>;

// Schedule
export type Schedule = Schemas["Schedule"];
export type ScheduleRule = Schemas["Rule"];
export type ScheduleException = Sent<Schemas["Exception"], "id">;
export type ScheduleExceptionPage = PageOf<Schemas["ExceptionPage"], ScheduleException>;
export type Slot = Schemas["Slot"];

// Appointments
export type Appointment = Schemas["AppointmentItem"];
export type AppointmentDetail = Schemas["AppointmentDetail"];
export type AppointmentPage = Schemas["AppointmentItemPage"];
export type AppointmentEvent = Schemas["AppointmentEvent"];
export type TimeProposal = Schemas["TimeProposal"];

// Notifications and messages
export type AppNotification = Schemas["Notification"];
export type NotificationPage = Schemas["NotificationList"];
export type ThreadMessage = Schemas["Message"];
export type MessageThreadSlice = Schemas["MessageThread"];
export type UnreadMessages = Schemas["UnreadMessages"];
export type VideoRoom = Schemas["VideoTicket"];

// Health records
export type MedicalRecord = Schemas["Record"];
export type MedicalRecordPage = Schemas["RecordPage"];
export type Vitals = Schemas["Vitals"];
export type Prescription = Schemas["Prescription"];
export type PrescriptionItem = Schemas["PrescriptionItem"];
export type HealthDocument = Schemas["Document"];
export type HealthDocumentPage = Schemas["DocumentPage"];
export type HealthAccessEntry = Schemas["HealthAccess"];
export type HealthAccessPage = Schemas["HealthAccessPage"];
export type ChartPatient = Narrow<
  Sent<Schemas["PatientHealth"], "allergies" | "chronicConditions" | "currentMedications">,
  { sex?: Sex | null; pregnancyStage?: PregnancyStage | null }
>;
export type ChartAppointment = Narrow<
  Schemas["Visit"],
  { status: AppointmentStatus; consultationType: ConsultationType }
>;
export type PatientChart = Narrow<
  Schemas["Chart"],
  { patient: ChartPatient; appointments: ChartAppointment[] }
>;

// Errors
export type FieldErrors = Partial<NonNullable<Schemas["ErrorDetail"]["fields"]>>;

// Sign-in security
/** The answer to a right password when the account has a second factor. */
export type SecondFactorRequired = Schemas["MfaRequired"];
export type SignInSession = Schemas["Session"];
export type TotpSetup = Schemas["TotpEnrolment"];
export type RecoveryCodes = Schemas["RecoveryCodes"];

// Data rights
export type DeletionRequest = Schemas["DeletionRequest"];

// Clinics
export type ClinicRef = Schemas["ClinicRef"];
export type ClinicSummary = Schemas["ClinicSummary"];
export type ClinicSummaryPage = Schemas["ClinicSummaryPage"];
export type ClinicDoctor = Narrow<Schemas["ClinicDoctor"], { consultationTypes: ConsultationType[] }>;
export type ClinicDetail = Narrow<Schemas["ClinicDetail"], { doctors: ClinicDoctor[] }>;

// The front desk (a clinic's admins and receptionists)
/** `GET /api/clinic`: the staff member's clinic, their role there and its doctors. */
export type StaffClinic = Schemas["DeskClinic"];
export type ClinicPatient = Schemas["DeskPatient"];
export type ClinicPatientPage = Schemas["DeskPatientPage"];
export type QueueState = Schemas["FrontDeskAppointment"]["queueState"];
/** A visit as the desk sees it: without its reason, health data the desk does not see. */
export type FrontDeskAppointment = Narrow<
  Schemas["FrontDeskAppointment"],
  { status: AppointmentStatus; consultationType: ConsultationType }
>;
export type ClinicQueue = Narrow<Schemas["Queue"], { items: FrontDeskAppointment[] }>;
export type ClinicCalendar = Narrow<Schemas["Calendar"], { items: FrontDeskAppointment[] }>;

// Analytics
export type Figures = Schemas["Figures"];
export type ClinicAnalytics = Schemas["ClinicAnalytics"];
export type DoctorAnalytics = Schemas["DoctorAnalytics"];
export type PlatformAnalytics = Schemas["PlatformAnalytics"];
export type PeriodFigures = Schemas["PeriodFigures"];
export type StaffMember = Schemas["StaffMember"];
export type StaffMemberPage = Schemas["StaffMemberPage"];
