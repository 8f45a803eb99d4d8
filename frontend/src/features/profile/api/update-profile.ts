import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { DoctorProfile, PatientProfile, Profile } from "@/types/api";
import { getProfileQueryOptions } from "@/features/profile/api/get-profile";

/** Only the fields sent are changed; null clears an optional field. */
export type PatientProfileUpdate = Partial<
  Pick<
    PatientProfile,
    | "fullName"
    | "email"
    | "phone"
    | "dateOfBirth"
    | "sex"
    | "allergies"
    | "chronicConditions"
    | "currentMedications"
    | "pregnancyStage"
    | "emergencyContact"
  >
>;

export type DoctorProfileUpdate = Partial<
  Pick<
    DoctorProfile,
    | "fullName"
    | "phone"
    | "specialtyId"
    | "facility"
    | "city"
    | "contact"
    | "bio"
    | "languages"
    | "experienceYears"
    | "fee"
    | "consultationTypes"
    | "availabilityStatus"
  >
>;

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
