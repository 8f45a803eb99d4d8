import { useId } from "react";
import { useLocation, useSearch } from "wouter";
import { buttonClassName } from "@/components/button";
import { paymentStatusLabels } from "@/components/payment-status-badge";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/pagination";
import { browserTimeZone, formatDateTime } from "@/lib/datetime";
import { formatMoney } from "@/lib/money";
import { pageCount, pageFromParams } from "@/lib/paging";
import { ADMIN_CONSOLE_PATH } from "@/lib/paths";
import { useDocumentTitle } from "@/lib/use-document-title";
import { QueryStates } from "@/features/payments/components/query-states";
import type { User } from "@/types/api";
import { INVOICES_PAGE_SIZE, useInvoices } from "@/features/payments/api/get-invoices";
import { documentKindLabels, methodLabels, type Invoice } from "@/features/payments/types";

/** The patient's or doctor's invoices and credit notes, newest first, each with its PDF. */
export function InvoicesRoute({ user }: { user: User }) {
  useDocumentTitle("Invoices");
  if (user.role === "admin") {
    return (
      <div className="mx-auto max-w-xl space-y-6 py-8">
        <PageHeader title="Invoices">
          <p>Administrators find every invoice, payment and refund in the admin console.</p>
        </PageHeader>
        <a href={ADMIN_CONSOLE_PATH} className={buttonClassName("primary")}>
          Open the admin console
        </a>
      </div>
    );
  }
  return <OwnInvoices viewer={user.role === "doctor" ? "doctor" : "patient"} />;
}

function OwnInvoices({ viewer }: { viewer: "patient" | "doctor" }) {
  const [, navigate] = useLocation();
  const page = pageFromParams(new URLSearchParams(useSearch()));
  const query = useInvoices(page);

  function goTo(next: number) {
    navigate(next > 1 ? `/invoices?page=${next}` : "/invoices");
  }

  return (
    <div className="mx-auto max-w-4xl space-y-6 py-2 sm:py-4">
      <PageHeader title="Invoices">
        <p>
          {viewer === "doctor"
            ? "Invoices and credit notes your practice issued for your visits."
            : "Invoices for your visits and credit notes for refunds."}
        </p>
      </PageHeader>
      <QueryStates query={query} what="your invoices" refreshFailed="We couldn't refresh the list." />
      {query.data ? (
        <>
          {query.data.items.length === 0 ? (
            <p className="rounded-xl border border-slate-200 bg-white p-5 text-slate-700">
              {page > 1 ? "There are no invoices on this page." : "No invoices yet."}
            </p>
          ) : (
            <InvoiceTable invoices={query.data.items} viewer={viewer} />
          )}
          <Pagination
            page={page}
            totalPages={pageCount(query.data.total, query.data.pageSize, INVOICES_PAGE_SIZE)}
            onPageChange={goTo}
            disabled={query.isFetching}
          />
        </>
      ) : null}
    </div>
  );
}

function InvoiceTable({ invoices, viewer }: { invoices: Invoice[]; viewer: "patient" | "doctor" }) {
  const captionId = useId();
  const zone = browserTimeZone();
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table aria-labelledby={captionId} className="w-full text-left text-sm">
        <caption id={captionId} className="sr-only">
          Invoices and credit notes
        </caption>
        <thead className="bg-slate-50 text-slate-900">
          <tr>
            <th scope="col" className="px-4 py-3 font-semibold">Number</th>
            <th scope="col" className="px-4 py-3 font-semibold">Issued</th>
            <th scope="col" className="px-4 py-3 font-semibold">{viewer === "doctor" ? "Patient" : "Doctor"}</th>
            <th scope="col" className="px-4 py-3 text-right font-semibold">Amount</th>
            <th scope="col" className="px-4 py-3 font-semibold">Payment</th>
            <th scope="col" className="px-4 py-3 font-semibold">
              <span className="sr-only">Document</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 text-slate-700">
          {invoices.map((invoice) => {
            const kind = documentKindLabels[invoice.kind] ?? invoice.kind;
            const other = viewer === "doctor" ? invoice.patientName : invoice.doctorName;
            return (
              <tr key={invoice.id}>
                <th scope="row" className="px-4 py-3 font-medium text-slate-900">
                  <span className="block">{invoice.number}</span>
                  <span className="block text-xs font-normal text-slate-600">
                    {kind}
                    {invoice.creditedInvoiceNumber ? ` for ${invoice.creditedInvoiceNumber}` : ""}
                  </span>
                </th>
                <td className="px-4 py-3">
                  <time dateTime={invoice.issuedAt}>{formatDateTime(invoice.issuedAt, zone)}</time>
                </td>
                <td className="px-4 py-3">{other ?? ""}</td>
                <td className="px-4 py-3 text-right whitespace-nowrap">{formatMoney(invoice.amount)}</td>
                <td className="px-4 py-3">
                  {[invoice.method ? (methodLabels[invoice.method] ?? invoice.method) : null, statusLabel(invoice.status)]
                    .filter(Boolean)
                    .join(", ")}
                </td>
                <td className="px-4 py-3">
                  <a
                    href={invoice.pdfUrl}
                    download={`${invoice.number}.pdf`}
                    aria-label={`Download ${kind.toLowerCase()} ${invoice.number} (PDF)`}
                    className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline underline-offset-2"
                  >
                    PDF
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** "partially_refunded" → "Partly refunded"; a status without a label in plain words. */
function statusLabel(status: string): string {
  const label = paymentStatusLabels[status];
  if (label) return label;
  const words = status.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
