import { useState } from "react";
import { cn } from "@/lib/cn";
import { initialsOf } from "@/lib/format";

const sizes = {
  sm: "size-12 text-base",
  md: "size-16 text-xl",
  lg: "size-24 text-3xl sm:size-28",
} as const;

type AvatarProps = {
  name: string;
  src: string | null | undefined;
  size?: keyof typeof sizes;
  className?: string;
};

/**
 * A person's photo (alt text "Photo of {name}"), or their initials when there is no photo or
 * it fails to load. The initials are decorative: the name is always shown next to them.
 */
export function Avatar({ name, src, size = "md", className }: AvatarProps) {
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const classes = cn("shrink-0 rounded-full", sizes[size], className);

  if (src && failedSrc !== src) {
    return (
      <img
        src={src}
        alt={`Photo of ${name}`}
        loading="lazy"
        decoding="async"
        onError={() => setFailedSrc(src)}
        className={cn(classes, "bg-slate-100 object-cover")}
      />
    );
  }

  return (
    <span
      aria-hidden="true"
      className={cn(classes, "inline-flex items-center justify-center bg-teal-100 font-semibold text-teal-900 select-none")}
    >
      {initialsOf(name)}
    </span>
  );
}
