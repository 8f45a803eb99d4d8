import { Link, useParams } from "wouter";
import { Avatar } from "@/components/avatar";
import { Badge } from "@/components/badge";
import { EmptyState } from "@/components/card";
import { DetailRow } from "@/components/detail-row";
import { QueryPage } from "@/components/query-page";
import { consultationTypeLabel, orderedConsultationTypes } from "@/lib/doctor-attributes";
import { formatRating, pluralize } from "@/lib/format";
import { parseRouteId } from "@/lib/route-params";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { ClinicDetail, ClinicDoctor } from "@/types/api";
import { useClinic } from "@/features/clinics/api/get-clinic";
import { ClinicLogo } from "@/features/clinics/components/clinic-logo";
import { ClinicNotFound } from "@/features/clinics/components/clinic-not-found";
import { ProfileSection } from "@/components/profile-section";

export function ClinicDetailRoute() {
  const params = useParams<{ id: string }>();
  const id = parseRouteId(params.id);
  if (id === null) return <ClinicNotFound />;
  return <ClinicLoader key={id} id={id} />;
}

function ClinicLoader({ id }: { id: number }) {
  const clinicQuery = useClinic(id);
  return (
    <QueryPage
      query={clinicQuery}
      title="Clinic"
      loadingLabel="Loading the clinic…"
      errorTitle="We couldn't load this clinic"
      notFound={<ClinicNotFound />}
    >
      {(clinic) => <ClinicPage clinic={clinic} />}
    </QueryPage>
  );
}

function ClinicPage({ clinic }: { clinic: ClinicDetail }) {
  useDocumentTitle(clinic.name);
  return (
    <div className="space-y-6 py-2 sm:py-4">
      <Link href="/clinics" className="inline-flex min-h-11 items-center gap-1 font-semibold text-teal-800 underline-offset-2 hover:underline">
        <span aria-hidden="true">←</span> All clinics
      </Link>
      <header className="flex flex-col gap-4 sm:flex-row sm:items-center sm:gap-6">
        <ClinicLogo name={clinic.name} src={clinic.logoUrl} size="lg" />
        <div className="min-w-0 space-y-1">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{clinic.name}</h1>
          <p className="text-lg text-slate-800">{clinic.city}</p>
        </div>
      </header>

      <div className="grid gap-4 lg:grid-cols-5">
        <div className="lg:col-span-2">
          <ProfileSection title="Visiting">
            <dl className="divide-y divide-slate-100">
              <DetailRow term="Address">
                {clinic.address ? <span className="whitespace-pre-line">{clinic.address}</span> : "Not listed"}
              </DetailRow>
              <DetailRow term="Time zone">{clinic.timezone}</DetailRow>
              <DetailRow term="Phone">
                {clinic.phone ? <a href={`tel:${clinic.phone}`} className="text-teal-800 underline">{clinic.phone}</a> : "Not listed"}
              </DetailRow>
              {clinic.email ? (
                <DetailRow term="Email">
                  <a href={`mailto:${clinic.email}`} className="break-all text-teal-800 underline">
                    {clinic.email}
                  </a>
                </DetailRow>
              ) : null}
              <DetailRow term="Opening hours">
                {clinic.openingNotes ? <span className="whitespace-pre-line">{clinic.openingNotes}</span> : "Not listed"}
              </DetailRow>
            </dl>
          </ProfileSection>
        </div>
        <div className="lg:col-span-3">
          <ProfileSection title={`Doctors (${clinic.doctors.length})`}>
            {clinic.doctors.length === 0 ? (
              <EmptyState title="No doctors listed yet" description="Doctors who see patients here will be listed." />
            ) : (
              <ul role="list" className="divide-y divide-slate-100">
                {clinic.doctors.map((doctor) => (
                  <ClinicDoctorItem key={doctor.id} doctor={doctor} clinicName={clinic.name} />
                ))}
              </ul>
            )}
          </ProfileSection>
        </div>
      </div>
    </div>
  );
}

function specialtyName(specialty: ClinicDoctor["specialty"]): string | null {
  if (!specialty) return null;
  return typeof specialty === "string" ? specialty : specialty.name;
}

function ClinicDoctorItem({ doctor, clinicName }: { doctor: ClinicDoctor; clinicName: string }) {
  const specialty = specialtyName(doctor.specialty);
  return (
    <li className="flex items-start gap-3 py-3">
      <Avatar name={doctor.fullName} src={doctor.photoUrl} size="sm" />
      <div className="min-w-0 space-y-1">
        <Link href={`/doctors/${doctor.id}`} className="font-semibold text-slate-900 underline-offset-2 hover:underline">
          {doctor.fullName}
        </Link>
        {specialty ? <p className="text-sm text-slate-700">{specialty}</p> : null}
        {doctor.rating !== null ? (
          <p className="text-sm text-slate-700">
            <span aria-hidden="true" className="text-amber-600">★ </span>
            {formatRating(doctor.rating)}
            <span className="sr-only"> out of 5</span> ({pluralize(doctor.ratingCount, "rating")})
          </p>
        ) : null}
        <ul role="list" aria-label="Consultation types" className="flex flex-wrap gap-1.5">
          {orderedConsultationTypes(doctor.consultationTypes).map((type) => (
            <li key={type}>
              <Badge tone="teal">{consultationTypeLabel(type, [clinicName])}</Badge>
            </li>
          ))}
        </ul>
      </div>
    </li>
  );
}
