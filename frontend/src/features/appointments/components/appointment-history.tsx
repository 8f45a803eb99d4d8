import { useId } from "react";
import { describeEvent } from "@/lib/appointment-attributes";
import { formatDateTime } from "@/lib/datetime";
import type { AppointmentEvent } from "@/types/api";

type AppointmentHistoryProps = {
  events: AppointmentEvent[];
  viewerZone: string;
};

export function AppointmentHistory({ events, viewerZone }: AppointmentHistoryProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id={headingId} className="text-lg font-semibold text-slate-900">
        History
      </h2>
      {events.length === 0 ? (
        <p className="mt-2 text-slate-600">Nothing has happened yet.</p>
      ) : (
        <ol role="list" className="mt-3 space-y-3 border-l-2 border-slate-200 pl-4">
          {events.map((event) => (
            <li key={event.id} className="space-y-0.5">
              <p className="text-slate-900">
                <span className="font-medium">{describeEvent(event)}</span> ·{" "}
                <time dateTime={event.at} className="text-slate-700">
                  {formatDateTime(event.at, viewerZone)}
                </time>
              </p>
              <EventDetails event={event} viewerZone={viewerZone} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function EventDetails({ event, viewerZone }: { event: AppointmentEvent; viewerZone: string }) {
  const lines: string[] = [];
  if (event.action === "rescheduled" && event.toStartTime) {
    lines.push(
      event.fromStartTime
        ? `From ${formatDateTime(event.fromStartTime, viewerZone)} to ${formatDateTime(event.toStartTime, viewerZone)}`
        : `To ${formatDateTime(event.toStartTime, viewerZone)}`,
    );
  } else if (event.action === "proposed" && event.toStartTime) {
    lines.push(`Proposed time: ${formatDateTime(event.toStartTime, viewerZone)}`);
  } else if (event.action === "proposal_accepted" && event.toStartTime) {
    lines.push(`New time: ${formatDateTime(event.toStartTime, viewerZone)}`);
  }
  if (event.reason && event.action !== "expired") {
    lines.push(`${event.action === "proposed" ? "Note" : "Reason"}: ${event.reason}`);
  }
  if (lines.length === 0) return null;
  return (
    <div className="text-sm text-slate-700">
      {lines.map((line, index) => (
        <p key={`${index}-${line}`} className="break-words whitespace-pre-line">
          {line}
        </p>
      ))}
    </div>
  );
}
