import { cn } from "@/lib/cn";
import { formatRating, pluralize } from "@/lib/format";

type SearchRatingProps = {
  rating: number | null;
  count: number;
  className?: string;
};

/** Five stars filled to the average (rounded to the nearest whole star), the average and the count. */
export function SearchRating({ rating, count, className }: SearchRatingProps) {
  if (rating === null || count === 0) {
    return <p className={cn("text-sm text-slate-600", className)}>No reviews yet</p>;
  }
  const filled = Math.min(5, Math.max(0, Math.round(rating)));
  return (
    <p className={cn("flex items-center gap-1.5 text-sm text-slate-700", className)}>
      <span aria-hidden="true" className="tracking-tight">
        <span className="text-amber-500">{"★".repeat(filled)}</span>
        <span className="text-slate-300">{"★".repeat(5 - filled)}</span>
      </span>
      <span className="sr-only">Rated</span>
      <span className="font-semibold text-slate-900">{formatRating(rating)}</span>
      <span className="sr-only">out of 5,</span>
      <span>({pluralize(count, "review")})</span>
    </p>
  );
}
