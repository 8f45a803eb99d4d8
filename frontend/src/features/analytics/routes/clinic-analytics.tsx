import { useState } from "react";
import { CLINIC_CHOICES, useClinics } from "@/api/get-clinics";
import { buttonClassName } from "@/components/button";
import { EmptyState } from "@/components/card";
import { PageHeader } from "@/components/page-header";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { SelectField } from "@/components/select-field";
import { Spinner } from "@/components/spinner";
import { cn } from "@/lib/cn";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { ClinicAnalytics, User } from "@/types/api";
import {
  clinicAnalyticsCsvPath,
  useClinicAnalytics,
  type AnalyticsRange,
} from "@/features/analytics/api/get-clinic-analytics";
import {
  platformAnalyticsCsvPath,
  usePlatformAnalytics,
  type PlatformGrouping,
} from "@/features/analytics/api/get-platform-analytics";
import { ChartFigure } from "@/features/analytics/components/chart-figure";
import { VisitsByDayChart, VisitsByDoctorChart } from "@/features/analytics/components/charts";
import { DateRangePicker, lastDays } from "@/features/analytics/components/date-range-picker";
import { ByDayTable, ByDoctorTable } from "@/features/analytics/components/figure-tables";
import { FigureTiles, figureTiles } from "@/features/analytics/components/figure-tiles";
import { PlatformFigures } from "@/features/analytics/components/platform-figures";

const groupingOptions = [
  { value: "week", label: "Week" },
  { value: "month", label: "Month" },
];

/**
 * Figures over a period: a clinic admin's own clinic; for a platform admin the whole platform
 * or a clinic they choose.
 */
export function ClinicAnalyticsRoute({ user }: { user: User }) {
  const isAdmin = user.role === "admin";
  useDocumentTitle(isAdmin ? "Analytics" : "Clinic analytics");
  const [range, setRange] = useState<AnalyticsRange>(() => lastDays(30));
  /** The chosen clinic (admins); null for the whole platform. */
  const [clinicId, setClinicId] = useState<number | null>(null);
  const [grouping, setGrouping] = useState<PlatformGrouping>("week");
  const platform = isAdmin && clinicId === null;
  const clinics = useClinics(CLINIC_CHOICES, { enabled: isAdmin });
  const analytics = useClinicAnalytics(range, isAdmin ? clinicId : null, { enabled: !platform });
  const platformAnalytics = usePlatformAnalytics(range, grouping, { enabled: platform });

  return (
    <div className="space-y-6">
      <PageHeader title={isAdmin ? "Analytics" : "Clinic analytics"}>
        <p>
          {isAdmin
            ? "Visits, growth in patients and doctors, and revenue: the whole platform's, or one clinic's."
            : "Visits, patients, use of the hours offered and revenue, in the clinic's time zone."}
        </p>
      </PageHeader>
      <section aria-label="Period" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        {isAdmin ? (
          <div className="flex max-w-xl flex-wrap gap-3">
            <SelectField
              label="Figures of"
              name="clinicId"
              options={[
                { value: "", label: "The whole platform" },
                ...(clinics.data?.items ?? []).map((clinic) => ({
                  value: String(clinic.id),
                  label: `${clinic.name}, ${clinic.city}`,
                })),
              ]}
              value={clinicId === null ? "" : String(clinicId)}
              onChange={(event) => setClinicId(event.target.value ? Number(event.target.value) : null)}
              hint={clinics.isError ? "Couldn't load the list of clinics." : undefined}
            />
            {platform ? (
              <SelectField
                label="By"
                name="groupBy"
                options={groupingOptions}
                value={grouping}
                onChange={(event) => setGrouping(event.target.value as PlatformGrouping)}
              />
            ) : null}
          </div>
        ) : null}
        <DateRangePicker
          range={range}
          onChange={setRange}
          timeZone={(platform ? platformAnalytics.data : analytics.data)?.timezone}
        />
        <a
          href={platform ? platformAnalyticsCsvPath(range, grouping) : clinicAnalyticsCsvPath(range, isAdmin ? clinicId : null)}
          download
          className={buttonClassName("secondary")}
        >
          Download CSV
        </a>
      </section>

      {platform ? (
        platformAnalytics.isPending ? (
          <Spinner label="Loading the figures…" className="py-12" />
        ) : platformAnalytics.isError && !platformAnalytics.data ? (
          <QueryErrorAlert
            title="We couldn't load the figures."
            error={platformAnalytics.error}
            onRetry={() => void platformAnalytics.refetch()}
            isRetrying={platformAnalytics.isFetching}
          />
        ) : platformAnalytics.data ? (
          <PlatformFigures data={platformAnalytics.data} dimmed={platformAnalytics.isPlaceholderData} />
        ) : null
      ) : analytics.isPending ? (
        <Spinner label="Loading the figures…" className="py-12" />
      ) : analytics.isError && !analytics.data ? (
        <QueryErrorAlert
          title="We couldn't load the figures."
          error={analytics.error}
          onRetry={() => void analytics.refetch()}
          isRetrying={analytics.isFetching}
        />
      ) : analytics.data ? (
        <ClinicFigures data={analytics.data} dimmed={analytics.isPlaceholderData} />
      ) : null}
    </div>
  );
}

function ClinicFigures({ data, dimmed }: { data: ClinicAnalytics; dimmed: boolean }) {
  return (
    <div className={cn("space-y-6", dimmed && "opacity-60")}>
      <FigureTiles tiles={figureTiles(data.totals, data.revenueByCurrency)} />
      <ChartFigure
        title="Visits by day"
        description={`Appointments and no-shows as bars, completed visits as a line (${data.timezone}).`}
        table={<ByDayTable rows={data.byDay} />}
      >
        <VisitsByDayChart data={data.byDay} />
      </ChartFigure>
      {data.byDoctor.length > 0 ? (
        <ChartFigure
          title="Visits by doctor"
          description="Each doctor's appointments, completed visits and no-shows."
          table={<ByDoctorTable rows={data.byDoctor} />}
        >
          <VisitsByDoctorChart data={data.byDoctor} />
        </ChartFigure>
      ) : (
        <EmptyState title="No doctors' figures" description="No doctor had visits at this clinic in this period." />
      )}
    </div>
  );
}
