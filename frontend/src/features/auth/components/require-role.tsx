import type { ReactNode } from "react";
import type { Role, User } from "@/types/api";
import { AccessDenied } from "@/features/auth/components/access-denied";
import { RequireUser } from "@/features/auth/components/require-user";

type RequireRoleProps = {
  role: Role;
  children: (user: User) => ReactNode;
};

export function RequireRole({ role, children }: RequireRoleProps) {
  return (
    <RequireUser>
      {(user) => (user.role === role ? children(user) : <AccessDenied user={user} requiredRole={role} />)}
    </RequireUser>
  );
}
