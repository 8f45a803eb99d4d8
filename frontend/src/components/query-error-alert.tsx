import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { getErrorMessage } from "@/lib/api-client";

type QueryErrorAlertProps = {
  /** What could not be done, like "We couldn't refresh the list." */
  title: string;
  error: unknown;
  onRetry: () => void;
  /** While true the retry button is disabled. */
  isRetrying?: boolean;
};

/** A failed load or refresh, with the reason and a "Try again" button. */
export function QueryErrorAlert({ title, error, onRetry, isRetrying }: QueryErrorAlertProps) {
  return (
    <Alert title={title}>
      <p>{getErrorMessage(error)}</p>
      <Button variant="secondary" className="mt-2" onClick={onRetry} disabled={isRetrying}>
        Try again
      </Button>
    </Alert>
  );
}
