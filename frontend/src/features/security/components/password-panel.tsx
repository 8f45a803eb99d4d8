import { Button } from "@/components/button";
import { NewPasswordFields } from "@/components/new-password-fields";
import { Panel } from "@/components/panel";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { TextField } from "@/components/text-field";
import { ValidatedForm } from "@/components/validated-form";
import { zodValidation } from "@/lib/form-schema";
import { useMutationForm } from "@/lib/use-mutation-form";
import { useStatusMessage } from "@/lib/use-status-message";
import { mutationLabel } from "@/lib/use-online";
import {
  changePasswordFormSchema,
  useChangePassword,
  type ChangePasswordFormValues,
} from "@/features/security/api/change-password";

const initialValues: ChangePasswordFormValues = { currentPassword: "", newPassword: "", confirmPassword: "" };

const fieldLabels: Partial<Record<string, string>> = {
  currentPassword: "Current password",
  newPassword: "New password",
  confirmPassword: "New password again",
};

export function PasswordPanel({ userId }: { userId: number }) {
  const status = useStatusMessage();
  const mutation = useChangePassword(userId);
  const form = useMutationForm({
    initialValues,
    visibleFields: () => ["currentPassword", "newPassword", "confirmPassword"],
    fieldLabels,
    validate: (values) => zodValidation(changePasswordFormSchema.safeParse(values)),
    mutation,
    onEdit: status.clear,
    valuesAfter: () => initialValues,
    onSuccess: () =>
      status.show({
        variant: "success",
        text: "Your password has been changed. Any other device that was signed in has been signed out.",
      }),
  });
  const { field, isSubmitting } = form;

  return (
    <Panel title="Password" description="Changing your password signs you out on every other device.">
      <StatusMessageAlert ref={status.ref} message={status.message} />
      <ValidatedForm form={form} className="space-y-5">
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          {...field("currentPassword")}
          readOnly={isSubmitting}
        />
        <NewPasswordFields
          password={field("newPassword")}
          confirmPassword={field("confirmPassword")}
          readOnly={isSubmitting}
        />
        <Button type="submit" disabled={isSubmitting}>
          {mutationLabel({ isPending: isSubmitting, isPaused: form.isPaused }, "Change password", "Changing password…")}
        </Button>
      </ValidatedForm>
    </Panel>
  );
}
