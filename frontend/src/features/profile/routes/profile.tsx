import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { PageSpinner } from "@/components/spinner";
import { getErrorMessage } from "@/lib/api-client";
import { useDocumentTitle } from "@/lib/use-document-title";
import { useSessionEnd } from "@/lib/use-session-end";
import type { AdminProfile, Profile, User } from "@/types/api";
import { useProfile } from "@/features/profile/api/get-profile";
import { AccountDeletion } from "@/features/profile/components/account-deletion";
import { AdminProfileDetails } from "@/features/profile/components/admin-profile-details";
import { CalendarSubscription } from "@/features/profile/components/calendar-subscription";
import { DoctorClinics } from "@/features/profile/components/doctor-clinics";
import { DoctorProfileForm } from "@/features/profile/components/doctor-profile-form";
import { NotificationSettings } from "@/features/profile/components/notification-settings";
import { PatientProfileForm } from "@/features/profile/components/patient-profile-form";
import { ProfilePhoto } from "@/features/profile/components/profile-photo";

type ProfileRouteProps = {
  user: User;
};

export function ProfileRoute({ user }: ProfileRouteProps) {
  useDocumentTitle("Your profile");
  const profileQuery = useProfile(user.id);
  // When the session has ended, the route guard sends the user to log in and back here.
  const sessionEnded = useSessionEnd(profileQuery.error);

  if (profileQuery.isPending || sessionEnded) {
    return <PageSpinner label="Loading your profile…" />;
  }

  if (profileQuery.isError) {
    return (
      <ErrorState
        title="We couldn't load your profile"
        message={getErrorMessage(profileQuery.error)}
        onRetry={() => void profileQuery.refetch()}
        isRetrying={profileQuery.isFetching}
      />
    );
  }

  return <ProfileView profile={profileQuery.data} />;
}

const intros: Record<Profile["role"], string> = {
  patient: "Keep your details up to date so your doctors have what they need.",
  doctor: "Patients see your practice details and photo in the doctor directory.",
  admin: "Your photo and account details.",
  clinic_admin: "Your photo and account details.",
  receptionist: "Your photo and account details.",
};

const audiences: Record<Profile["role"], string> = {
  patient: "Your doctors see it during consultations.",
  doctor: "Patients see it in the doctor directory.",
  admin: "It appears next to your name in Clinic360.",
  clinic_admin: "It appears next to your name in Clinic360.",
  receptionist: "It appears next to your name in Clinic360.",
};

/** Admins and a clinic's staff have an account-only profile: no practice or health details. */
function isAccountOnly(profile: Profile): profile is AdminProfile {
  return profile.role !== "patient" && profile.role !== "doctor";
}

function ProfileView({ profile }: { profile: Profile }) {
  return (
    <div className="mx-auto max-w-3xl space-y-6 py-2 sm:py-4">
      <PageHeader title="Your profile">
        <p>{intros[profile.role]}</p>
        {profile.role === "doctor" && profile.verificationStatus === "verified" ? (
          <p className="mt-2">
            <Link
              href={`/doctors/${profile.id}`}
              className="font-semibold text-teal-800 underline underline-offset-2"
            >
              View your public profile
            </Link>
          </p>
        ) : null}
      </PageHeader>

      <ProfilePhoto profile={profile} audience={audiences[profile.role]} />

      {isAccountOnly(profile) ? (
        <AdminProfileDetails profile={profile} />
      ) : (
        <section
          aria-labelledby="profile-details-title"
          className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
        >
          <h2 id="profile-details-title" className="mb-6 text-lg font-semibold text-slate-900">
            {profile.role === "doctor" ? "Professional details" : "Your details"}
          </h2>
          {profile.role === "patient" ? (
            <PatientProfileForm key={profile.id} profile={profile} />
          ) : (
            <DoctorProfileForm key={profile.id} profile={profile} />
          )}
        </section>
      )}

      {profile.role === "doctor" ? <DoctorClinics userId={profile.id} /> : null}

      {isAccountOnly(profile) ? null : <NotificationSettings userId={profile.id} phone={profile.phone} />}

      {isAccountOnly(profile) ? null : <CalendarSubscription userId={profile.id} />}

      <Panel
        title="Sign-in and security"
        description="Change your password, turn on two-step verification and see where you're signed in."
      >
        <Link href="/security" className={buttonClassName("secondary", "w-full sm:w-auto")}>
          Open security settings
        </Link>
      </Panel>

      {profile.role === "patient" ? <AccountDeletion userId={profile.id} /> : null}
    </div>
  );
}
