import { TextField, type TextFieldProps } from "@/components/text-field";

type PersonFieldProps = Omit<TextFieldProps, "label">;

export function FullNameField(props: PersonFieldProps) {
  return <TextField label="Full name" autoComplete="name" {...props} />;
}

export function EmailField(props: PersonFieldProps) {
  return (
    <TextField label="Email" type="email" autoComplete="email" autoCapitalize="none" spellCheck={false} {...props} />
  );
}

export function PhoneField(props: PersonFieldProps) {
  return <TextField label="Phone" type="tel" autoComplete="tel" {...props} />;
}
