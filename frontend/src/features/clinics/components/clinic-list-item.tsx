import { Link } from "wouter";
import { pluralize } from "@/lib/format";
import type { ClinicSummary } from "@/types/api";
import { ClinicLogo } from "@/features/clinics/components/clinic-logo";

export function ClinicListItem({ clinic }: { clinic: ClinicSummary }) {
  const place = [clinic.address, clinic.city].filter(Boolean).join(", ");
  return (
    <li className="flex gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <ClinicLogo name={clinic.name} src={clinic.logoUrl} />
      <div className="min-w-0 space-y-1">
        <h2 className="text-lg font-semibold text-slate-900">
          <Link href={`/clinics/${clinic.id}`} className="underline-offset-2 hover:underline">
            {clinic.name}
          </Link>
        </h2>
        {place ? <p className="text-slate-700">{place}</p> : null}
        <p className="text-sm text-slate-600">
          {pluralize(clinic.doctorCount, "doctor")}
          {clinic.phone ? ` · ${clinic.phone}` : null}
        </p>
      </div>
    </li>
  );
}
