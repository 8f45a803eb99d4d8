import { Alert } from "@/components/alert";
import { ApiError } from "@/lib/api-client";

const fieldLabels: Record<string, string> = {
  q: "Search",
  specialty: "Specialty",
  city: "City",
  language: "Language",
  consultationType: "Consultation type",
  minFee: "Minimum fee",
  maxFee: "Maximum fee",
  available: "Available",
  tz: "Time zone",
  sort: "Sort by",
  page: "Page",
  pageSize: "Page size",
};

/** The search's 422, if that is what the error is. */
export function validationError(error: unknown): ApiError | null {
  return error instanceof ApiError && error.status === 422 ? error : null;
}

/** Why the server refused the search: each field's message, named as the form names it. */
export function SearchInvalidAlert({ error }: { error: ApiError }) {
  const lines = Object.entries(error.fields).flatMap(([field, messages]) =>
    (messages ?? []).map((message) => `${fieldLabels[field] ?? field}: ${message}`),
  );
  return (
    <Alert title="Please check the search.">
      {lines.length > 0 ? (
        <ul className="list-disc space-y-0.5 pl-5">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p>{error.message}</p>
      )}
    </Alert>
  );
}
