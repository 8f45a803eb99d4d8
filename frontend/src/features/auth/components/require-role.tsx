import type { ReactNode } from "react";
import type { Role, User } from "@/types/api";
import { AccessDenied } from "@/features/auth/components/access-denied";
import { RequireUser } from "@/features/auth/components/require-user";

type RequireRoleProps = {
  /** The role, or any of the roles, the page is for. */
  role: Role | readonly Role[];
  children: (user: User) => ReactNode;
};

export function RequireRole({ role, children }: RequireRoleProps) {
  return (
    <RequireUser>
      {(user) =>
        (typeof role === "string" ? user.role === role : role.includes(user.role)) ? (
          children(user)
        ) : (
          <AccessDenied user={user} requiredRole={role} />
        )
      }
    </RequireUser>
  );
}
