import { Link } from "wouter";
import { Avatar } from "@/components/avatar";
import { formatExperience, formatList } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import type { DirectoryDoctor } from "@/features/doctors/api/get-doctors";
import type { DirectoryHistoryState } from "@/features/doctors/utils/doctor-search";
import { AvailabilityBadge } from "@/features/doctors/components/availability-badge";
import { ConsultationTypeBadges } from "@/features/doctors/components/consultation-type-badges";
import { SearchMatchReasons } from "@/features/doctors/components/search-match-reasons";
import { SearchNextTimes } from "@/features/doctors/components/search-next-times";
import { SearchRating } from "@/features/doctors/components/search-rating";

type DoctorListItemProps = {
  doctor: DirectoryDoctor;
  /** The directory address these results came from, so the profile can link back to it. */
  directoryPath: string;
};

export function DoctorListItem({ doctor, directoryPath }: DoctorListItemProps) {
  // "Free" only for a fee of zero; no fee at all is not listed (as on the profile and booking).
  const fee = doctor.fee ? (doctor.fee.amount > 0 ? formatMoney(doctor.fee) : "Free") : null;
  const experience = formatExperience(doctor.experienceYears);
  const place = [doctor.specialty?.name, doctor.city].filter(Boolean).join(" · ");
  const state: DirectoryHistoryState = { directoryPath };

  return (
    <li>
      <article className="relative space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm transition-shadow focus-within:shadow-md hover:shadow-md sm:p-5">
        <div className="flex gap-4">
          <Avatar name={doctor.fullName} src={doctor.photoUrl} size="md" />
          <div className="min-w-0 flex-1 space-y-2">
            <div className="min-w-0">
              <h3 className="text-lg font-semibold text-slate-900">
                <Link
                  href={`/doctors/${doctor.id}`}
                  state={state}
                  className="rounded text-teal-900 underline-offset-2 after:absolute after:inset-0 after:rounded-xl hover:underline"
                >
                  {doctor.fullName}
                </Link>
              </h3>
              {place ? <p className="text-slate-700">{place}</p> : null}
              <SearchRating rating={doctor.rating} count={doctor.ratingCount} className="mt-0.5" />
            </div>

            <SearchMatchReasons reasons={doctor.matchReasons ?? []} />

            <dl className="grid gap-x-4 gap-y-1 text-sm text-slate-700 sm:grid-cols-2">
              <div className="flex gap-1.5">
                <dt className={fee ? "font-medium text-slate-900" : "sr-only"}>Fee:</dt>
                <dd>{fee ?? "Fee not listed"}</dd>
              </div>
              {experience ? (
                <div className="flex gap-1.5">
                  <dt className="sr-only">Experience:</dt>
                  <dd>{experience}</dd>
                </div>
              ) : null}
              {doctor.clinics.length > 0 ? (
                <div className="flex gap-1.5 sm:col-span-2">
                  <dt className="font-medium text-slate-900">{doctor.clinics.length === 1 ? "Clinic:" : "Clinics:"}</dt>
                  <dd>{formatList(doctor.clinics.map((clinic) => clinic.name))}</dd>
                </div>
              ) : null}
              {doctor.languages.length > 0 ? (
                <div className="flex gap-1.5 sm:col-span-2">
                  <dt className="font-medium text-slate-900">Languages:</dt>
                  <dd>{formatList(doctor.languages)}</dd>
                </div>
              ) : null}
            </dl>

            <div className="flex flex-wrap items-center gap-1.5">
              <AvailabilityBadge status={doctor.availabilityStatus} />
              <ConsultationTypeBadges
                types={doctor.consultationTypes}
                clinicNames={doctor.clinics.map((clinic) => clinic.name)}
              />
            </div>
          </div>
        </div>

        <div className="sm:pl-20">
          <SearchNextTimes
            doctorId={doctor.id}
            doctorName={doctor.fullName}
            slots={doctor.nextSlots}
            nextAvailable={doctor.nextAvailable}
            directoryPath={directoryPath}
          />
        </div>
      </article>
    </li>
  );
}
