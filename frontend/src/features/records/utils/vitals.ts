import type { Vitals } from "@/types/api";

export type VitalKey = keyof Vitals;

export type VitalField = {
  key: VitalKey;
  /** The form's label. */
  label: string;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer: boolean;
  step: string;
};

/** The vitals a record can hold, in the order shown, with the ranges the API accepts. */
export const vitalFields: readonly VitalField[] = [
  { key: "temperatureC", label: "Temperature (°C)", min: 25, max: 45, integer: false, step: "0.1" },
  { key: "pulse", label: "Pulse (bpm)", min: 20, max: 250, integer: true, step: "1" },
  { key: "systolic", label: "Blood pressure systolic", min: 50, max: 260, integer: true, step: "1" },
  { key: "diastolic", label: "Blood pressure diastolic", min: 30, max: 160, integer: true, step: "1" },
  { key: "respiratoryRate", label: "Respiratory rate (breaths/min)", min: 4, max: 80, integer: true, step: "1" },
  { key: "oxygenSaturation", label: "Oxygen saturation (%)", min: 50, max: 100, integer: true, step: "1" },
  { key: "weightKg", label: "Weight (kg)", min: 0.3, max: 400, integer: false, step: "0.1" },
  { key: "heightCm", label: "Height (cm)", min: 20, max: 260, integer: false, step: "0.1" },
];

function formatNumber(value: number): string {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(value);
}

function present(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** Vitals as label and reading, like ["Blood pressure", "120/80 mmHg"]; only those recorded. */
export function describeVitals(vitals: Vitals | null): Array<[string, string]> {
  if (!vitals) return [];
  const rows: Array<[string, string]> = [];
  if (present(vitals.temperatureC)) rows.push(["Temperature", `${formatNumber(vitals.temperatureC)} °C`]);
  if (present(vitals.pulse)) rows.push(["Pulse", `${formatNumber(vitals.pulse)} bpm`]);
  if (present(vitals.systolic) && present(vitals.diastolic)) {
    rows.push(["Blood pressure", `${formatNumber(vitals.systolic)}/${formatNumber(vitals.diastolic)} mmHg`]);
  } else if (present(vitals.systolic)) {
    rows.push(["Blood pressure (systolic)", `${formatNumber(vitals.systolic)} mmHg`]);
  } else if (present(vitals.diastolic)) {
    rows.push(["Blood pressure (diastolic)", `${formatNumber(vitals.diastolic)} mmHg`]);
  }
  if (present(vitals.respiratoryRate)) rows.push(["Respiratory rate", `${formatNumber(vitals.respiratoryRate)} breaths/min`]);
  if (present(vitals.oxygenSaturation)) rows.push(["Oxygen saturation", `${formatNumber(vitals.oxygenSaturation)}%`]);
  if (present(vitals.weightKg)) rows.push(["Weight", `${formatNumber(vitals.weightKg)} kg`]);
  if (present(vitals.heightCm)) rows.push(["Height", `${formatNumber(vitals.heightCm)} cm`]);
  return rows;
}

/** The problem with a typed reading, or null when it is fine (or empty). */
export function vitalProblem(field: VitalField, raw: string): string | null {
  const text = raw.trim();
  if (text === "") return null;
  const value = Number(text.replace(",", "."));
  if (!Number.isFinite(value)) return "Enter a number.";
  if (field.integer && !Number.isInteger(value)) return "Enter a whole number.";
  if (value < field.min || value > field.max) return `Enter a value from ${field.min} to ${field.max}.`;
  return null;
}

/** The typed readings as the API takes them; null when none was typed. */
export function vitalsFromInput(values: Readonly<Partial<Record<VitalKey, string>>>): Vitals | null {
  const vitals: Vitals = {};
  for (const field of vitalFields) {
    const text = values[field.key]?.trim() ?? "";
    if (text !== "") vitals[field.key] = Number(text.replace(",", "."));
  }
  return Object.keys(vitals).length > 0 ? vitals : null;
}
