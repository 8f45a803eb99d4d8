import type { PregnancyStage, Sex } from "@/types/api";

export const pregnancyStageOptions = [
  { value: "not_pregnant", label: "Not pregnant" },
  { value: "first_trimester", label: "First trimester" },
  { value: "second_trimester", label: "Second trimester" },
  { value: "third_trimester", label: "Third trimester" },
  { value: "postpartum", label: "Postpartum" },
] as const satisfies ReadonlyArray<{ value: PregnancyStage; label: string }>;

export const pregnancyStages = pregnancyStageOptions.map((option) => option.value) as [
  PregnancyStage,
  ...PregnancyStage[],
];

export const sexOptions = [
  { value: "prefer_not_to_say", label: "Prefer not to say" },
  { value: "female", label: "Female" },
  { value: "male", label: "Male" },
  { value: "intersex", label: "Intersex" },
] as const satisfies ReadonlyArray<{ value: Sex; label: string }>;

export const sexes = sexOptions.map((option) => option.value) as [Sex, ...Sex[]];
