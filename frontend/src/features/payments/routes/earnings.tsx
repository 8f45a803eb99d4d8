import { useId, useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { Button } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { TextField } from "@/components/text-field";
import { focusFirstInvalidField } from "@/lib/form";
import { formatMoney } from "@/lib/money";
import { useDocumentTitle } from "@/lib/use-document-title";
import { QueryStates } from "@/features/payments/components/query-states";
import { statementCsvUrl, useEarnings } from "@/features/payments/api/get-earnings";
import type { Earnings } from "@/features/payments/types";

type Range = { from: string; to: string };

/** The doctor's takings: totals of a date range and each month, with a payout statement per month. */
export function EarningsRoute() {
  useDocumentTitle("Earnings");
  const [range, setRange] = useState<Range>({ from: "", to: "" });
  const query = useEarnings(range.from, range.to);

  return (
    <div className="mx-auto max-w-4xl space-y-6 py-2 sm:py-4">
      <PageHeader title="Earnings">
        <p>Payments for your visits, less refunds and platform fees.</p>
      </PageHeader>
      <RangeForm range={range} onChange={setRange} busy={query.isFetching} />
      <QueryStates query={query} what="your earnings" refreshFailed="We couldn't load these dates." />
      {query.data ? <EarningsView earnings={query.data} /> : null}
    </div>
  );
}

function RangeForm({ range, onChange, busy }: { range: Range; onChange: (range: Range) => void; busy: boolean }) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (from && to && from > to) {
      const message = "The start date must not be after the end date.";
      flushSync(() => setError(message));
      focusFirstInvalidField(formRef.current, ["to"], { to: [message] });
      return;
    }
    setError(null);
    onChange({ from, to });
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="Dates" className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <TextField label="From" name="from" type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
      <TextField
        label="To"
        name="to"
        type="date"
        value={to}
        onChange={(event) => setTo(event.target.value)}
        errors={error ? [error] : undefined}
      />
      <Button type="submit" variant="secondary" disabled={busy}>
        Show
      </Button>
    </form>
  );
}

function EarningsView({ earnings }: { earnings: Earnings }) {
  const totalsId = useId();
  const monthsId = useId();
  const money = (amount: number) => formatMoney({ amount, currency: earnings.currency });
  const totals: [string, string][] = [
    ["Paid visits", String(earnings.count)],
    ["Gross", money(earnings.gross)],
    ["Refunds", money(earnings.refunds)],
    ["Fees", money(earnings.fees)],
    ["Net", money(earnings.net)],
  ];

  return (
    <>
      <section aria-labelledby={totalsId} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id={totalsId} className="text-lg font-semibold text-slate-900">
          Totals
        </h2>
        <dl aria-live="polite" className="mt-3 grid grid-cols-2 gap-4 sm:grid-cols-5">
          {totals.map(([term, value]) => (
            <div key={term}>
              <dt className="text-sm text-slate-600">{term}</dt>
              <dd className="text-lg font-semibold text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby={monthsId} className="space-y-3">
        <h2 id={monthsId} className="text-lg font-semibold text-slate-900">
          By month
        </h2>
        {earnings.months.length === 0 ? (
          <p className="text-slate-700">No payments in these dates.</p>
        ) : (
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
            <table aria-labelledby={monthsId} className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-slate-900">
                <tr>
                  <th scope="col" className="px-4 py-3 font-semibold">Month</th>
                  <th scope="col" className="px-4 py-3 text-right font-semibold">Visits</th>
                  <th scope="col" className="px-4 py-3 text-right font-semibold">Gross</th>
                  <th scope="col" className="px-4 py-3 text-right font-semibold">Refunds</th>
                  <th scope="col" className="px-4 py-3 text-right font-semibold">Fees</th>
                  <th scope="col" className="px-4 py-3 text-right font-semibold">Net</th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    <span className="sr-only">Statement</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 text-slate-700">
                {earnings.months.map((month) => (
                  <tr key={month.month}>
                    <th scope="row" className="px-4 py-3 font-medium whitespace-nowrap text-slate-900">
                      {formatMonth(month.month)}
                    </th>
                    <td className="px-4 py-3 text-right">{month.count}</td>
                    <td className="px-4 py-3 text-right whitespace-nowrap">{money(month.gross)}</td>
                    <td className="px-4 py-3 text-right whitespace-nowrap">{money(month.refunds)}</td>
                    <td className="px-4 py-3 text-right whitespace-nowrap">{money(month.fees)}</td>
                    <td className="px-4 py-3 text-right font-semibold whitespace-nowrap">{money(month.net)}</td>
                    <td className="px-4 py-3">
                      <a
                        href={statementCsvUrl(month.month)}
                        download={`statement-${month.month}.csv`}
                        aria-label={`Download the payout statement of ${formatMonth(month.month)} (CSV)`}
                        className="inline-flex min-h-11 items-center font-semibold whitespace-nowrap text-teal-800 underline underline-offset-2"
                      >
                        Statement (CSV)
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** "2026-11" → "November 2026". */
function formatMonth(month: string): string {
  const [year, number] = month.split("-").map(Number);
  if (!year || !number) return month;
  return new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, number - 1, 1)),
  );
}
