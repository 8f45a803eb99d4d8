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
};

export type DoctorCard = {
  id: number;
  fullName: string;
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
  photoUrl: string | null;
  rating: number | null;
  ratingCount: number;
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

export type DoctorProfile = {
  id: number;
  role: "doctor";
  fullName: string;
  email: string | null;
  phone: string | null;
  employeeId: string | null;
  verificationStatus: string | null;
  specialtyId: number | null;
  specialty: SpecialtyRef | null;
  facility: string | null;
  city: string | null;
  contact: string | null;
  bio: string | null;
  languages: string[];
  experienceYears: number | null;
  fee: string | null;
  currency: string;
  consultationTypes: ConsultationType[];
  availabilityStatus: AvailabilityStatus;
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
