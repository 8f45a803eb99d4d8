import { Route, Switch } from "wouter";
import { AppLayout } from "@/app/layout";
import { LandingRoute } from "@/app/routes/landing";
import { NotFoundRoute } from "@/app/routes/not-found";
import { RequireRole } from "@/features/auth/components/require-role";
import { RequireUser } from "@/features/auth/components/require-user";
import { LoginRoute } from "@/features/auth/routes/login";
import { RegisterRoute } from "@/features/auth/routes/register";
import { DoctorDashboardRoute } from "@/features/dashboard/routes/doctor-dashboard";
import { PatientDashboardRoute } from "@/features/dashboard/routes/patient-dashboard";
import { DoctorDirectoryRoute } from "@/features/doctors/routes/doctor-directory";
import { DoctorProfileRoute } from "@/features/doctors/routes/doctor-profile";
import { ProfileRoute } from "@/features/profile/routes/profile";

export function AppRouter() {
  return (
    <AppLayout>
      <Switch>
        <Route path="/" component={LandingRoute} />
        <Route path="/login" component={LoginRoute} />
        <Route path="/register" component={RegisterRoute} />
        <Route path="/doctors" component={DoctorDirectoryRoute} />
        <Route path="/doctors/:id" component={DoctorProfileRoute} />
        <Route path="/profile">
          <RequireUser>{(user) => <ProfileRoute user={user} />}</RequireUser>
        </Route>
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
