import type { Ref } from "react";
import { Alert } from "@/components/alert";
import type { StatusMessage } from "@/lib/use-status-message";

type StatusMessageAlertProps = {
  message: StatusMessage | null;
  ref?: Ref<HTMLDivElement>;
};

export function StatusMessageAlert({ message, ref }: StatusMessageAlertProps) {
  return message ? (
    <Alert ref={ref} variant={message.variant}>
      {message.text}
    </Alert>
  ) : null;
}
