import { TextField } from "@/components/text-field";
import { NEW_PASSWORD_HINT } from "@/lib/password";
import type { FieldBinding } from "@/lib/use-mutation-form";

type NewPasswordFieldsProps = {
  /** The form's binding for the new password. */
  password: FieldBinding;
  /** The form's binding for the same password typed again. */
  confirmPassword: FieldBinding;
  readOnly?: boolean;
};

/** "New password" (with the rules as a hint) and "New password again", as every form that sets one asks. */
export function NewPasswordFields({ password, confirmPassword, readOnly }: NewPasswordFieldsProps) {
  return (
    <>
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={NEW_PASSWORD_HINT}
        {...password}
        readOnly={readOnly}
      />
      <TextField
        label="New password again"
        type="password"
        autoComplete="new-password"
        {...confirmPassword}
        readOnly={readOnly}
      />
    </>
  );
}
