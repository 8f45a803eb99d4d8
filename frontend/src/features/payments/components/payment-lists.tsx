import { useId } from "react";
import { browserTimeZone, formatDateTime } from "@/lib/datetime";
import { formatMoney } from "@/lib/money";
import {
  documentKindLabels,
  refundReasonLabels,
  refundStatusLabels,
  type InvoiceLink,
  type Refund,
} from "@/features/payments/types";

export function RefundList({ refunds }: { refunds: Refund[] }) {
  const id = useId();
  if (refunds.length === 0) return null;
  const zone = browserTimeZone();
  return (
    <div className="space-y-2">
      <h3 id={id} className="font-semibold text-slate-900">
        Refunds
      </h3>
      <ul aria-labelledby={id} className="divide-y divide-slate-100 text-sm">
        {refunds.map((refund) => (
          <li key={refund.id} className="flex flex-wrap justify-between gap-2 py-2">
            <span>
              <span className="font-medium text-slate-900">{formatMoney(refund.amount)}</span>{" "}
              {refundReasonLabels[refund.reason] ?? refund.reason}
            </span>
            <span>
              {refundStatusLabels[refund.status] ?? refund.status}
              {refund.settledAt ? (
                <>
                  {" "}
                  <time dateTime={refund.settledAt}>{formatDateTime(refund.settledAt, zone)}</time>
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function InvoiceLinks({ invoices }: { invoices: InvoiceLink[] }) {
  const id = useId();
  if (invoices.length === 0) return null;
  return (
    <div className="space-y-2">
      <h3 id={id} className="font-semibold text-slate-900">
        Invoices
      </h3>
      <ul aria-labelledby={id} className="space-y-1">
        {invoices.map((invoice) => {
          const kind = documentKindLabels[invoice.kind] ?? invoice.kind;
          return (
            <li key={invoice.id}>
              <a
                href={invoice.pdfUrl}
                download={`${invoice.number}.pdf`}
                className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline underline-offset-2"
              >
                Download {kind.toLowerCase()} {invoice.number} (PDF)
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
