import type { FormEvent, ReactNode, Ref } from "react";
import { FormErrorAlert } from "@/components/form-error-alert";
import type { FormError } from "@/lib/form";

type ValidatedFormProps = {
  /** The form state, as `useMutationForm` returns it. */
  form: {
    formRef: Ref<HTMLFormElement>;
    alertRef: Ref<HTMLDivElement>;
    formError: FormError | null;
    handleSubmit: (event: FormEvent<HTMLFormElement>) => void;
  };
  className?: string;
  children: ReactNode;
};

/** A form that checks its own fields (no browser bubbles), with its error alert above them. */
export function ValidatedForm({ form, className, children }: ValidatedFormProps) {
  return (
    <form ref={form.formRef} noValidate onSubmit={form.handleSubmit} className={className}>
      {form.formError ? <FormErrorAlert ref={form.alertRef} error={form.formError} /> : null}
      {children}
    </form>
  );
}
