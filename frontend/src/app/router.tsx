import { Suspense } from "react";
import { Route, Switch, useLocation } from "wouter";
import { AppLayout } from "@/app/layout";
import { retryFailedRoutes, type LazyRoute } from "@/app/lazy-route";
import * as chunks from "@/app/route-chunks";
import { LandingRoute } from "@/app/routes/landing";
import { ErrorBoundary, PageError } from "@/components/error-boundary";
import { PageSpinner } from "@/components/spinner";
import { NotFoundRoute } from "@/app/routes/not-found";
import { AppointmentsUnavailable } from "@/features/appointments/components/appointments-unavailable";
import { AppointmentsRoute } from "@/features/appointments/routes/appointments";
import { useUser } from "@/features/auth/api/get-user";
import { RequireRole } from "@/features/auth/components/require-role";
import { RequireUser } from "@/features/auth/components/require-user";
import { SecondFactorGate } from "@/features/auth/components/second-factor-gate";
import { DoctorDashboardRoute } from "@/features/dashboard/routes/doctor-dashboard";
import { PatientDashboardRoute } from "@/features/dashboard/routes/patient-dashboard";
import { DoctorDirectoryRoute } from "@/features/doctors/routes/doctor-directory";
import { DoctorProfileRoute } from "@/features/doctors/routes/doctor-profile";
import { DoctorReviews } from "@/features/reviews/components/doctor-reviews";

/** The doctor profile is public; who is looking decides whether they can book, report or reply. */
function DoctorProfilePage() {
  const userQuery = useUser();
  const user = userQuery.isPending ? undefined : (userQuery.data ?? null);
  return (
    <DoctorProfileRoute
      user={user}
      reviews={(doctor) => <DoctorReviews doctorId={doctor.id} doctorName={doctor.fullName} user={user} />}
    />
  );
}

/** Who may open the appointment pages: not a clinic's staff, who see visits at the front desk. */
const APPOINTMENT_ROLES = ["patient", "doctor", "admin"] as const;
/** Invoices are a patient's, a doctor's or (all of them) an admin's. */
const INVOICE_ROLES = ["patient", "doctor", "admin"] as const;

/** A route of its own chunk, shown where it goes once loaded. */
function Lazy<P extends object>({ route, ...props }: { route: LazyRoute<P> } & P) {
  const Component = route.Component;
  return <Component {...(props as unknown as P)} />;
}

export function AppRouter() {
  const [location] = useLocation();
  return (
    <AppLayout>
      <SecondFactorGate>
        {/* A page that fails keeps the header and navigation; going to another address shows it again. */}
        <ErrorBoundary resetKey={location} onReset={retryFailedRoutes} fallback={<PageError />}>
          {/* The main area is a screen tall already: the spinner holds the page's place while its code loads. */}
          <Suspense fallback={<PageSpinner label="Loading the page…" />}>
            <Switch>
              <Route path="/" component={LandingRoute} />
              <Route path="/login" component={chunks.LoginRoute.Component} />
              <Route path="/register" component={chunks.RegisterRoute.Component} />
              <Route path="/forgot-password" component={chunks.ForgotPasswordRoute.Component} />
              <Route path="/reset-password" component={chunks.ResetPasswordRoute.Component} />
              <Route path="/verify-email" component={chunks.VerifyEmailRoute.Component} />
              <Route path="/security">
                <RequireUser>{(user) => <Lazy route={chunks.SecurityRoute} user={user} />}</RequireUser>
              </Route>
              <Route path="/doctors" component={DoctorDirectoryRoute} />
              <Route path="/doctors/:id" component={DoctorProfilePage} />
              <Route path="/profile">
                <RequireUser>{(user) => <Lazy route={chunks.ProfileRoute} user={user} />}</RequireUser>
              </Route>
              <Route path="/notifications">
                <RequireUser>{(user) => <Lazy route={chunks.NotificationsRoute} user={user} />}</RequireUser>
              </Route>
              {/* Own visits are a patient's or a doctor's (an admin is told where to look instead);
                  a clinic's staff work with visits at the front desk. */}
              <Route path="/appointments">
                <RequireRole role={APPOINTMENT_ROLES}>
                  {(user) => (user.role === "admin" ? <AppointmentsUnavailable /> : <AppointmentsRoute user={user} />)}
                </RequireRole>
              </Route>
              <Route path="/appointments/:id/consultation">
                <RequireRole role={APPOINTMENT_ROLES}>
                  {(user) => (user.role === "admin" ? <AppointmentsUnavailable /> : <Lazy route={chunks.ConsultationRoute} user={user} />)}
                </RequireRole>
              </Route>
              <Route path="/appointments/:id">
                <RequireRole role={APPOINTMENT_ROLES}>
                  {(user) =>
                    user.role === "admin" ? (
                      <AppointmentsUnavailable />
                    ) : (
                      <Lazy route={chunks.AppointmentPage} user={user} />
                    )
                  }
                </RequireRole>
              </Route>
              <Route path="/payments/return">
                <RequireRole role="patient">{() => <Lazy route={chunks.PaymentReturnRoute} />}</RequireRole>
              </Route>
              <Route path="/invoices">
                <RequireRole role={INVOICE_ROLES}>{(user) => <Lazy route={chunks.InvoicesRoute} user={user} />}</RequireRole>
              </Route>
              <Route path="/earnings">
                <RequireRole role="doctor">{() => <Lazy route={chunks.EarningsRoute} />}</RequireRole>
              </Route>
              <Route path="/patient">
                <RequireRole role="patient">{(user) => <PatientDashboardRoute user={user} />}</RequireRole>
              </Route>
              <Route path="/records">
                <RequireRole role="patient">{(user) => <Lazy route={chunks.PatientRecordsRoute} user={user} />}</RequireRole>
              </Route>
              <Route path="/patients/:patientId">
                <RequireRole role="doctor">{(user) => <Lazy route={chunks.PatientChartRoute} user={user} />}</RequireRole>
              </Route>
              <Route path="/doctor/schedule">
                <RequireRole role="doctor">{(user) => <Lazy route={chunks.ScheduleRoute} user={user} />}</RequireRole>
              </Route>
              <Route path="/clinics" component={chunks.ClinicsRoute.Component} />
              <Route path="/clinics/:id" component={chunks.ClinicDetailRoute.Component} />
              <Route path="/front-desk">
                <RequireRole role={["clinic_admin", "receptionist"]}>{(user) => <Lazy route={chunks.FrontDeskRoute} user={user} />}</RequireRole>
              </Route>
              <Route path="/clinic/analytics">
                <RequireRole role={["clinic_admin", "admin"]}>
                  {(user) => <Lazy route={chunks.ClinicAnalyticsRoute} user={user} />}
                </RequireRole>
              </Route>
              <Route path="/clinic/doctors/:id/schedule">
                <RequireRole role="clinic_admin">{() => <Lazy route={chunks.ClinicDoctorSchedulePage} />}</RequireRole>
              </Route>
              <Route path="/analytics">
                <RequireRole role="doctor">{() => <Lazy route={chunks.DoctorAnalyticsRoute} />}</RequireRole>
              </Route>
              <Route path="/doctor">
                <RequireRole role="doctor">{(user) => <DoctorDashboardRoute user={user} />}</RequireRole>
              </Route>
              <Route component={NotFoundRoute} />
            </Switch>
          </Suspense>
        </ErrorBoundary>
      </SecondFactorGate>
    </AppLayout>
  );
}
