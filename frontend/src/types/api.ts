export type Role = "patient" | "doctor" | "admin";

export type PregnancyStage =
  | "not_pregnant"
  | "first_trimester"
  | "second_trimester"
  | "third_trimester"
  | "postpartum";

export type User = {
  id: number;
  fullName: string;
  email: string | null;
  phone: string | null;
  role: Role;
  isActive?: boolean;
  createdAt: string;
  dateOfBirth?: string | null;
  allergies?: string | null;
  pregnancyStage?: PregnancyStage | null;
  employeeId?: string | null;
  specialty?: string | null;
  verificationStatus?: string | null;
};

export type FieldErrors = Partial<Record<string, string[]>>;
