import type { Ref } from "react";
import { Alert } from "@/components/alert";
import type { FormError } from "@/lib/form";

type FormErrorAlertProps = {
  error: FormError;
  ref?: Ref<HTMLDivElement>;
};

export function FormErrorAlert({ error, ref }: FormErrorAlertProps) {
  return (
    <Alert ref={ref} title={error.message}>
      {error.details.length > 0 ? (
        <ul className="list-disc space-y-0.5 pl-5">
          {error.details.map((detail, index) => (
            <li key={`${index}-${detail}`}>{detail}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
