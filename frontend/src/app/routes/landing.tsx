import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { ADMIN_CONSOLE_PATH, homePathFor } from "@/lib/paths";
import { useDocumentTitle } from "@/lib/use-document-title";
import { useUser } from "@/features/auth/api/get-user";

const highlights = [
  {
    title: "Find the right doctor",
    description: "Browse verified doctors by specialty and pick the one who fits your needs.",
  },
  {
    title: "Book in minutes",
    description: "Choose a time that works for you and get reminders before your appointment.",
  },
  {
    title: "Consult by video",
    description: "Meet your doctor in a secure video consultation from wherever you are.",
  },
] as const;

/** Room for two stacked buttons on a phone, one row from `sm` up. */
const actionsClassName = "flex min-h-25 flex-col gap-3 sm:min-h-11 sm:flex-row";

export function LandingRoute() {
  useDocumentTitle();
  const user = useUser().data;

  return (
    <div className="space-y-12 py-4 sm:py-8">
      <section aria-labelledby="landing-title" className="max-w-2xl space-y-5">
        <h1 id="landing-title" className="text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
          Clinic360
        </h1>
        <p className="text-xl text-slate-700">
          Find doctors, book appointments and meet them in video consultations, all in one place.
        </p>
        {/* Both versions fit the same room, so the text below stays put when the user arrives. */}
        {user ? (
          <div className={actionsClassName}>
            <p className="self-center text-slate-700">Welcome back, {user.fullName}.</p>
            {user.role === "admin" ? (
              <a href={ADMIN_CONSOLE_PATH} className={buttonClassName("primary")}>
                Open the admin console
              </a>
            ) : (
              <Link href={homePathFor(user.role)} className={buttonClassName("primary")}>
                Go to your dashboard
              </Link>
            )}
          </div>
        ) : (
          <div className={actionsClassName}>
            <Link href="/register" className={buttonClassName("primary", "sm:min-w-40")}>
              Create account
            </Link>
            <Link href="/login" className={buttonClassName("secondary", "sm:min-w-40")}>
              Log in
            </Link>
          </div>
        )}
        <p className="text-slate-700">
          Looking for a doctor?{" "}
          <Link href="/doctors" className="font-semibold text-teal-800 underline underline-offset-2">
            Browse doctors
          </Link>{" "}
          by specialty, city or symptom. No account needed.
        </p>
      </section>

      <section aria-labelledby="landing-highlights" className="space-y-4">
        <h2 id="landing-highlights" className="text-2xl font-semibold text-slate-900">
          Care that fits your day
        </h2>
        <ul className="grid gap-4 md:grid-cols-3">
          {highlights.map((item) => (
            <li key={item.title} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
              <h3 className="text-lg font-semibold text-slate-900">{item.title}</h3>
              <p className="mt-2 text-slate-700">{item.description}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
