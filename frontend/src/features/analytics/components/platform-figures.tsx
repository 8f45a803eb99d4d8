import { cn } from "@/lib/cn";
import { pluralize } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { formatShortDay } from "@/lib/datetime";
import type { PeriodFigures, PlatformAnalytics } from "@/types/api";
import { ChartFigure } from "@/features/analytics/components/chart-figure";
import { PlatformChart } from "@/features/analytics/components/charts";
import { FigureTiles, formatShare } from "@/features/analytics/components/figure-tiles";

const th = "px-2 py-1 text-left font-semibold text-slate-900";
const td = "px-2 py-1 tabular-nums text-slate-700";

function PeriodTable({ rows, grouping }: { rows: PeriodFigures[]; grouping: "week" | "month" }) {
  return (
    <table className="min-w-full text-sm">
      <thead>
        <tr>
          <th className={th}>{grouping === "month" ? "Month from" : "Week of"}</th>
          <th className={th}>Appointments</th>
          <th className={th}>Completed</th>
          <th className={th}>New patients</th>
          <th className={th}>New doctors</th>
          <th className={th}>Revenue</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.period} className="border-t border-slate-100">
            <th scope="row" className={th}>{formatShortDay(row.period)}</th>
            <td className={td}>{row.appointments}</td>
            <td className={td}>{row.completed}</td>
            <td className={td}>{row.newPatients}</td>
            <td className={td}>{row.newDoctors}</td>
            <td className={td}>{formatMoney(row.revenue)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The whole platform's figures: totals, and visits and growth period by period. */
export function PlatformFigures({ data, dimmed }: { data: PlatformAnalytics; dimmed: boolean }) {
  const totals = data.totals;
  const periods = (data.groupBy === "month" ? data.byMonth : data.byWeek) ?? [];
  const others = data.revenueByCurrency.filter(
    (money) => money.currency !== totals.revenue.currency && money.amount !== 0,
  );
  return (
    <div className={cn("space-y-6", dimmed && "opacity-60")}>
      <FigureTiles
        tiles={[
          { label: "Appointments", value: String(totals.appointments) },
          { label: "Completed", value: String(totals.completed) },
          { label: "No-shows", value: String(totals.noShows), detail: `No-show rate ${formatShare(totals.noShowRate)}` },
          { label: "Cancelled", value: String(totals.cancelled) },
          { label: "New patients", value: String(totals.newPatients), detail: `${pluralize(totals.patients, "patient")} in all` },
          { label: "New doctors", value: String(totals.newDoctors), detail: `${pluralize(totals.doctors, "doctor")} in all` },
          {
            label: "Revenue",
            value: formatMoney(totals.revenue),
            detail: others.length > 0 ? `Also ${others.map((money) => formatMoney(money)).join(", ")}` : undefined,
          },
        ]}
      />
      <ChartFigure
        title={data.groupBy === "month" ? "By month" : "By week"}
        description="Appointments and completed visits as bars, new patients and new doctors as lines (UTC)."
        table={<PeriodTable rows={periods} grouping={data.groupBy} />}
      >
        <PlatformChart data={periods} grouping={data.groupBy} />
      </ChartFigure>
    </div>
  );
}
