import { useEffect, useRef, useState } from "react";
import { Link, useSearch } from "wouter";
import { Alert } from "@/components/alert";
import { buttonClassName } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { Spinner } from "@/components/spinner";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { formatMoney } from "@/lib/money";
import { useDocumentTitle } from "@/lib/use-document-title";
import { useRefreshPayment } from "@/features/payments/api/refresh-payment";
import type { PaymentDetail } from "@/features/payments/types";

/** How often and how long the page asks the server to check the payment with the provider. */
const POLL_INTERVAL_MS = 2000;
const POLL_TIMEOUT_MS = 30_000;

const SETTLED = new Set(["paid", "refunded", "partially_refunded"]);

type Outcome = "checking" | "paid" | "pending" | "cancelled" | "failed";

function outcomeOf(detail: PaymentDetail): Outcome | null {
  if (SETTLED.has(detail.status)) return "paid";
  const latest = detail.payments.reduce<PaymentDetail["payments"][number] | null>(
    (last, payment) => (last === null || payment.id > last.id ? payment : last),
    null,
  );
  if (latest && (latest.status === "expired" || latest.status === "failed")) return "cancelled";
  if (detail.status === "not_required") return "cancelled";
  return null;
}

function appointmentIdFrom(search: string): number | null {
  const id = Number(new URLSearchParams(search).get("appointment"));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** Where the provider sends the patient after the checkout: waits for the payment to settle. */
export function PaymentReturnRoute() {
  useDocumentTitle("Payment");
  const appointmentId = appointmentIdFrom(useSearch());
  if (appointmentId === null) {
    return (
      <div className="mx-auto max-w-xl space-y-6 py-2 sm:py-4">
        <PageHeader title="Payment" />
        <Alert title="We couldn't tell which appointment this payment is for">
          <Link href="/appointments" className="font-semibold underline">
            Go to your appointments
          </Link>
        </Alert>
      </div>
    );
  }
  return <PaymentReturn key={appointmentId} appointmentId={appointmentId} />;
}

function PaymentReturn({ appointmentId }: { appointmentId: number }) {
  const refresh = useRefreshPayment(appointmentId);
  const { mutateAsync } = refresh;
  const [outcome, setOutcome] = useState<Outcome>("checking");
  const [detail, setDetail] = useState<PaymentDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const deadline = Date.now() + POLL_TIMEOUT_MS;
    let lastFailure: unknown = null;
    setOutcome("checking");
    setError(null);

    async function check() {
      try {
        const answer = await mutateAsync();
        if (stopped) return;
        lastFailure = null;
        setDetail(answer);
        const settled = outcomeOf(answer);
        if (settled) {
          setOutcome(settled);
          return;
        }
      } catch (failure) {
        if (stopped) return;
        if (failure instanceof ApiError && failure.status >= 400 && failure.status < 500) {
          setError(failure);
          setOutcome("failed");
          return;
        }
        // A network error or a 5xx: try again, and tell it if it is still so at the end.
        lastFailure = failure;
      }
      if (Date.now() >= deadline) {
        setError(lastFailure);
        setOutcome("pending");
        return;
      }
      timer = window.setTimeout(() => void check(), POLL_INTERVAL_MS);
    }

    void check();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [mutateAsync, round]);

  useEffect(() => {
    if (outcome !== "checking") headingRef.current?.focus();
  }, [outcome]);

  const price = detail?.price ?? null;
  const appointmentLink = (
    <Link href={`/appointments/${appointmentId}`} className={buttonClassName("primary")}>
      View the appointment
    </Link>
  );

  return (
    <div className="mx-auto max-w-xl space-y-6 py-2 sm:py-4">
      <PageHeader title="Payment" />
      {/* No live region: each outcome's heading takes the focus, which announces it once. */}
      <div className="space-y-4">
        {outcome === "checking" ? <Spinner label="Checking your payment…" className="justify-start" /> : null}
        {outcome === "paid" ? (
          <div className="space-y-2">
            <h2 ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-emerald-900">
              Paid
            </h2>
            <p className="text-slate-700">
              {price ? `Thank you: ${formatMoney(price)} was paid.` : "Thank you: your payment was received."} The
              invoice is on the appointment and in your invoices.
            </p>
          </div>
        ) : null}
        {outcome === "pending" ? (
          <div className="space-y-2">
            <h2 ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-amber-900">
              Payment pending
            </h2>
            <p className="text-slate-700">
              The payment provider has not confirmed your payment yet. This can take a few minutes; the appointment
              shows it once it is confirmed.
            </p>
            {error ? (
              <p className="text-slate-700">
                <span className="font-semibold">The last check did not get through:</span> {getErrorMessage(error)}
              </p>
            ) : null}
          </div>
        ) : null}
        {outcome === "cancelled" ? (
          <div className="space-y-2">
            <h2 ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-slate-900">
              Payment cancelled
            </h2>
            <p className="text-slate-700">Nothing was charged. You can pay from the appointment.</p>
          </div>
        ) : null}
        {outcome === "failed" ? (
          <div className="space-y-2">
            <h2 ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-red-900">
              We couldn't check this payment
            </h2>
            <p className="text-slate-700">{getErrorMessage(error)}</p>
          </div>
        ) : null}
      </div>
      <div className="flex flex-col gap-3 sm:flex-row">
        {appointmentLink}
        {outcome === "pending" || outcome === "failed" ? (
          <button type="button" className={buttonClassName("secondary")} onClick={() => setRound((n) => n + 1)}>
            Check again
          </button>
        ) : null}
        <Link href="/invoices" className={buttonClassName("secondary")}>
          Your invoices
        </Link>
      </div>
    </div>
  );
}
