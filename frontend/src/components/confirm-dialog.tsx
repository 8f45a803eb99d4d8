import type { ReactNode } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";

type ConfirmDialogProps = {
  open: boolean;
  title: string;
  /** What will happen, in words the user can weigh before confirming. */
  children: ReactNode;
  confirmLabel: string;
  /** The confirm button's text while the request runs, like "Deleting…". */
  busyLabel: string;
  busy: boolean;
  /** Why the last attempt failed, shown in the dialog. */
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
  focusAfterClose?: () => HTMLElement | null;
};

/** Asks before an action that cannot be undone; Cancel (or Escape) closes it. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busyLabel,
  busy,
  error,
  onConfirm,
  onClose,
  focusAfterClose,
}: ConfirmDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title={title} dismissible={!busy} focusAfterClose={focusAfterClose}>
      <div className="space-y-3 text-slate-700">{children}</div>
      {error ? <Alert>{error}</Alert> : null}
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button variant="danger" onClick={onConfirm} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
