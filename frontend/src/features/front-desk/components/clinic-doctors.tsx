import { useEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { Button, buttonClassName } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { TextField } from "@/components/text-field";
import { getErrorMessage } from "@/lib/api-client";
import { clinicDoctorSchedulePath } from "@/lib/paths";
import { useStatusMessage } from "@/lib/use-status-message";
import type { StaffClinic } from "@/types/api";
import { useAddClinicDoctor } from "@/features/front-desk/api/add-clinic-doctor";
import { useRemoveClinicDoctor } from "@/features/front-desk/api/remove-clinic-doctor";
import { useFindDoctors } from "@/features/front-desk/api/find-doctors";

type Doctor = StaffClinic["doctors"][number];

/** The clinic's doctors for its admin: their schedules, adding a listed doctor, removing one. */
export function ClinicDoctors({ clinic }: { clinic: StaffClinic }) {
  const status = useStatusMessage();
  const addDoctor = useAddClinicDoctor(clinic.id);
  const removeDoctor = useRemoveClinicDoctor(clinic.id);
  const [removing, setRemoving] = useState<Doctor | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  // Once removed, the doctor's Remove button goes: focus moves to the outcome instead.
  const removed = useRef(false);

  function add(doctorId: number, name: string) {
    status.clear();
    addDoctor.mutate(doctorId, {
      onSuccess: () => status.show({ variant: "success", text: `${name} now practises at ${clinic.name}.` }),
      onError: (error) => status.show({ variant: "error", text: getErrorMessage(error) }),
    });
  }

  function remove() {
    if (!removing) return;
    const doctor = removing;
    setRemoveError(null);
    removeDoctor.mutate(doctor.id, {
      onSuccess: () => {
        removed.current = true;
        setRemoving(null);
        status.show({ variant: "success", text: `${doctor.fullName} no longer practises at ${clinic.name}.` });
      },
      onError: (error) => setRemoveError(getErrorMessage(error)),
    });
  }

  return (
    <div className="space-y-4">
      <StatusMessageAlert ref={status.ref} message={status.message} />
      {clinic.doctors.length === 0 ? (
        <p className="text-slate-700">No doctors practise here yet.</p>
      ) : (
        <ul role="list" aria-label="Doctors of the clinic" className="divide-y divide-slate-100">
          {clinic.doctors.map((doctor) => (
            <li key={doctor.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <div>
                <Link href={`/doctors/${doctor.id}`} className="font-semibold text-slate-900 underline-offset-2 hover:underline">
                  {doctor.fullName}
                </Link>
                {doctor.specialty ? <p className="text-sm text-slate-700">{doctor.specialty}</p> : null}
              </div>
              <div className="flex gap-2">
                <Link href={clinicDoctorSchedulePath(doctor.id)} className={buttonClassName("secondary")}>
                  Edit schedule<span className="sr-only"> of {doctor.fullName}</span>
                </Link>
                <Button
                  variant="ghost"
                  onClick={() => {
                    removed.current = false;
                    setRemoveError(null);
                    setRemoving(doctor);
                  }}
                >
                  Remove<span className="sr-only"> {doctor.fullName}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <AddDoctor clinic={clinic} busy={addDoctor.isPending} onAdd={add} />
      <ConfirmDialog
        open={removing !== null}
        title="Remove this doctor from the clinic?"
        confirmLabel="Remove"
        busyLabel="Removing…"
        busy={removeDoctor.isPending}
        error={removeError}
        onConfirm={remove}
        onClose={() => setRemoving(null)}
        focusAfterClose={() => (removed.current ? status.ref.current : null)}
      >
        <p>
          {removing?.fullName} will no longer be listed at {clinic.name}, and the front desk can't book them. Visits
          already booked stay as they are.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function AddDoctor({
  clinic,
  busy,
  onAdd,
}: {
  clinic: StaffClinic;
  busy: boolean;
  onAdd: (doctorId: number, name: string) => void;
}) {
  const [draft, setDraft] = useState("");
  const [q, setQ] = useState("");
  const found = useFindDoctors(q);

  useEffect(() => {
    const timer = window.setTimeout(() => setQ(draft.trim()), 400);
    return () => window.clearTimeout(timer);
  }, [draft]);

  const here = new Set(clinic.doctors.map((doctor) => doctor.id));
  const results = q.length >= 2 ? (found.data?.items ?? []).filter((doctor) => !here.has(doctor.id)) : [];
  return (
    <div className="space-y-2 rounded-lg border border-slate-200 p-3">
      <TextField
        label="Add a doctor"
        name="doctorQuery"
        type="search"
        hint="Search the directory by the doctor's name."
        autoComplete="off"
        maxLength={200}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
      {q.length >= 2 && found.isSuccess && results.length === 0 ? (
        <p className="text-sm text-slate-700">No other listed doctor matches.</p>
      ) : null}
      {results.length > 0 ? (
        <ul role="list" aria-label="Doctors found" className="divide-y divide-slate-100">
          {results.map((doctor) => (
            <li key={doctor.id} className="flex items-center justify-between gap-2 py-2">
              <div>
                <p className="font-semibold text-slate-900">{doctor.fullName}</p>
                <p className="text-sm text-slate-700">
                  {[doctor.specialty?.name, doctor.city].filter(Boolean).join(" · ")}
                </p>
              </div>
              <Button variant="secondary" disabled={busy} onClick={() => onAdd(doctor.id, doctor.fullName)}>
                Add<span className="sr-only"> {doctor.fullName}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
