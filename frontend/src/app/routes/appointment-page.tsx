import { AppointmentDetailRoute } from "@/features/appointments/routes/appointment-detail";
import { AppointmentPayment } from "@/features/payments/components/appointment-payment";
import { VisitReview } from "@/features/reviews/components/visit-review";
import type { User } from "@/types/api";

/** An appointment with its payment and, once it took place, its review (one chunk, loaded on demand). */
export function AppointmentPage({ user }: { user: User }) {
  return (
    <AppointmentDetailRoute
      user={user}
      review={(appointment) => <VisitReview appointment={appointment} />}
      payment={(appointment, viewer) => <AppointmentPayment appointment={appointment} viewer={viewer} />}
    />
  );
}
