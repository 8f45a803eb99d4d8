import { cn } from "@/lib/cn";
import { formatRating } from "@/lib/format";

type StarsProps = {
  /** 0 to 5; fractions fill part of a star. */
  rating: number;
  className?: string;
};

/** Five stars filled up to the rating, read out as "4.5 out of 5 stars". */
export function Stars({ rating, className }: StarsProps) {
  const clamped = Math.min(5, Math.max(0, rating));
  const text = Number.isInteger(clamped) ? String(clamped) : formatRating(clamped);
  return (
    <span className={cn("relative inline-block leading-none whitespace-nowrap", className)}>
      <span className="sr-only">{`${text} out of 5 stars`}</span>
      <span aria-hidden="true" className="text-slate-300">
        ★★★★★
      </span>
      <span
        aria-hidden="true"
        className="absolute inset-y-0 left-0 overflow-hidden text-amber-500"
        style={{ width: `${(clamped / 5) * 100}%` }}
      >
        ★★★★★
      </span>
    </span>
  );
}
