import type { ReactNode } from "react";
import { Link, useParams } from "wouter";
import { useHistoryState } from "wouter/use-browser-location";
import { Avatar } from "@/components/avatar";
import { DetailRow } from "@/components/detail-row";
import { QueryPage } from "@/components/query-page";
import { formatExperience, formatList, formatRating, pluralize } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { safeNextPath } from "@/lib/paths";
import { parseRouteId } from "@/lib/route-params";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { User } from "@/types/api";
import { useDoctor, type DoctorDetail } from "@/features/doctors/api/get-doctor";
import { AvailabilityBadge } from "@/features/doctors/components/availability-badge";
import { BookingSection } from "@/features/doctors/components/booking-section";
import { ConsultationTypeBadges } from "@/features/doctors/components/consultation-type-badges";
import { DoctorNotFound } from "@/features/doctors/components/doctor-not-found";
import type { DirectoryHistoryState } from "@/features/doctors/utils/doctor-search";
import { ProfileSection } from "@/components/profile-section";


/** What the app shows below the profile (the reviews), composed from another feature. */
export type DoctorProfileExtra = (doctor: DoctorDetail) => ReactNode;

type DoctorProfileRouteProps = {
  /** The logged-in user; null when anonymous, undefined while it loads. */
  user: User | null | undefined;
  reviews?: DoctorProfileExtra;
};

export function DoctorProfileRoute({ user, reviews }: DoctorProfileRouteProps) {
  const params = useParams<{ id: string }>();
  const id = parseRouteId(params.id);
  if (id === null) {
    return <DoctorNotFound />;
  }
  return <DoctorProfileLoader key={id} id={id} user={user} reviews={reviews} />;
}

function DoctorProfileLoader({
  id,
  user,
  reviews,
}: {
  id: number;
  user: User | null | undefined;
  reviews?: DoctorProfileExtra;
}) {
  const doctorQuery = useDoctor(id);
  return (
    <QueryPage
      query={doctorQuery}
      title="Doctor profile"
      loadingLabel="Loading the doctor's profile…"
      errorTitle="We couldn't load this doctor"
      notFound={<DoctorNotFound />}
    >
      {(doctor) => <DoctorProfile doctor={doctor} user={user} reviews={reviews} />}
    </QueryPage>
  );
}

function BackLink() {
  const state = useHistoryState<DirectoryHistoryState | null>();
  const fromResults = state?.directoryPath ? safeNextPath(state.directoryPath) : null;
  const href = fromResults?.startsWith("/doctors") ? fromResults : "/doctors";
  return (
    <Link href={href} className="inline-flex min-h-11 items-center gap-1 font-semibold text-teal-800 underline-offset-2 hover:underline">
      <span aria-hidden="true">←</span> {href === "/doctors" ? "All doctors" : "Back to search results"}
    </Link>
  );
}

function DoctorProfile({
  doctor,
  user,
  reviews,
}: {
  doctor: DoctorDetail;
  user: User | null | undefined;
  reviews?: DoctorProfileExtra;
}) {
  useDocumentTitle(doctor.fullName);
  // "Free" only for a fee of zero; no fee at all is not listed (as on the cards and booking).
  const fee = doctor.fee ? (doctor.fee.amount > 0 ? formatMoney(doctor.fee) : "Free") : null;
  const experience = formatExperience(doctor.experienceYears);
  const place = [doctor.facility, doctor.city].filter(Boolean).join(", ");

  return (
    <div className="space-y-6 py-2 sm:py-4">
      <BackLink />

      <header className="flex flex-col gap-4 sm:flex-row sm:items-center sm:gap-6">
        <Avatar name={doctor.fullName} src={doctor.photoUrl} size="lg" />
        <div className="min-w-0 space-y-2">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{doctor.fullName}</h1>
          {doctor.specialty ? <p className="text-lg text-slate-800">{doctor.specialty.name}</p> : null}
          {place ? <p className="text-slate-700">{place}</p> : null}
          <div className="flex flex-wrap items-center gap-2">
            <AvailabilityBadge status={doctor.availabilityStatus} />
            {doctor.rating !== null ? (
              <a href="#reviews" className="text-sm text-slate-700 underline-offset-2 hover:underline">
                <span aria-hidden="true" className="text-amber-600">
                  ★{" "}
                </span>
                {formatRating(doctor.rating)}
                <span className="sr-only"> out of 5</span> ({pluralize(doctor.ratingCount, "rating")})
              </a>
            ) : null}
          </div>
        </div>
      </header>

      <BookingSection doctor={doctor} user={user} />

      <div className="grid gap-4 lg:grid-cols-5">
        <div className="lg:col-span-2">
          <ProfileSection title="About">
            {doctor.bio ? (
              <p className="whitespace-pre-line">{doctor.bio}</p>
            ) : (
              <p className="text-slate-600">This doctor hasn't written a bio yet.</p>
            )}
          </ProfileSection>
        </div>

        <div className="lg:col-span-3">
          <ProfileSection title="Details">
            <dl className="divide-y divide-slate-100">
              <DetailRow term="Experience">{experience ?? "Not listed"}</DetailRow>
              <DetailRow term="Consultation fee">{fee ?? "Fee not listed"}</DetailRow>
              <DetailRow term="Languages">
                {doctor.languages.length > 0 ? formatList(doctor.languages) : "Not listed"}
              </DetailRow>
              <DetailRow term="Consultation types">
                {doctor.consultationTypes.length > 0 ? (
                  <ConsultationTypeBadges
                    types={doctor.consultationTypes}
                    label={null}
                    clinicNames={doctor.clinics.map((clinic) => clinic.name)}
                  />
                ) : (
                  "Not listed"
                )}
              </DetailRow>
              {doctor.clinics.length > 0 ? (
                <DetailRow term={doctor.clinics.length === 1 ? "Clinic" : "Clinics"}>
                  <ul role="list" className="space-y-1">
                    {doctor.clinics.map((clinic) => (
                      <li key={clinic.id}>
                        <Link href={`/clinics/${clinic.id}`} className="font-semibold text-teal-800 underline-offset-2 hover:underline">
                          {clinic.name}
                        </Link>
                        , {clinic.city}
                      </li>
                    ))}
                  </ul>
                </DetailRow>
              ) : null}
              {doctor.facility ? <DetailRow term="Facility or clinic">{doctor.facility}</DetailRow> : null}
              {doctor.city ? <DetailRow term="City">{doctor.city}</DetailRow> : null}
              {doctor.timezone ? <DetailRow term="Time zone">{doctor.timezone}</DetailRow> : null}
              <DetailRow term="Contact">
                {doctor.contact ? <span className="break-words whitespace-pre-line">{doctor.contact}</span> : "Not listed"}
              </DetailRow>
            </dl>
          </ProfileSection>
        </div>
      </div>

      {reviews?.(doctor)}
    </div>
  );
}

