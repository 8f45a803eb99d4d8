import { Link, useLocation, useSearch } from "wouter";
import { Button } from "@/components/button";
import { NewPasswordFields } from "@/components/new-password-fields";
import { ValidatedForm } from "@/components/validated-form";
import { zodValidation } from "@/lib/form-schema";
import { useDocumentTitle } from "@/lib/use-document-title";
import { useMutationForm } from "@/lib/use-mutation-form";
import { mutationLabel } from "@/lib/use-online";
import {
  resetPasswordFormSchema,
  useResetPassword,
  type ResetPasswordFormValues,
} from "@/features/auth/api/password-reset";
import { AuthPanel } from "@/features/auth/components/auth-panel";

const initialValues: ResetPasswordFormValues = { password: "", confirmPassword: "" };

const fieldLabels: Partial<Record<string, string>> = {
  password: "New password",
  confirmPassword: "New password again",
  token: "Link",
};

export function ResetPasswordRoute() {
  useDocumentTitle("Choose a new password");
  const token = new URLSearchParams(useSearch()).get("token") ?? "";

  return (
    <AuthPanel
      title="Choose a new password"
      description={token ? "Setting a new password signs you out everywhere, on every device." : undefined}
      footer={
        <>
          Link not working?{" "}
          <Link href="/forgot-password" className="font-semibold text-teal-800 underline underline-offset-2">
            Ask for a new one
          </Link>
        </>
      }
    >
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <p className="text-slate-700">
          This page needs the link from the password reset email. Open the link in the email again, or ask for a new
          one.
        </p>
      )}
    </AuthPanel>
  );
}

function ResetPasswordForm({ token }: { token: string }) {
  const [, navigate] = useLocation();
  const mutation = useResetPassword();
  const form = useMutationForm({
    initialValues,
    visibleFields: () => ["password", "confirmPassword"],
    fieldLabels,
    validate: (values) =>
      zodValidation(resetPasswordFormSchema.safeParse(values), (data) => ({ token, password: data.password })),
    mutation,
    onSuccess: () => navigate("/login?notice=password-reset", { replace: true }),
  });
  const { field, isSubmitting } = form;

  return (
    <ValidatedForm form={form} className="space-y-5">
      <NewPasswordFields
        password={field("password")}
        confirmPassword={field("confirmPassword")}
        readOnly={isSubmitting}
      />
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {mutationLabel({ isPending: isSubmitting, isPaused: form.isPaused }, "Set new password", "Saving…")}
      </Button>
    </ValidatedForm>
  );
}
