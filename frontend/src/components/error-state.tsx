import { Button } from "@/components/button";
import { cn } from "@/lib/cn";

type ErrorStateProps = {
  title?: string;
  message: string;
  onRetry?: () => void;
  isRetrying?: boolean;
  /** h1 when the error replaces a whole page, h2 when it replaces one part of it. */
  headingLevel?: 1 | 2;
  className?: string;
};

export function ErrorState({
  title = "Something went wrong",
  message,
  onRetry,
  isRetrying = false,
  headingLevel = 1,
  className,
}: ErrorStateProps) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <div
      role="alert"
      className={cn("mx-auto max-w-md space-y-4 text-center", headingLevel === 1 ? "py-12" : "py-8", className)}
    >
      <Heading className={cn("font-bold text-slate-900", headingLevel === 1 ? "text-2xl" : "text-xl")}>
        {title}
      </Heading>
      <p className="text-slate-700">{message}</p>
      {onRetry ? (
        <Button onClick={onRetry} disabled={isRetrying}>
          {isRetrying ? "Retrying…" : "Try again"}
        </Button>
      ) : null}
    </div>
  );
}
