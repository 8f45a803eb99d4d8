import { DetailRow } from "@/components/detail-row";
import { pregnancyStageOptions, sexOptions } from "@/lib/patient-attributes";
import type { PatientChart } from "@/types/api";

const NOT_RECORDED = "Not recorded";

type HealthBasicsProps = {
  patient: PatientChart["patient"];
};

/** What the patient has told Clinic360 about their health, from their profile. */
export function HealthBasics({ patient }: HealthBasicsProps) {
  const sex = sexOptions.find((option) => option.value === patient.sex)?.label;
  const pregnancy = pregnancyStageOptions.find((option) => option.value === patient.pregnancyStage)?.label;
  const contact = patient.emergencyContact;
  return (
    <dl className="divide-y divide-slate-100">
      <DetailRow term="Age">
        {patient.age !== null ? `${patient.age} years` : NOT_RECORDED}
        {patient.dateOfBirth ? <span className="text-slate-600"> (born {patient.dateOfBirth})</span> : null}
      </DetailRow>
      <DetailRow term="Sex">{sex ?? NOT_RECORDED}</DetailRow>
      <DetailRow term="Allergies"><MultiLine text={patient.allergies} /></DetailRow>
      <DetailRow term="Chronic conditions"><MultiLine text={patient.chronicConditions} /></DetailRow>
      <DetailRow term="Current medications"><MultiLine text={patient.currentMedications} /></DetailRow>
      {patient.sex !== "male" ? <DetailRow term="Pregnancy stage">{pregnancy ?? NOT_RECORDED}</DetailRow> : null}
      <DetailRow term="Emergency contact">
        {contact ? (
          <>
            {contact.name}
            {contact.relationship ? ` (${contact.relationship})` : ""} ·{" "}
            <a href={`tel:${contact.phone}`} className="font-medium text-teal-800 underline underline-offset-2">
              {contact.phone}
            </a>
          </>
        ) : (
          NOT_RECORDED
        )}
      </DetailRow>
    </dl>
  );
}

function MultiLine({ text }: { text: string | null }) {
  return text ? <span className="whitespace-pre-line">{text}</span> : <>None recorded</>;
}
