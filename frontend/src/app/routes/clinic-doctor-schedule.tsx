import { useParams } from "wouter";
import { NotFoundPage } from "@/components/not-found-page";
import { QueryPage } from "@/components/query-page";
import { FRONT_DESK_PATH } from "@/lib/paths";
import { parseRouteId } from "@/lib/route-params";
import { useStaffClinic } from "@/features/front-desk/api/get-staff-clinic";
import { ManagedSchedule } from "@/features/schedule/routes/managed-schedule";

function DoctorNotAtClinic() {
  return (
    <NotFoundPage title="Doctor not found" actionHref={FRONT_DESK_PATH} actionLabel="Back to the front desk">
      This doctor doesn't practise at your clinic.
    </NotFoundPage>
  );
}

/** A clinic admin's page for one of the clinic's doctors' schedule: the clinic (front desk) names
 * its doctors, the schedule editor edits theirs. */
export function ClinicDoctorSchedulePage() {
  const params = useParams<{ id: string }>();
  const id = parseRouteId(params.id);
  const clinicQuery = useStaffClinic();
  if (id === null) return <DoctorNotAtClinic />;
  return (
    <QueryPage
      query={clinicQuery}
      title="Schedule"
      loadingLabel="Loading your clinic…"
      errorTitle="We couldn't load your clinic"
      notFound={<DoctorNotAtClinic />}
    >
      {(clinic) => {
        const doctor = clinic.doctors.find((item) => item.id === id);
        return doctor ? (
          <ManagedSchedule key={doctor.id} doctorId={doctor.id} doctorName={doctor.fullName} backHref={FRONT_DESK_PATH} />
        ) : (
          <DoctorNotAtClinic />
        );
      }}
    </QueryPage>
  );
}
