import { useEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Pagination } from "@/components/pagination";
import { Panel } from "@/components/panel";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { cn } from "@/lib/cn";
import { pageCount } from "@/lib/paging";
import { useStatusMessage } from "@/lib/use-status-message";
import { mutationLabel } from "@/lib/use-online";
import type { ClinicSummary } from "@/types/api";
import { DOCTOR_CLINICS_PAGE_SIZE, useDoctorClinics } from "@/features/profile/api/get-doctor-clinics";
import { useLeaveClinic } from "@/features/profile/api/leave-clinic";

/** The clinics that list the signed-in doctor among their doctors, each of which they may leave. */
export function DoctorClinics({ userId }: { userId: number }) {
  const [page, setPage] = useState(1);
  const query = useDoctorClinics(userId, page);
  const leaveMutation = useLeaveClinic(userId);
  const status = useStatusMessage();
  const [leaving, setLeaving] = useState<ClinicSummary | null>(null);
  const [leaveError, setLeaveError] = useState<string | null>(null);
  // Once the clinic is left its row goes: focus moves to the outcome instead of the Leave button.
  const left = useRef(false);
  const data = query.data;
  const totalPages = data ? pageCount(data.total, data.pageSize, DOCTOR_CLINICS_PAGE_SIZE) : 1;

  // Leaving the last clinic of a later page leaves that page empty: show the one before.
  useEffect(() => {
    if (data && data.items.length === 0 && page > 1) setPage((current) => Math.max(1, current - 1));
  }, [data, page]);

  function ask(clinic: ClinicSummary) {
    left.current = false;
    setLeaveError(null);
    status.clear();
    setLeaving(clinic);
  }

  function confirm() {
    if (!leaving) return;
    const clinic = leaving;
    setLeaveError(null);
    leaveMutation.mutate(clinic.id, {
      onSuccess: () => {
        left.current = true;
        setLeaving(null);
        status.show({
          variant: "success",
          text: `You no longer practise at ${clinic.name}. Its front desk can no longer book your time.`,
        });
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 404) {
          // Left in another tab, or removed by the clinic, meanwhile: the list is refreshed.
          left.current = true;
          setLeaving(null);
          status.show({ variant: "info", text: `You were already no longer listed at ${clinic.name}.` });
          return;
        }
        setLeaveError(getErrorMessage(error));
      },
    });
  }

  return (
    <Panel
      title="Your clinics"
      description={
        <p>
          The clinics that list you among their doctors. Their front desk books your time and their admin can manage
          your schedule. If a clinic lists you by mistake, leave it.
        </p>
      }
    >
      <StatusMessageAlert ref={status.ref} message={status.message} />

      {query.isPending ? (
        <Spinner label="Loading your clinics…" className="justify-start py-2" />
      ) : query.isError && !data ? (
        <QueryErrorAlert
          title="We couldn't load your clinics."
          error={query.error}
          onRetry={() => void query.refetch()}
          isRetrying={query.isFetching}
        />
      ) : data && data.items.length === 0 && page === 1 ? (
        <p className="text-slate-700">You do not practise at any clinic on Clinic360.</p>
      ) : data ? (
        <>
          <ul
            role="list"
            aria-label="Your clinics"
            className={cn("divide-y divide-slate-100", query.isPlaceholderData && "opacity-60")}
          >
            {data.items.map((clinic) => (
              <li key={clinic.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0 space-y-0.5">
                  <Link
                    href={`/clinics/${clinic.id}`}
                    className="font-semibold break-words text-teal-800 underline underline-offset-2"
                  >
                    {clinic.name}
                  </Link>
                  <p className="text-sm break-words text-slate-700">
                    {[clinic.address, clinic.city].filter(Boolean).join(", ")}
                  </p>
                </div>
                <Button variant="secondary" disabled={leaveMutation.isPending} onClick={() => ask(clinic)}>
                  Leave<span className="sr-only"> {clinic.name}</span>
                </Button>
              </li>
            ))}
          </ul>
          <Pagination page={page} totalPages={totalPages} onPageChange={setPage} />
        </>
      ) : null}

      <ConfirmDialog
        open={leaving !== null}
        title={`Leave ${leaving?.name ?? "this clinic"}?`}
        confirmLabel="Leave"
        busyLabel={mutationLabel(leaveMutation, "Leaving…", "Leaving…")}
        busy={leaveMutation.isPending}
        error={leaveError}
        onConfirm={confirm}
        onClose={() => setLeaving(null)}
        focusAfterClose={() => (left.current ? status.ref.current : null)}
      >
        <p>
          Its front desk will no longer book your time and its admin will no longer manage your schedule. Visits
          already booked stay as they are.
        </p>
        <p>To practise there again, the clinic has to add you back.</p>
      </ConfirmDialog>
    </Panel>
  );
}
