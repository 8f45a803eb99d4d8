import { useEffect, useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { useSearch } from "wouter";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DetailRow } from "@/components/detail-row";
import { PaymentStatusBadge } from "@/components/payment-status-badge";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { browserTimeZone, formatDateTime } from "@/lib/datetime";
import { formatMoney } from "@/lib/money";
import { usePayment } from "@/features/payments/api/get-payment";
import { useRecordCash } from "@/features/payments/api/record-cash";
import { useStartCheckout } from "@/features/payments/api/start-checkout";
import { InvoiceLinks, RefundList } from "@/features/payments/components/payment-lists";
import { RefundForm } from "@/features/payments/components/refund-form";
import type { PricedAppointment } from "@/features/payments/types";

type AppointmentPaymentProps = {
  appointment: PricedAppointment;
  viewer: "patient" | "doctor";
};

const OWED = new Set(["unpaid", "pending"]);
const REFUNDABLE = new Set(["paid", "partially_refunded"]);
/** Visits that can be paid whenever the payment is due. */
const OPEN = new Set(["pending", "confirmed"]);
/** Visits that are over: payable only when the price is due after the visit. */
const OVER = new Set(["completed", "no_show"]);

/** The server's rule for paying and recording cash: an unpaid price of a visit still open, or over with payment due after it. */
function canPay(appointmentStatus: string, paymentStatus: string, due: string | null | undefined): boolean {
  if (!OWED.has(paymentStatus)) return false;
  return OPEN.has(appointmentStatus) || (OVER.has(appointmentStatus) && due === "after_visit");
}

const dueLabels: Record<string, string> = {
  before_confirm: "Before the doctor confirms",
  after_visit: "After the visit",
};

/** The price of a visit, whether it is paid, and what the patient or the doctor can do about it. */
export function AppointmentPayment({ appointment, viewer }: AppointmentPaymentProps) {
  const headingId = useId();
  const { price, payment } = appointment;
  const priced = payment.status !== "not_required" && price !== null;
  const detail = usePayment(appointment.id, { enabled: priced });
  const cancelledCheckout = new URLSearchParams(useSearch()).get("payment") === "cancelled";
  const [notice, setNotice] = useState<{ variant: "success" | "info" | "error"; message: string } | null>(null);
  const [refunding, setRefunding] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  const refundButtonRef = useRef<HTMLButtonElement>(null);

  if (!priced || price === null) return null;

  function announce(variant: "success" | "info" | "error", message: string) {
    flushSync(() => setNotice({ variant, message }));
    noticeRef.current?.focus();
  }

  const zone = browserTimeZone();
  // The payment detail is fresher than the appointment's summary once it is loaded.
  const status = detail.data?.status ?? payment.status;
  const paidAt = detail.data ? detail.data.paidAt : payment.paidAt;
  const refundedAmount = detail.data?.refundedAmount ?? payment.refundedAmount;
  const due = detail.data ? detail.data.due : payment.due;
  const online = payment.online ?? true;
  const owed = canPay(appointment.status, status, due);
  const paid = detail.data?.payments.find((attempt) => attempt.status === "paid") ?? null;
  const left = paid ? { amount: paid.amount.amount - paid.refundedAmount, currency: paid.amount.currency } : null;

  return (
    <section aria-labelledby={headingId} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id={headingId} className="text-lg font-semibold text-slate-900">
        Payment
      </h2>
      <dl className="divide-y divide-slate-100">
        <DetailRow term="Price">{formatMoney(price)}</DetailRow>
        <DetailRow term="Payment status">
          <span aria-live="polite">
            <PaymentStatusBadge status={status} />
          </span>
        </DetailRow>
        {paidAt ? (
          <DetailRow term="Paid on">
            <time dateTime={paidAt}>{formatDateTime(paidAt, zone)}</time>
          </DetailRow>
        ) : null}
        {refundedAmount > 0 ? (
          <DetailRow term="Refunded">{formatMoney({ amount: refundedAmount, currency: price.currency })}</DetailRow>
        ) : null}
        {owed && due ? <DetailRow term="Payment due">{dueLabels[due] ?? due}</DetailRow> : null}
      </dl>

      {cancelledCheckout && owed && online && viewer === "patient" ? (
        <Alert variant="info" title="Payment cancelled">
          You left the payment page without paying. You can pay whenever you are ready.
        </Alert>
      ) : null}
      {notice ? (
        <Alert ref={noticeRef} variant={notice.variant}>
          {notice.message}
        </Alert>
      ) : null}

      {owed && viewer === "patient" ? (
        online ? (
          <PayButton appointmentId={appointment.id} label={`Pay ${formatMoney(price)}`} onNotice={announce} />
        ) : (
          <p className="text-slate-700">Paid at the clinic.</p>
        )
      ) : null}
      {owed && viewer === "doctor" ? <RecordCashButton appointmentId={appointment.id} onNotice={announce} /> : null}
      {viewer === "doctor" && REFUNDABLE.has(status) && left !== null && left.amount > 0 ? (
        refunding ? (
          <RefundForm
            appointmentId={appointment.id}
            left={left}
            onDone={(message) => {
              setRefunding(false);
              announce("success", message);
            }}
            onCancel={() => {
              flushSync(() => setRefunding(false));
              refundButtonRef.current?.focus();
            }}
          />
        ) : (
          <Button ref={refundButtonRef} variant="secondary" onClick={() => setRefunding(true)}>
            Refund
          </Button>
        )
      ) : null}

      {detail.data ? (
        <>
          <RefundList refunds={detail.data.refunds} />
          <InvoiceLinks invoices={detail.data.invoices} />
        </>
      ) : detail.isPending && !OWED.has(status) ? (
        // Keeps the room the refunds and invoices take while they load, so nothing below jumps.
        <div aria-hidden="true" className="space-y-2">
          <div className="h-5 w-24 animate-pulse rounded bg-slate-100" />
          <div className="h-11 w-64 max-w-full animate-pulse rounded bg-slate-100" />
        </div>
      ) : null}
      {detail.isError ? <Alert>{getErrorMessage(detail.error)}</Alert> : null}
    </section>
  );
}

type NoticeFn = (variant: "success" | "info" | "error", message: string) => void;

function PayButton({ appointmentId, label, onNotice }: { appointmentId: number; label: string; onNotice: NoticeFn }) {
  const checkout = useStartCheckout(appointmentId);
  const { reset } = checkout;
  // Until the browser has left for the checkout page, the button stays busy.
  const busy = checkout.isPending || checkout.isSuccess;
  // Back from the checkout page, the browser may show this page from its back/forward cache,
  // with the mutation still "successful": the button is usable again.
  useEffect(() => {
    function onPageShow(event: PageTransitionEvent) {
      if (event.persisted) reset();
    }
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, [reset]);
  return (
    <Button
      onClick={() =>
        checkout.mutate(undefined, {
          onError: (error) => {
            if (error instanceof ApiError && error.code === "pay_at_clinic") {
              onNotice("info", "This visit is paid at the clinic.");
            } else {
              onNotice("error", getErrorMessage(error));
            }
          },
        })
      }
      disabled={busy}
    >
      {busy ? "Opening the payment page…" : label}
    </Button>
  );
}

function RecordCashButton({ appointmentId, onNotice }: { appointmentId: number; onNotice: NoticeFn }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const cash = useRecordCash(appointmentId);
  return (
    <>
      <Button ref={buttonRef} variant="secondary" onClick={() => setOpen(true)}>
        Record cash payment
      </Button>
      <ConfirmDialog
        open={open}
        title="Record cash payment"
        confirmLabel="Record payment"
        busyLabel="Recording…"
        busy={cash.isPending}
        error={cash.isError ? getErrorMessage(cash.error) : null}
        onConfirm={() =>
          cash.mutate(undefined, {
            onSuccess: () => {
              setOpen(false);
              onNotice("success", "Cash payment recorded. The receipt is in the invoices.");
            },
          })
        }
        onClose={() => {
          cash.reset();
          setOpen(false);
        }}
        focusAfterClose={() => buttonRef.current}
      >
        <p>Record that the patient paid the full price in cash. An invoice is issued as the receipt.</p>
      </ConfirmDialog>
    </>
  );
}
