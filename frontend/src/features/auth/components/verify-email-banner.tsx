import { useLocation } from "wouter";
import { useUser } from "@/features/auth/api/get-user";
import { ResendVerification } from "@/features/auth/components/resend-verification";

/** Asks a logged-in user whose email address is not verified yet to verify it. */
export function VerifyEmailBanner() {
  const user = useUser().data;
  const [location] = useLocation();
  if (!user || user.emailVerified || !user.email || location === "/verify-email") {
    return null;
  }
  return (
    <section
      aria-labelledby="verify-email-banner-title"
      className="mb-6 space-y-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950 sm:p-5"
    >
      <div className="space-y-1">
        <h2 id="verify-email-banner-title" className="font-semibold">
          Verify your email
        </h2>
        <p className="text-sm">
          We sent a link to <span className="font-semibold break-all">{user.email}</span>. Open it to confirm the
          address is yours: until then Clinic360 sends no appointment mail or reminders there.
        </p>
      </div>
      <ResendVerification email={user.email} variant="secondary" />
    </section>
  );
}
