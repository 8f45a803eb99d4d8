import { z } from "@/lib/zod";
import { orNull } from "@/lib/form";
import { optionalText, requiredText } from "@/lib/form-schema";
import type { NewPrescriptionItem, NewRecord } from "@/features/records/api/create-record";
import { vitalFields, vitalProblem, vitalsFromInput, type VitalKey } from "@/features/records/utils/vitals";

export type ItemValues = {
  /** Stable across removals, for React; not sent. */
  key: string;
  medication: string;
  dose: string;
  route: string;
  frequency: string;
  duration: string;
  instructions: string;
};

export type ItemField = Exclude<keyof ItemValues, "key">;

export const itemFields: ReadonlyArray<{ name: ItemField; label: string; required: boolean; max: number }> = [
  { name: "medication", label: "Medication", required: true, max: 200 },
  { name: "dose", label: "Dose", required: true, max: 100 },
  { name: "route", label: "Route", required: false, max: 60 },
  { name: "frequency", label: "Frequency", required: true, max: 100 },
  { name: "duration", label: "Duration", required: true, max: 100 },
  { name: "instructions", label: "Instructions", required: false, max: 500 },
];

/** Field names are the API's dotted paths ("vitals.pulse", "prescription.0.dose"), so server errors land on the right input. */
export type RecordFormValues = {
  diagnosis: string;
  notes: string;
  followUp: string;
  appointmentId: string;
  vitals: Record<VitalKey, string>;
  prescription: ItemValues[];
};

let itemCounter = 0;

export function emptyItem(): ItemValues {
  itemCounter += 1;
  return {
    key: `item-${itemCounter}`,
    medication: "",
    dose: "",
    route: "",
    frequency: "",
    duration: "",
    instructions: "",
  };
}

export function emptyRecordForm(): RecordFormValues {
  return {
    diagnosis: "",
    notes: "",
    followUp: "",
    appointmentId: "",
    vitals: Object.fromEntries(vitalFields.map((field) => [field.key, ""])) as Record<VitalKey, string>,
    prescription: [],
  };
}

function isBlankItem(item: ItemValues): boolean {
  return itemFields.every((field) => item[field.name].trim() === "");
}

const emptyItemMessages: Record<ItemField, string> = {
  medication: "Enter the medication.",
  dose: "Enter the dose.",
  route: "",
  frequency: "Enter how often to take it.",
  duration: "Enter for how long.",
  instructions: "",
};

const itemSchema = z.object(
  Object.fromEntries(
    itemFields.map((field) => [
      field.name,
      field.required ? requiredText(field.max, emptyItemMessages[field.name]) : optionalText(field.max),
    ]),
  ) as Record<ItemField, z.ZodString>,
);

const vitalsSchema = z.object(
  Object.fromEntries(
    vitalFields.map((field) => [
      field.key,
      z.string().superRefine((value, ctx) => {
        const problem = vitalProblem(field, value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    ]),
  ) as Record<VitalKey, z.ZodString>,
);

export const recordFormSchema = z.object({
  diagnosis: requiredText(2000, "Enter the diagnosis."),
  notes: optionalText(10_000),
  followUp: optionalText(2000),
  appointmentId: z.string(),
  vitals: vitalsSchema,
  prescription: z.array(itemSchema).max(30, "Prescribe at most 30 medicines in one record."),
});

/** The form without rows left entirely blank (an "Add medication" not filled in). */
export function withoutBlankItems(values: RecordFormValues): RecordFormValues {
  return { ...values, prescription: values.prescription.filter((item) => !isBlankItem(item)) };
}

export function recordFieldOrder(values: RecordFormValues): string[] {
  return [
    "diagnosis",
    "notes",
    ...vitalFields.map((field) => `vitals.${field.key}`),
    "followUp",
    "appointmentId",
    ...values.prescription.flatMap((_, index) => itemFields.map((field) => `prescription.${index}.${field.name}`)),
  ];
}

export const recordFieldLabels: Partial<Record<string, string>> = {
  patientId: "Patient",
  vitals: "Vitals",
  prescription: "Prescription",
};

export function recordInput(patientId: number, values: RecordFormValues): NewRecord {
  const vitals = vitalsFromInput(values.vitals);
  const items: NewPrescriptionItem[] = values.prescription.map((item) => ({
    medication: item.medication.trim(),
    dose: item.dose.trim(),
    route: orNull(item.route),
    frequency: item.frequency.trim(),
    duration: item.duration.trim(),
    instructions: orNull(item.instructions),
  }));
  return {
    patientId,
    diagnosis: values.diagnosis.trim(),
    notes: orNull(values.notes),
    followUp: orNull(values.followUp),
    ...(values.appointmentId ? { appointmentId: Number(values.appointmentId) } : {}),
    ...(vitals ? { vitals } : {}),
    ...(items.length > 0 ? { prescription: items } : {}),
  };
}
