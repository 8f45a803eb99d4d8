import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";

const base =
  "inline-flex min-h-11 items-center justify-center gap-2 rounded-lg px-4 py-2 text-base font-semibold transition-colors disabled:cursor-not-allowed disabled:opacity-70";

const variants: Record<ButtonVariant, string> = {
  primary: "bg-teal-700 text-white hover:bg-teal-800 disabled:hover:bg-teal-700",
  secondary:
    "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 disabled:hover:bg-white",
  ghost: "text-teal-800 hover:bg-teal-50 disabled:hover:bg-transparent",
  /** For the confirming step of something that cannot be undone. */
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:hover:bg-red-700",
};

export function buttonClassName(variant: ButtonVariant = "primary", className?: string): string {
  return cn(base, variants[variant], className);
}

type ButtonProps = ComponentProps<"button"> & {
  variant?: ButtonVariant;
};

export function Button({ variant = "primary", className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={buttonClassName(variant, className)} {...props} />;
}
