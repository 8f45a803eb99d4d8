import type { ReactNode, Ref } from "react";
import { cn } from "@/lib/cn";

type AlertProps = {
  variant?: "error" | "success" | "info";
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
  ref?: Ref<HTMLDivElement>;
};

const styles = {
  error: "border-red-300 bg-red-50 text-red-900",
  success: "border-emerald-300 bg-emerald-50 text-emerald-900",
  info: "border-sky-300 bg-sky-50 text-sky-900",
} as const;

export function Alert({ variant = "error", title, children, className, ref }: AlertProps) {
  return (
    <div
      ref={ref}
      role={variant === "error" ? "alert" : "status"}
      tabIndex={-1}
      className={cn("rounded-lg border px-4 py-3 text-sm", styles[variant], className)}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={cn(title ? "mt-1" : undefined)}>{children}</div> : null}
    </div>
  );
}
