import type { ReactNode } from "react";
import { PageHeader } from "@/components/page-header";

type DashboardShellProps = {
  title: string;
  intro: ReactNode;
  children: ReactNode;
};

export function DashboardShell({ title, intro, children }: DashboardShellProps) {
  return (
    <div className="space-y-6 py-2 sm:py-4">
      <PageHeader title={title}>{intro}</PageHeader>
      <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">{children}</div>
    </div>
  );
}
