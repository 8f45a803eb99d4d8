import { NoticeCard } from "@/features/auth/components/notice-card";

type ApplicationReceivedProps = {
  fullName: string;
};

export function ApplicationReceived({ fullName }: ApplicationReceivedProps) {
  return (
    <NoticeCard
      documentTitle="Application under review"
      title="Your application is under review"
      primaryLink={{ href: "/", label: "Back to the home page" }}
      secondaryLink={{ href: "/login", label: "Go to the login page" }}
    >
      <p>Thank you, {fullName}. We have received your application to join Clinic360 as a doctor.</p>
      <p>
        An administrator checks every doctor's details before they can see patients. You can't log in while your
        application is under review.
      </p>
      <p>
        Once it is approved, you will receive your employee ID. You will need it, together with your email or phone
        and your password, to log in.
      </p>
    </NoticeCard>
  );
}
