import { useState } from "react";
import type { Validation } from "@/lib/form";
import { useMutationForm } from "@/lib/use-mutation-form";
import type { Profile } from "@/types/api";
import { useUpdateProfile, type ProfileUpdate } from "@/features/profile/api/update-profile";

export type PreparedUpdate = Validation<ProfileUpdate>;

export type SaveStatus = "saved" | "unchanged" | null;

type UseProfileFormOptions<V extends object> = {
  userId: number;
  initialValues: V;
  /** Fields shown right now, in the order they appear. */
  visibleFields: (values: V) => readonly string[];
  fieldLabels: Partial<Record<string, string>>;
  /** Validates the values and works out what changed. */
  prepare: (values: V) => PreparedUpdate;
  /** The form values for the profile the server sent back after saving. */
  valuesFrom: (profile: Profile) => V | null;
};

export function useProfileForm<V extends object>({
  userId,
  initialValues,
  visibleFields,
  fieldLabels,
  prepare,
  valuesFrom,
}: UseProfileFormOptions<V>) {
  const [status, setStatus] = useState<SaveStatus>(null);
  const mutation = useUpdateProfile(userId);
  const form = useMutationForm({
    initialValues,
    visibleFields,
    fieldLabels,
    validate: prepare,
    mutation,
    onEdit: () => setStatus(null),
    shouldSend: (update) => {
      const changed = Object.keys(update).length > 0;
      setStatus(changed ? null : "unchanged");
      return changed;
    },
    onSuccess: () => setStatus("saved"),
    valuesAfter: valuesFrom,
  });

  return { ...form, status };
}
