import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { ADMIN_CONSOLE_PATH, homePathFor } from "@/lib/paths";
import type { User } from "@/types/api";

type SignedInNoticeProps = {
  user: User;
};

export function SignedInNotice({ user }: SignedInNoticeProps) {
  return (
    <div className="space-y-4">
      <p className="text-slate-700">You are already logged in as {user.fullName}.</p>
      {user.role === "admin" ? (
        <a href={ADMIN_CONSOLE_PATH} className={buttonClassName("primary", "w-full")}>
          Open the admin console
        </a>
      ) : (
        <Link href={homePathFor(user.role)} className={buttonClassName("primary", "w-full")}>
          Go to your dashboard
        </Link>
      )}
    </div>
  );
}
