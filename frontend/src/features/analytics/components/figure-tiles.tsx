import { formatMoney } from "@/lib/money";
import type { Figures } from "@/types/api";

/** A share (0 to 1) as "12.5%"; "–" when there is nothing to divide. */
export function formatShare(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "–";
  return new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 }).format(value);
}

function hours(minutes: number): string {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(minutes / 60);
}

type Tile = { label: string; value: string; detail?: string };

type Amount = Figures["revenue"];

/**
 * The tiles of a period's totals. Revenue is in the currency of most payments; `allRevenue`
 * (every currency's) names the others beneath it.
 */
export function figureTiles(figures: Figures, allRevenue: readonly Amount[] = []): Tile[] {
  const others = allRevenue.filter((money) => money.currency !== figures.revenue.currency && money.amount !== 0);
  return [
    { label: "Appointments", value: String(figures.appointments) },
    { label: "Completed", value: String(figures.completed) },
    { label: "No-shows", value: String(figures.noShows), detail: `No-show rate ${formatShare(figures.noShowRate)}` },
    { label: "Cancelled", value: String(figures.cancelled) },
    { label: "New patients", value: String(figures.newPatients) },
    { label: "Returning patients", value: String(figures.returningPatients) },
    {
      label: "Utilisation",
      value: formatShare(figures.utilisation),
      detail: `${hours(figures.bookedMinutes)} of ${hours(figures.offeredMinutes)} hours offered were booked`,
    },
    {
      label: "Revenue",
      value: formatMoney(figures.revenue),
      detail: others.length > 0 ? `Also ${others.map((money) => formatMoney(money)).join(", ")}` : undefined,
    },
  ];
}

/** The totals of a period, one tile each (a description list: term the label, detail the value). */
export function FigureTiles({ tiles }: { tiles: Tile[] }) {
  return (
    <dl aria-label="Totals" className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {tiles.map((tile) => (
        <div key={tile.label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <dt className="text-sm font-medium text-slate-700">{tile.label}</dt>
          <dd className="mt-1 text-2xl font-bold text-slate-900 tabular-nums">{tile.value}</dd>
          {tile.detail ? <dd className="mt-1 text-xs text-slate-600">{tile.detail}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
