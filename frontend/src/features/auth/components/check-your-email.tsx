import { NoticeCard } from "@/features/auth/components/notice-card";

type CheckYourEmailProps = {
  email: string;
};

/**
 * After a registration the server answered by mail (the address has an account already): the
 * page says no more than the mail does, so it tells a stranger nothing about the address.
 */
export function CheckYourEmail({ email }: CheckYourEmailProps) {
  return (
    <NoticeCard
      documentTitle="Check your email"
      title="Check your email"
      primaryLink={{ href: "/login", label: "Go to the login page" }}
      secondaryLink={{ href: "/forgot-password", label: "Forgot password" }}
    >
      <p>
        We sent a message to <span className="font-semibold break-all text-slate-900">{email}</span> with what to do
        next.
      </p>
      <p>If you already have a Clinic360 account, you can log in, or set a new password if you forgot it.</p>
    </NoticeCard>
  );
}
