import { useState } from "react";
import { Button } from "@/components/button";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { cn } from "@/lib/cn";
import { addDays, dateKeyInZone, formatDayHeading, formatShortDay, formatTime } from "@/lib/datetime";
import type { FrontDeskAppointment } from "@/types/api";
import { useCalendar } from "@/features/front-desk/api/get-calendar";
import { queueStateLabels } from "@/features/front-desk/components/queue-state-badge";

/** The doctors with visits among `visits`, in the clinic's order of its doctors. */
function doctorsOf(visits: FrontDeskAppointment[], doctors: { id: number; fullName: string }[]) {
  const seen = new Map(visits.map((visit) => [visit.doctor.id, visit.doctor]));
  const order = new Map(doctors.map((doctor, index) => [doctor.id, index]));
  return [...seen.values()].sort(
    (a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity) || a.fullName.localeCompare(b.fullName),
  );
}

/** The Monday on or before a date ("YYYY-MM-DD"). */
function mondayOf(dateKey: string): string {
  const weekday = new Date(`${dateKey}T12:00:00Z`).getUTCDay();
  return addDays(dateKey, -((weekday + 6) % 7));
}

type WeekCalendarProps = {
  /** Today in the clinic's zone. */
  today: string;
  timezone: string;
};

/** A week (Monday to Sunday) of all the clinic's doctors: each day's visits, doctor by doctor. */
export function WeekCalendar({ today, timezone }: WeekCalendarProps) {
  const [weekStart, setWeekStart] = useState(() => mondayOf(today));
  const weekEnd = addDays(weekStart, 6);
  const calendar = useCalendar(weekStart, weekEnd);
  const zone = calendar.data?.timezone ?? timezone;

  const days = Array.from({ length: 7 }, (_, index) => addDays(weekStart, index));
  const byDay = new Map<string, FrontDeskAppointment[]>();
  for (const item of calendar.data?.items ?? []) {
    const day = dateKeyInZone(item.startTime, zone);
    byDay.set(day, [...(byDay.get(day) ?? []), item]);
  }
  const doctors = calendar.data?.doctors ?? [];

  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-2">
        <Button variant="secondary" className="px-3" onClick={() => setWeekStart(addDays(weekStart, -7))}>
          <span aria-hidden="true">←</span> Previous week
        </Button>
        <p aria-live="polite" className="text-center text-sm font-semibold text-slate-900">
          {formatShortDay(weekStart)} – {formatShortDay(weekEnd)}
        </p>
        <Button variant="secondary" className="px-3" onClick={() => setWeekStart(addDays(weekStart, 7))}>
          Next week <span aria-hidden="true">→</span>
        </Button>
      </div>
      {calendar.isPending ? (
        <Spinner label="Loading the week…" className="py-8" />
      ) : calendar.isError && !calendar.data ? (
        <QueryErrorAlert
          title="We couldn't load the week."
          error={calendar.error}
          onRetry={() => void calendar.refetch()}
          isRetrying={calendar.isFetching}
        />
      ) : (
        <>
          {calendar.data && calendar.data.total > calendar.data.items.length ? (
            <p className="text-sm text-slate-700">
              Showing the first {calendar.data.items.length} of {calendar.data.total} visits of this week.
            </p>
          ) : null}
          <div className={cn("grid gap-3 md:grid-cols-2 lg:grid-cols-4", calendar.isPlaceholderData && "opacity-60")}>
            {days.map((day) => {
              const visits = byDay.get(day) ?? [];
              const label = formatDayHeading(day);
              return (
                <section
                  key={day}
                  aria-label={label}
                  className={cn("space-y-2 rounded-lg border p-3", day === today ? "border-teal-300 bg-teal-50/50" : "border-slate-200")}
                >
                  <h3 className="font-semibold text-slate-900">
                    {label}
                    {day === today ? <span className="ml-1 text-sm font-normal text-teal-800">(today)</span> : null}
                  </h3>
                  {visits.length === 0 ? (
                    <p className="text-sm text-slate-600">No visits</p>
                  ) : (
                    doctorsOf(visits, doctors).map((doctor) => (
                        <div key={doctor.id} className="space-y-1">
                          <p className="text-sm font-semibold text-slate-800">{doctor.fullName}</p>
                          <ul role="list" className="space-y-0.5 text-sm text-slate-700">
                            {visits
                              .filter((visit) => visit.doctor.id === doctor.id)
                              .map((visit) => (
                                <li key={visit.id} className={cn(visit.queueState === "cancelled" && "line-through opacity-70")}>
                                  <span className="tabular-nums">{formatTime(visit.startTime, zone)}</span>{" "}
                                  {visit.patient.fullName}
                                  <span className="text-slate-500"> · {queueStateLabels[visit.queueState]}</span>
                                </li>
                              ))}
                          </ul>
                        </div>
                    ))
                  )}
                </section>
              );
            })}
          </div>
        </>
      )}
    </div>
  );
}
