import { ADMIN_CONSOLE_PATH } from "@/lib/paths";
import type { AdminProfile } from "@/types/api";

type AdminProfileDetailsProps = {
  profile: AdminProfile;
};

export function AdminProfileDetails({ profile }: AdminProfileDetailsProps) {
  return (
    <section
      aria-labelledby="admin-details-title"
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
    >
      <h2 id="admin-details-title" className="text-lg font-semibold text-slate-900">
        Account details
      </h2>
      <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="font-semibold text-slate-900">Name</dt>
          <dd className="text-slate-700">{profile.fullName}</dd>
        </div>
        <div>
          <dt className="font-semibold text-slate-900">Email address</dt>
          <dd className="break-all text-slate-700">{profile.email ?? "None"}</dd>
        </div>
        <div>
          <dt className="font-semibold text-slate-900">Phone number</dt>
          <dd className="text-slate-700">{profile.phone ?? "None"}</dd>
        </div>
      </dl>
      <p className="mt-4 text-sm text-slate-700">
        Administrator accounts are managed in the{" "}
        <a href={ADMIN_CONSOLE_PATH} className="font-semibold text-teal-800 underline underline-offset-2">
          admin console
        </a>
        .
      </p>
    </section>
  );
}
