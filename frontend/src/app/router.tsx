import { Route, Switch } from "wouter";
import { AppLayout } from "@/app/layout";
import { LandingRoute } from "@/app/routes/landing";
import { NotFoundRoute } from "@/app/routes/not-found";
import { RequireRole } from "@/features/auth/components/require-role";
import { LoginRoute } from "@/features/auth/routes/login";
import { RegisterRoute } from "@/features/auth/routes/register";
import { DoctorDashboardRoute } from "@/features/dashboard/routes/doctor-dashboard";
import { PatientDashboardRoute } from "@/features/dashboard/routes/patient-dashboard";

export function AppRouter() {
  return (
    <AppLayout>
      <Switch>
        <Route path="/" component={LandingRoute} />
        <Route path="/login" component={LoginRoute} />
        <Route path="/register" component={RegisterRoute} />
        <Route path="/patient">
          <RequireRole role="patient">{(user) => <PatientDashboardRoute user={user} />}</RequireRole>
        </Route>
        <Route path="/doctor">
          <RequireRole role="doctor">{(user) => <DoctorDashboardRoute user={user} />}</RequireRole>
        </Route>
        <Route component={NotFoundRoute} />
      </Switch>
    </AppLayout>
  );
}
