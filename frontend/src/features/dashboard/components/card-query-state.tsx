import { Button } from "@/components/button";
import { Spinner } from "@/components/spinner";
import { getErrorMessage } from "@/lib/api-client";

type CardLoadingProps = {
  label: string;
};

/** As tall as a card's empty state, the least it shows once loaded, so the cards below move less. */
export function CardLoading({ label }: CardLoadingProps) {
  return <Spinner label={label} className="min-h-30 justify-start py-3" />;
}

type CardErrorProps = {
  title: string;
  error: unknown;
  onRetry: () => void;
  isRetrying: boolean;
};

export function CardError({ title, error, onRetry, isRetrying }: CardErrorProps) {
  return (
    <div role="alert" className="space-y-2 rounded-lg border border-red-300 bg-red-50 px-3 py-3 text-sm text-red-900">
      <p className="font-semibold">{title}</p>
      <p>{getErrorMessage(error)}</p>
      <Button variant="secondary" onClick={onRetry} disabled={isRetrying}>
        {isRetrying ? "Retrying…" : "Try again"}
      </Button>
    </div>
  );
}
