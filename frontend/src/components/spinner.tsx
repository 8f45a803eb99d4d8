import { cn } from "@/lib/cn";

type SpinnerProps = {
  label?: string;
  className?: string;
};

export function Spinner({ label = "Loading…", className }: SpinnerProps) {
  return (
    <div
      role="status"
      aria-live="polite"
      className={cn("flex items-center justify-center gap-3 text-slate-700", className)}
    >
      <svg
        aria-hidden="true"
        className="size-6 animate-spin text-teal-700 motion-reduce:animate-none"
        viewBox="0 0 24 24"
        fill="none"
      >
        <circle cx="12" cy="12" r="10" stroke="currentColor" strokeOpacity="0.25" strokeWidth="4" />
        <path d="M22 12a10 10 0 0 0-10-10" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
      </svg>
      <span>{label}</span>
    </div>
  );
}

export function PageSpinner({ label }: SpinnerProps) {
  return <Spinner label={label} className="py-16" />;
}
