import { formatDateTime } from "@/lib/datetime";
import { getAccessLogQueryOptions } from "@/features/records/api/get-access-log";
import { PagedContent } from "@/features/records/components/paged-content";
import { describeAccess, describeRole } from "@/features/records/utils/access-log";

const PAGE_SIZE = 20;

type AccessLogSectionProps = {
  patientId: number;
  viewerZone: string;
};

/** Who read or wrote the patient's health data, newest first. */
export function AccessLogSection({ patientId, viewerZone }: AccessLogSectionProps) {
  return (
    <PagedContent
      queryFor={(params) => getAccessLogQueryOptions(patientId, params)}
      pageSize={PAGE_SIZE}
      loadingLabel="Loading who has seen your record…"
      errorTitle="We couldn't load who has seen your record."
      empty={{ title: "Nobody yet", description: "When someone reads or writes your health data, it is listed here." }}
    >
      {(entries) => (
        <ul role="list" className="divide-y divide-slate-100">
          {entries.map((entry) => (
            <li key={entry.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-0.5 py-2.5 first:pt-0">
              <p className="min-w-0 text-slate-900">
                <span className="font-semibold">
                  {entry.actorId === patientId ? "You" : (entry.actorName ?? "A former user")}
                </span>{" "}
                <span className="text-slate-600">({describeRole(entry.actorRole)})</span> · {describeAccess(entry.action)}
              </p>
              <time dateTime={entry.at} className="text-sm text-slate-600">
                {formatDateTime(entry.at, viewerZone)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </PagedContent>
  );
}
