import { useState } from "react";
import { cn } from "@/lib/cn";
import { initialsOf } from "@/lib/format";

const sizes = {
  sm: "size-12 text-base",
  md: "size-16 text-xl",
  lg: "size-24 text-3xl sm:size-28",
} as const;

type PhotoWidth = 96 | 192 | 384;

/** The photo copies (`?w=`) for each size: at least as wide as shown, then twice that for 2x screens. */
const photoWidths: Record<keyof typeof sizes, { px: number; x1: PhotoWidth; x2: PhotoWidth }> = {
  sm: { px: 48, x1: 96, x2: 96 },
  md: { px: 64, x1: 96, x2: 192 },
  lg: { px: 96, x1: 192, x2: 384 },
};

/** The photo's address asking for a copy at most `width` pixels on its longest side. */
export function photoAt(src: string, width: PhotoWidth): string {
  const url = new URL(src, window.location.origin);
  url.searchParams.set("w", String(width));
  return url.origin === window.location.origin ? `${url.pathname}${url.search}` : url.href;
}

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
  const widths = photoWidths[size];

  if (src && failedSrc !== src) {
    return (
      <img
        src={photoAt(src, widths.x1)}
        srcSet={widths.x2 === widths.x1 ? undefined : `${photoAt(src, widths.x1)} 1x, ${photoAt(src, widths.x2)} 2x`}
        width={widths.px}
        height={widths.px}
        alt={`Photo of ${name}`}
        // The large photo heads a page (a doctor's profile): it loads at once, the others as they scroll in.
        loading={size === "lg" ? "eager" : "lazy"}
        fetchPriority={size === "lg" ? "high" : undefined}
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
