import { useId, useRef, useState } from "react";
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
const CLOSED = new Set(["cancelled", "no_show"]);

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
  const owed = OWED.has(payment.status) && !CLOSED.has(appointment.status);
  const left = { amount: price.amount - payment.refundedAmount, currency: price.currency };

  return (
    <section aria-labelledby={headingId} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id={headingId} className="text-lg font-semibold text-slate-900">
        Payment
      </h2>
      <dl className="divide-y divide-slate-100">
        <DetailRow term="Price">{formatMoney(price)}</DetailRow>
        <DetailRow term="Payment status">
          <span aria-live="polite">
            <PaymentStatusBadge status={payment.status} />
          </span>
        </DetailRow>
        {payment.paidAt ? (
          <DetailRow term="Paid on">
            <time dateTime={payment.paidAt}>{formatDateTime(payment.paidAt, zone)}</time>
          </DetailRow>
        ) : null}
        {payment.refundedAmount > 0 ? (
          <DetailRow term="Refunded">{formatMoney({ amount: payment.refundedAmount, currency: price.currency })}</DetailRow>
        ) : null}
        {owed && payment.due ? <DetailRow term="Payment due">{dueLabels[payment.due] ?? payment.due}</DetailRow> : null}
      </dl>

      {cancelledCheckout && owed && viewer === "patient" ? (
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
        <PayButton appointmentId={appointment.id} label={`Pay ${formatMoney(price)}`} onNotice={announce} />
      ) : null}
      {owed && viewer === "doctor" ? <RecordCashButton appointmentId={appointment.id} onNotice={announce} /> : null}
      {viewer === "doctor" && REFUNDABLE.has(payment.status) && left.amount > 0 ? (
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
      ) : null}
      {detail.isError ? <Alert>{getErrorMessage(detail.error)}</Alert> : null}
    </section>
  );
}

type NoticeFn = (variant: "success" | "info" | "error", message: string) => void;

function PayButton({ appointmentId, label, onNotice }: { appointmentId: number; label: string; onNotice: NoticeFn }) {
  const checkout = useStartCheckout(appointmentId);
  // Until the browser has left for the checkout page, the button stays busy.
  const busy = checkout.isPending || checkout.isSuccess;
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
