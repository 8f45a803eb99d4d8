import { useRef, useState, type FormEvent } from "react";
import { Badge } from "@/components/badge";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Pagination } from "@/components/pagination";
import { EmailField, FullNameField, PhoneField } from "@/components/person-fields";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { FormErrorAlert } from "@/components/form-error-alert";
import { getErrorMessage } from "@/lib/api-client";
import { splitServerError, type FormError } from "@/lib/form";
import { pageCount } from "@/lib/paging";
import { mutationLabel } from "@/lib/use-online";
import { useStatusMessage } from "@/lib/use-status-message";
import type { FieldErrors, StaffClinic, StaffMember } from "@/types/api";
import { useAddReceptionist } from "@/features/front-desk/api/add-staff";
import { STAFF_PAGE_SIZE, useStaff } from "@/features/front-desk/api/get-staff";
import { useRemoveStaff } from "@/features/front-desk/api/remove-staff";

const roleLabels = { clinic_admin: "Clinic admin", receptionist: "Receptionist" } as const;

/**
 * The clinic's staff for its admin, adding a receptionist (mailed a link to set a password) and
 * removing one (their account is closed and signed out). `viewerId` is the signed-in admin.
 */
export function StaffPanel({ clinic, viewerId }: { clinic: StaffClinic; viewerId: number }) {
  const [page, setPage] = useState(1);
  const staff = useStaff(clinic.id, page);
  const removeMember = useRemoveStaff(clinic.id);
  const status = useStatusMessage();
  const [removing, setRemoving] = useState<StaffMember | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  // Once removed, the member's Remove button goes: focus moves to the outcome instead.
  const removed = useRef(false);

  // A clinic's admin removes its active receptionists: never another admin, never themselves.
  function canRemove(member: StaffMember) {
    return member.isActive && member.role === "receptionist" && member.id !== viewerId;
  }

  function ask(member: StaffMember) {
    removed.current = false;
    setRemoveError(null);
    status.clear();
    setRemoving(member);
  }

  function confirm() {
    if (!removing) return;
    const member = removing;
    setRemoveError(null);
    removeMember.mutate(member.id, {
      onSuccess: () => {
        removed.current = true;
        setRemoving(null);
        status.show({
          variant: "success",
          text: `${member.fullName} no longer works at ${clinic.name}: their account is closed and they are signed out.`,
        });
      },
      onError: (error) => setRemoveError(getErrorMessage(error)),
    });
  }

  return (
    <div className="space-y-4">
      <StatusMessageAlert ref={status.ref} message={status.message} />
      {staff.isPending ? (
        <Spinner label="Loading the staff…" className="py-6" />
      ) : staff.isError && !staff.data ? (
        <QueryErrorAlert
          title="We couldn't load the staff."
          error={staff.error}
          onRetry={() => void staff.refetch()}
          isRetrying={staff.isFetching}
        />
      ) : staff.data ? (
        <>
          <ul role="list" aria-label="Staff" className="divide-y divide-slate-100">
            {staff.data.items.map((member) => (
              <li key={member.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <div className="min-w-0">
                  <p className="font-semibold text-slate-900">{member.fullName}</p>
                  <p className="truncate text-sm text-slate-700">{[member.email, member.phone].filter(Boolean).join(" · ")}</p>
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  <p className="text-sm text-slate-700">{roleLabels[member.role]}</p>
                  {member.isActive ? null : <Badge tone="slate">Account closed</Badge>}
                  {canRemove(member) ? (
                    <Button variant="ghost" disabled={removeMember.isPending} onClick={() => ask(member)}>
                      Remove<span className="sr-only"> {member.fullName}</span>
                    </Button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
          <Pagination
            page={page}
            totalPages={pageCount(staff.data.total, staff.data.pageSize, STAFF_PAGE_SIZE)}
            onPageChange={setPage}
            disabled={staff.isFetching}
          />
        </>
      ) : null}
      <AddReceptionist clinicId={clinic.id} />
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.fullName ?? "this member"} from ${clinic.name}?`}
        confirmLabel="Remove"
        busyLabel={mutationLabel(removeMember, "Removing…", "Removing…")}
        busy={removeMember.isPending}
        error={removeError}
        onConfirm={confirm}
        onClose={() => setRemoving(null)}
        focusAfterClose={() => (removed.current ? status.ref.current : null)}
      >
        <p>Their account is closed and they are signed out everywhere.</p>
      </ConfirmDialog>
    </div>
  );
}

function AddReceptionist({ clinicId }: { clinicId: number }) {
  const add = useAddReceptionist(clinicId);
  const status = useStatusMessage();
  const [values, setValues] = useState({ fullName: "", email: "", phone: "" });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FormError | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (add.isPending) return;
    status.clear();
    const errors: FieldErrors = {};
    if (!values.fullName.trim()) errors.fullName = ["Enter their name."];
    if (!values.email.trim()) errors.email = ["Enter their email address: the link to set a password goes there."];
    setFieldErrors(errors);
    setFormError(null);
    if (errors.fullName || errors.email) return;
    add.mutate(
      {
        fullName: values.fullName.trim(),
        email: values.email.trim(),
        ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
      },
      {
        onSuccess: (member) => {
          setValues({ fullName: "", email: "", phone: "" });
          status.show({ variant: "success", text: `${member.fullName} was added and mailed a link to set a password.` });
        },
        onError: (error) => {
          const result = splitServerError(error, ["fullName", "email", "phone"]);
          setFieldErrors(result.fieldErrors);
          setFormError(result.formError);
        },
      },
    );
  }

  return (
    <form noValidate onSubmit={handleSubmit} aria-label="Add a receptionist" className="space-y-3 rounded-lg border border-slate-200 p-3">
      <h3 className="font-semibold text-slate-900">Add a receptionist</h3>
      <StatusMessageAlert ref={status.ref} message={status.message} />
      {formError ? <FormErrorAlert error={formError} /> : null}
      <fieldset className="grid gap-3 sm:grid-cols-3" disabled={add.isPending}>
        <FullNameField
          name="fullName"
          value={values.fullName}
          onChange={(event) => setValues({ ...values, fullName: event.target.value })}
          errors={fieldErrors.fullName}
          autoComplete="off"
        />
        <EmailField
          name="email"
          value={values.email}
          onChange={(event) => setValues({ ...values, email: event.target.value })}
          errors={fieldErrors.email}
          autoComplete="off"
        />
        <PhoneField
          name="phone"
          hint="Optional."
          value={values.phone}
          onChange={(event) => setValues({ ...values, phone: event.target.value })}
          errors={fieldErrors.phone}
          autoComplete="off"
        />
      </fieldset>
      <Button type="submit" disabled={add.isPending}>
        {mutationLabel(add, "Add receptionist", "Adding…")}
      </Button>
    </form>
  );
}
