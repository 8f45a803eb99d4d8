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
import { ChartFigure } from "@/features/analytics/components/chart-figure";
import { VisitsByDayChart, VisitsByDoctorChart } from "@/features/analytics/components/charts";
import { DateRangePicker, lastDays } from "@/features/analytics/components/date-range-picker";
import { ByDayTable, ByDoctorTable } from "@/features/analytics/components/figure-tables";
import { FigureTiles, figureTiles } from "@/features/analytics/components/figure-tiles";

/** A clinic's figures over a period: its own clinic for a clinic admin, a chosen one for an admin. */
export function ClinicAnalyticsRoute({ user }: { user: User }) {
  useDocumentTitle("Clinic analytics");
  const isAdmin = user.role === "admin";
  const [range, setRange] = useState<AnalyticsRange>(() => lastDays(30));
  const [clinicId, setClinicId] = useState<number | null>(null);
  const clinics = useClinics(CLINIC_CHOICES, { enabled: isAdmin });
  const analytics = useClinicAnalytics(range, isAdmin ? clinicId : null, { enabled: !isAdmin || clinicId !== null });

  return (
    <div className="space-y-6">
      <PageHeader title="Clinic analytics">
        <p>Visits, patients, use of the hours offered and revenue, in the clinic's time zone.</p>
      </PageHeader>
      <section aria-label="Period" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        {isAdmin ? (
          <div className="max-w-sm">
            <SelectField
              label="Clinic"
              name="clinicId"
              options={[
                { value: "", label: clinics.isPending ? "Loading clinics…" : "Choose a clinic" },
                ...(clinics.data?.items ?? []).map((clinic) => ({
                  value: String(clinic.id),
                  label: `${clinic.name}, ${clinic.city}`,
                })),
              ]}
              value={clinicId === null ? "" : String(clinicId)}
              onChange={(event) => setClinicId(event.target.value ? Number(event.target.value) : null)}
            />
          </div>
        ) : null}
        <DateRangePicker range={range} onChange={setRange} />
        {!isAdmin || clinicId !== null ? (
          <a href={clinicAnalyticsCsvPath(range, isAdmin ? clinicId : null)} download className={buttonClassName("secondary")}>
            Download CSV
          </a>
        ) : null}
      </section>

      {isAdmin && clinicId === null ? (
        <EmptyState title="Choose a clinic" description="Its figures appear here." />
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
