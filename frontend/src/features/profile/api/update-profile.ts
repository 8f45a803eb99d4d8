import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type {
  AvailabilityStatus,
  ConsultationType,
  EmergencyContact,
  PregnancyStage,
  Profile,
  Sex,
} from "@/types/api";
import { getProfileQueryOptions } from "@/features/profile/api/get-profile";

/** Only the fields sent are changed; null clears an optional field. */
export type PatientProfileUpdate = Partial<{
  fullName: string;
  email: string | null;
  phone: string | null;
  dateOfBirth: string | null;
  sex: Sex | null;
  allergies: string | null;
  chronicConditions: string | null;
  currentMedications: string | null;
  pregnancyStage: PregnancyStage | null;
  emergencyContact: EmergencyContact | null;
}>;

export type DoctorProfileUpdate = Partial<{
  fullName: string;
  phone: string | null;
  specialtyId: number | null;
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
}>;

export type ProfileUpdate = PatientProfileUpdate | DoctorProfileUpdate;

export function updateProfile(input: ProfileUpdate): Promise<Profile> {
  return api.put<Profile>("/api/profile", input);
}

export function useUpdateProfile(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (profile) => {
      queryClient.setQueryData(getProfileQueryOptions(userId).queryKey, profile);
      // The header shows the user's name; the directory shows doctors' details.
      void queryClient.invalidateQueries({ queryKey: queryKeys.user });
      if (profile.role === "doctor") {
        void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
      }
    },
  });
}
