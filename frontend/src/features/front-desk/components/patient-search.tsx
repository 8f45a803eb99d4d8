import { useEffect, useState } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { getErrorMessage } from "@/lib/api-client";
import { cn } from "@/lib/cn";
import type { ClinicPatient } from "@/types/api";
import { MIN_PATIENT_QUERY, useSearchPatients } from "@/features/front-desk/api/search-patients";

const SEARCH_DEBOUNCE_MS = 400;

type PatientSearchProps = {
  onChoose: (patient: ClinicPatient) => void;
  errors?: string[];
};

/** Finds a patient of the clinic by name, phone or email (anyone by exact phone or email). */
export function PatientSearch({ onChoose, errors }: PatientSearchProps) {
  const [draft, setDraft] = useState("");
  const [q, setQ] = useState("");
  const search = useSearchPatients(q);

  useEffect(() => {
    const timer = window.setTimeout(() => setQ(draft.trim()), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [draft]);

  const results = q.length >= MIN_PATIENT_QUERY ? search.data : undefined;
  return (
    <div className="space-y-2">
      <TextField
        label="Search patients"
        name="patientQuery"
        type="search"
        hint="Name, phone or email. Other clinics' patients are found only by their exact phone or email."
        autoComplete="off"
        maxLength={200}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        errors={errors}
      />
      {search.isError && q.length >= MIN_PATIENT_QUERY ? (
        <p role="alert" className="text-sm text-red-800">
          {getErrorMessage(search.error)}
        </p>
      ) : null}
      {results ? (
        results.items.length === 0 ? (
          <p className="text-sm text-slate-700">No patient matches. Enter them as a new patient.</p>
        ) : (
          <ul role="list" aria-label="Patients found" className={cn("divide-y divide-slate-100 rounded-lg border border-slate-200", search.isPlaceholderData && "opacity-60")}>
            {results.items.map((patient) => (
              <li key={patient.id} className="flex items-center justify-between gap-3 px-3 py-2">
                <div className="min-w-0">
                  <p className="font-semibold text-slate-900">{patient.fullName}</p>
                  <p className="truncate text-sm text-slate-700">
                    {[patient.phone, patient.email, patient.dateOfBirth].filter(Boolean).join(" · ")}
                  </p>
                </div>
                <Button variant="secondary" onClick={() => onChoose(patient)}>
                  Choose<span className="sr-only"> {patient.fullName}</span>
                </Button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
