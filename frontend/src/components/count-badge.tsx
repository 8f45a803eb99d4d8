import { cn } from "@/lib/cn";

type CountBadgeProps = {
  count: number;
  /** Layout, including the display ("flex" or "inline-flex"). */
  className: string;
};

/**
 * A small red count ("3", "99+") on a link. Hidden from assistive technology: the link must
 * say the count in words.
 */
export function CountBadge({ count, className }: CountBadgeProps) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "h-5 min-w-5 items-center justify-center rounded-full bg-red-700 px-1.5 text-xs leading-none font-bold text-white",
        className,
      )}
    >
      {count > 99 ? "99+" : count}
    </span>
  );
}
