import { useState } from "react";
import { cn } from "@/lib/cn";
import { initialsOf } from "@/lib/format";

type ClinicLogoProps = {
  name: string;
  src: string | null;
  size?: "md" | "lg";
};

/** A clinic's logo, or its initials (decorative: the name is always beside it) when it has none. */
export function ClinicLogo({ name, src, size = "md" }: ClinicLogoProps) {
  const [failed, setFailed] = useState<string | null>(null);
  const classes = cn("shrink-0 rounded-xl", size === "lg" ? "size-24" : "size-14");
  if (src && failed !== src) {
    return (
      <img
        src={src}
        alt={`Logo of ${name}`}
        width={size === "lg" ? 96 : 56}
        height={size === "lg" ? 96 : 56}
        loading={size === "lg" ? "eager" : "lazy"}
        decoding="async"
        onError={() => setFailed(src)}
        className={cn(classes, "border border-slate-200 bg-white object-contain")}
      />
    );
  }
  return (
    <span
      aria-hidden="true"
      className={cn(classes, "inline-flex items-center justify-center bg-slate-100 text-lg font-semibold text-slate-700 select-none")}
    >
      {initialsOf(name)}
    </span>
  );
}
