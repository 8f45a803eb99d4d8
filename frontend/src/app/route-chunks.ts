import type { QueryClient } from "@tanstack/react-query";
import { getAppointmentQueryOptions } from "@/api/get-appointment";
import { lazyRoute } from "@/app/lazy-route";
import { getClinicQueryOptions } from "@/features/clinics/api/get-clinic";
import { getDoctorQueryOptions } from "@/features/doctors/api/get-doctor";
import { parseRouteId } from "@/lib/route-params";

// Routes that are rarely the first page and carry much code (forms and zod, editors, records,
// payments, security) are chunks of their own. The landing page, the directory, a doctor's page,
// the dashboards and the appointment list stay in the main chunk: they are the usual first pages,
// and a chunk more would delay their first paint.

export const LoginRoute = lazyRoute(() => import("@/features/auth/routes/login").then((m) => m.LoginRoute));
export const RegisterRoute = lazyRoute(() => import("@/features/auth/routes/register").then((m) => m.RegisterRoute));
export const ForgotPasswordRoute = lazyRoute(() =>
  import("@/features/auth/routes/forgot-password").then((m) => m.ForgotPasswordRoute),
);
export const ResetPasswordRoute = lazyRoute(() =>
  import("@/features/auth/routes/reset-password").then((m) => m.ResetPasswordRoute),
);
export const VerifyEmailRoute = lazyRoute(() =>
  import("@/features/auth/routes/verify-email").then((m) => m.VerifyEmailRoute),
);
export const SecurityRoute = lazyRoute(() => import("@/features/security/routes/security").then((m) => m.SecurityRoute));
export const ProfileRoute = lazyRoute(() => import("@/features/profile/routes/profile").then((m) => m.ProfileRoute));
export const NotificationsRoute = lazyRoute(() =>
  import("@/features/notifications/routes/notifications").then((m) => m.NotificationsRoute),
);
export const AppointmentPage = lazyRoute(() => import("@/app/routes/appointment-page").then((m) => m.AppointmentPage));
export const ConsultationRoute = lazyRoute(() =>
  import("@/features/consultations/routes/consultation").then((m) => m.ConsultationRoute),
);
export const PaymentReturnRoute = lazyRoute(() =>
  import("@/features/payments/routes/payment-return").then((m) => m.PaymentReturnRoute),
);
export const InvoicesRoute = lazyRoute(() => import("@/features/payments/routes/invoices").then((m) => m.InvoicesRoute));
export const EarningsRoute = lazyRoute(() => import("@/features/payments/routes/earnings").then((m) => m.EarningsRoute));
export const PatientRecordsRoute = lazyRoute(() =>
  import("@/features/records/routes/patient-records").then((m) => m.PatientRecordsRoute),
);
export const PatientChartRoute = lazyRoute(() =>
  import("@/features/records/routes/patient-chart").then((m) => m.PatientChartRoute),
);
export const ScheduleRoute = lazyRoute(() => import("@/features/schedule/routes/schedule").then((m) => m.ScheduleRoute));
export const ClinicsRoute = lazyRoute(() => import("@/features/clinics/routes/clinics").then((m) => m.ClinicsRoute));
export const ClinicDetailRoute = lazyRoute(() =>
  import("@/features/clinics/routes/clinic-detail").then((m) => m.ClinicDetailRoute),
);
export const FrontDeskRoute = lazyRoute(() =>
  import("@/features/front-desk/routes/front-desk").then((m) => m.FrontDeskRoute),
);
export const ClinicDoctorSchedulePage = lazyRoute(() =>
  import("@/app/routes/clinic-doctor-schedule").then((m) => m.ClinicDoctorSchedulePage),
);
// The analytics pages carry the chart library: it is loaded only with them.
export const ClinicAnalyticsRoute = lazyRoute(() =>
  import("@/features/analytics/routes/clinic-analytics").then((m) => m.ClinicAnalyticsRoute),
);
export const DoctorAnalyticsRoute = lazyRoute(() =>
  import("@/features/analytics/routes/doctor-analytics").then((m) => m.DoctorAnalyticsRoute),
);

type Preloader = {
  pattern: RegExp;
  chunk?: () => Promise<unknown>;
  /** Starts the page's main request, from the address's captured id. */
  data?: (queryClient: QueryClient, id: number) => Promise<void>;
  /** Whether the data is public, so it may be asked for before knowing who is signed in. */
  publicData?: boolean;
};

const preloaders: Preloader[] = [
  { pattern: /^\/login$/, chunk: LoginRoute.preload },
  { pattern: /^\/register$/, chunk: RegisterRoute.preload },
  { pattern: /^\/forgot-password$/, chunk: ForgotPasswordRoute.preload },
  { pattern: /^\/reset-password$/, chunk: ResetPasswordRoute.preload },
  { pattern: /^\/verify-email$/, chunk: VerifyEmailRoute.preload },
  { pattern: /^\/security$/, chunk: SecurityRoute.preload },
  { pattern: /^\/profile$/, chunk: ProfileRoute.preload },
  { pattern: /^\/notifications$/, chunk: NotificationsRoute.preload },
  {
    pattern: /^\/doctors\/([^/]+)$/,
    data: (queryClient, id) => queryClient.prefetchQuery(getDoctorQueryOptions(id)),
    publicData: true,
  },
  {
    pattern: /^\/appointments\/([^/]+)\/consultation$/,
    chunk: ConsultationRoute.preload,
    data: (queryClient, id) => queryClient.prefetchQuery(getAppointmentQueryOptions(id)),
  },
  {
    pattern: /^\/appointments\/([^/]+)$/,
    chunk: AppointmentPage.preload,
    data: (queryClient, id) => queryClient.prefetchQuery(getAppointmentQueryOptions(id)),
  },
  { pattern: /^\/payments\/return$/, chunk: PaymentReturnRoute.preload },
  { pattern: /^\/invoices$/, chunk: InvoicesRoute.preload },
  { pattern: /^\/earnings$/, chunk: EarningsRoute.preload },
  { pattern: /^\/records$/, chunk: PatientRecordsRoute.preload },
  { pattern: /^\/patients\/[^/]+$/, chunk: PatientChartRoute.preload },
  { pattern: /^\/doctor\/schedule$/, chunk: ScheduleRoute.preload },
  { pattern: /^\/clinics$/, chunk: ClinicsRoute.preload },
  {
    pattern: /^\/clinics\/([^/]+)$/,
    chunk: ClinicDetailRoute.preload,
    data: (queryClient, id) => queryClient.prefetchQuery(getClinicQueryOptions(id)),
    publicData: true,
  },
  { pattern: /^\/front-desk$/, chunk: FrontDeskRoute.preload },
  { pattern: /^\/clinic\/analytics$/, chunk: ClinicAnalyticsRoute.preload },
  { pattern: /^\/clinic\/doctors\/[^/]+\/schedule$/, chunk: ClinicDoctorSchedulePage.preload },
  { pattern: /^\/analytics$/, chunk: DoctorAnalyticsRoute.preload },
];

/**
 * Starts loading what the page at `path` needs: its chunk and its main data, so neither waits
 * for the other. `signedIn` false (not known yet, at start) asks only for public data, so a
 * visitor's browser asks for nothing it would be refused. Failures are left to the page, which
 * asks again.
 */
export function preloadRoute(path: string, queryClient: QueryClient, { signedIn }: { signedIn: boolean }): void {
  const preloader = preloaders.find(({ pattern }) => pattern.test(path));
  if (!preloader) return;
  preloader.chunk?.().catch(() => undefined);
  const id = parseRouteId(preloader.pattern.exec(path)?.[1]);
  if (preloader.data && id !== null && (signedIn || preloader.publicData)) {
    void preloader.data(queryClient, id);
  }
}
