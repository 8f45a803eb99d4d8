import { formatShortDay } from "@/lib/datetime";
import { formatMoney } from "@/lib/money";
import type { ClinicAnalytics, DoctorAnalytics } from "@/types/api";
import { formatShare } from "@/features/analytics/components/figure-tiles";

const th = "px-2 py-1 text-left font-semibold text-slate-900";
const td = "px-2 py-1 tabular-nums text-slate-700";

export function ByDayTable({ rows }: { rows: ClinicAnalytics["byDay"] }) {
  return (
    <table className="min-w-full text-sm">
      <thead>
        <tr>
          <th className={th}>Day</th>
          <th className={th}>Appointments</th>
          <th className={th}>Completed</th>
          <th className={th}>No-shows</th>
          <th className={th}>Cancelled</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.date} className="border-t border-slate-100">
            <th scope="row" className={th}>{formatShortDay(row.date)}</th>
            <td className={td}>{row.appointments}</td>
            <td className={td}>{row.completed}</td>
            <td className={td}>{row.noShows}</td>
            <td className={td}>{row.cancelled}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ByDoctorTable({ rows }: { rows: ClinicAnalytics["byDoctor"] }) {
  return (
    <table className="min-w-full text-sm">
      <thead>
        <tr>
          <th className={th}>Doctor</th>
          <th className={th}>Appointments</th>
          <th className={th}>Completed</th>
          <th className={th}>No-show rate</th>
          <th className={th}>New / returning</th>
          <th className={th}>Utilisation</th>
          <th className={th}>Revenue</th>
          <th className={th}>Rating</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.doctorId} className="border-t border-slate-100">
            <th scope="row" className={th}>{row.fullName}</th>
            <td className={td}>{row.appointments}</td>
            <td className={td}>{row.completed}</td>
            <td className={td}>{formatShare(row.noShowRate)}</td>
            <td className={td}>
              {row.newPatients} / {row.returningPatients}
            </td>
            <td className={td}>{formatShare(row.utilisation)}</td>
            <td className={td}>{formatMoney(row.revenue)}</td>
            <td className={td}>{row.rating !== null ? `${row.rating.toFixed(1)} (${row.ratingCount})` : "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ByWeekTable({ rows }: { rows: DoctorAnalytics["byWeek"] }) {
  return (
    <table className="min-w-full text-sm">
      <thead>
        <tr>
          <th className={th}>Week of</th>
          <th className={th}>Appointments</th>
          <th className={th}>Completed</th>
          <th className={th}>No-shows</th>
          <th className={th}>New patients</th>
          <th className={th}>Returning patients</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.weekStart} className="border-t border-slate-100">
            <th scope="row" className={th}>{formatShortDay(row.weekStart)}</th>
            <td className={td}>{row.appointments}</td>
            <td className={td}>{row.completed}</td>
            <td className={td}>{row.noShows}</td>
            <td className={td}>{row.newPatients}</td>
            <td className={td}>{row.returningPatients}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
