import { Route, Switch } from "wouter";
import { AppLayout } from "@/app/layout";
import { LandingRoute } from "@/app/routes/landing";
import { NotFoundRoute } from "@/app/routes/not-found";
import { AppointmentsUnavailable } from "@/features/appointments/components/appointments-unavailable";
import { AppointmentDetailRoute } from "@/features/appointments/routes/appointment-detail";
import { AppointmentsRoute } from "@/features/appointments/routes/appointments";
import { useUser } from "@/features/auth/api/get-user";
import { RequireRole } from "@/features/auth/components/require-role";
import { RequireUser } from "@/features/auth/components/require-user";
import { SecondFactorGate } from "@/features/auth/components/second-factor-gate";
import { ForgotPasswordRoute } from "@/features/auth/routes/forgot-password";
import { LoginRoute } from "@/features/auth/routes/login";
import { RegisterRoute } from "@/features/auth/routes/register";
import { ResetPasswordRoute } from "@/features/auth/routes/reset-password";
import { VerifyEmailRoute } from "@/features/auth/routes/verify-email";
import { DoctorDashboardRoute } from "@/features/dashboard/routes/doctor-dashboard";
import { ConsultationRoute } from "@/features/consultations/routes/consultation";
import { PatientDashboardRoute } from "@/features/dashboard/routes/patient-dashboard";
import { DoctorDirectoryRoute } from "@/features/doctors/routes/doctor-directory";
import { DoctorProfileRoute } from "@/features/doctors/routes/doctor-profile";
import { NotificationsRoute } from "@/features/notifications/routes/notifications";
import { ProfileRoute } from "@/features/profile/routes/profile";
import { AppointmentPayment } from "@/features/payments/components/appointment-payment";
import { EarningsRoute } from "@/features/payments/routes/earnings";
import { InvoicesRoute } from "@/features/payments/routes/invoices";
import { PaymentReturnRoute } from "@/features/payments/routes/payment-return";
import { PatientChartRoute } from "@/features/records/routes/patient-chart";
import { PatientRecordsRoute } from "@/features/records/routes/patient-records";
import { ScheduleRoute } from "@/features/schedule/routes/schedule";
import { DoctorReviews } from "@/features/reviews/components/doctor-reviews";
import { VisitReview } from "@/features/reviews/components/visit-review";
import { SecurityRoute } from "@/features/security/routes/security";

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

export function AppRouter() {
  return (
    <AppLayout>
      <SecondFactorGate>
        <Switch>
          <Route path="/" component={LandingRoute} />
          <Route path="/login" component={LoginRoute} />
          <Route path="/register" component={RegisterRoute} />
          <Route path="/forgot-password" component={ForgotPasswordRoute} />
          <Route path="/reset-password" component={ResetPasswordRoute} />
          <Route path="/verify-email" component={VerifyEmailRoute} />
          <Route path="/security">
            <RequireUser>{(user) => <SecurityRoute user={user} />}</RequireUser>
          </Route>
          <Route path="/doctors" component={DoctorDirectoryRoute} />
          <Route path="/doctors/:id" component={DoctorProfilePage} />
          <Route path="/profile">
            <RequireUser>{(user) => <ProfileRoute user={user} />}</RequireUser>
          </Route>
          <Route path="/notifications">
            <RequireUser>{(user) => <NotificationsRoute user={user} />}</RequireUser>
          </Route>
          <Route path="/appointments">
            <RequireUser>
              {(user) => (user.role === "admin" ? <AppointmentsUnavailable /> : <AppointmentsRoute user={user} />)}
            </RequireUser>
          </Route>
          <Route path="/appointments/:id/consultation">
            <RequireUser>
              {(user) => (user.role === "admin" ? <AppointmentsUnavailable /> : <ConsultationRoute user={user} />)}
            </RequireUser>
          </Route>
          <Route path="/appointments/:id">
            <RequireUser>
              {(user) =>
                user.role === "admin" ? (
                  <AppointmentsUnavailable />
                ) : (
                  <AppointmentDetailRoute
                    user={user}
                    review={(appointment) => <VisitReview appointment={appointment} />}
                    payment={(appointment, viewer) => <AppointmentPayment appointment={appointment} viewer={viewer} />}
                  />
                )
              }
            </RequireUser>
          </Route>
          <Route path="/payments/return">
            <RequireRole role="patient">{() => <PaymentReturnRoute />}</RequireRole>
          </Route>
          <Route path="/invoices">
            <RequireUser>{(user) => <InvoicesRoute user={user} />}</RequireUser>
          </Route>
          <Route path="/earnings">
            <RequireRole role="doctor">{() => <EarningsRoute />}</RequireRole>
          </Route>
          <Route path="/patient">
            <RequireRole role="patient">{(user) => <PatientDashboardRoute user={user} />}</RequireRole>
          </Route>
          <Route path="/records">
            <RequireRole role="patient">{(user) => <PatientRecordsRoute user={user} />}</RequireRole>
          </Route>
          <Route path="/patients/:patientId">
            <RequireRole role="doctor">{(user) => <PatientChartRoute user={user} />}</RequireRole>
          </Route>
          <Route path="/doctor/schedule">
            <RequireRole role="doctor">{(user) => <ScheduleRoute user={user} />}</RequireRole>
          </Route>
          <Route path="/doctor">
            <RequireRole role="doctor">{(user) => <DoctorDashboardRoute user={user} />}</RequireRole>
          </Route>
          <Route component={NotFoundRoute} />
        </Switch>
      </SecondFactorGate>
    </AppLayout>
  );
}
