import { useState } from "react";
import { PageHeader } from "@/components/page-header";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { cn } from "@/lib/cn";
import { formatRating, pluralize } from "@/lib/format";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { DoctorAnalytics } from "@/types/api";
import type { AnalyticsRange } from "@/features/analytics/api/get-clinic-analytics";
import { useDoctorAnalytics } from "@/features/analytics/api/get-doctor-analytics";
import { ChartFigure } from "@/features/analytics/components/chart-figure";
import { VisitsByWeekChart } from "@/features/analytics/components/charts";
import { DateRangePicker, lastDays } from "@/features/analytics/components/date-range-picker";
import { ByWeekTable } from "@/features/analytics/components/figure-tables";
import { FigureTiles, figureTiles } from "@/features/analytics/components/figure-tiles";

/** A doctor's own figures, week by week. */
export function DoctorAnalyticsRoute() {
  useDocumentTitle("Your analytics");
  const [range, setRange] = useState<AnalyticsRange>(() => lastDays(90));
  const analytics = useDoctorAnalytics(range);
  return (
    <div className="space-y-6">
      <PageHeader title="Your analytics">
        <p>Your visits week by week, new and returning patients, no-shows and how much of your offered time was booked.</p>
      </PageHeader>
      <section aria-label="Period" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <DateRangePicker range={range} onChange={setRange} timeZone={analytics.data?.timezone} />
      </section>
      {analytics.isPending ? (
        <Spinner label="Loading your figures…" className="py-12" />
      ) : analytics.isError && !analytics.data ? (
        <QueryErrorAlert
          title="We couldn't load your figures."
          error={analytics.error}
          onRetry={() => void analytics.refetch()}
          isRetrying={analytics.isFetching}
        />
      ) : analytics.data ? (
        <DoctorFigures data={analytics.data} dimmed={analytics.isPlaceholderData} />
      ) : null}
    </div>
  );
}

function DoctorFigures({ data, dimmed }: { data: DoctorAnalytics; dimmed: boolean }) {
  const tiles = [
    ...figureTiles(data.totals, data.revenueByCurrency),
    {
      label: "Rating",
      value: data.rating !== null ? formatRating(data.rating) : "–",
      detail: pluralize(data.ratingCount, "rating"),
    },
  ];
  return (
    <div className={cn("space-y-6", dimmed && "opacity-60")}>
      <FigureTiles tiles={tiles} />
      <ChartFigure
        title="Visits by week"
        description="New and returning patients as bars, completed visits as a line."
        table={<ByWeekTable rows={data.byWeek} />}
      >
        <VisitsByWeekChart data={data.byWeek} />
      </ChartFigure>
    </div>
  );
}
