import { useEffect, useId, useRef, type ReactNode } from "react";

type DialogProps = {
  open: boolean;
  /** Called when the dialog closes itself (Escape) or is closed by its caller. */
  onClose: () => void;
  title: string;
  children: ReactNode;
  /** While false, Escape does not close the dialog (e.g. while a request is running). */
  dismissible?: boolean;
  /**
   * What to focus after closing, when it returns an element; otherwise focus returns to the
   * element that opened the dialog (or stays where it is if that is gone).
   */
  focusAfterClose?: () => HTMLElement | null;
};

/**
 * A modal dialog on the native <dialog> element: the rest of the page is inert while it is
 * open, focus moves into it, Escape closes it, and focus returns to what opened it.
 */
export function Dialog({ open, onClose, title, children, dismissible = true, focusAfterClose }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const returnFocus = useRef<HTMLElement | null>(null);
  const onCloseRef = useRef(onClose);
  const focusAfterCloseRef = useRef(focusAfterClose);

  useEffect(() => {
    onCloseRef.current = onClose;
    focusAfterCloseRef.current = focusAfterClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    function handleClose() {
      onCloseRef.current();
      const target = returnFocus.current;
      returnFocus.current = null;
      // After React has re-rendered what the dialog changed (e.g. refreshed slots).
      window.setTimeout(() => {
        const preferred = focusAfterCloseRef.current?.();
        if (preferred) {
          preferred.focus();
        } else if (target && target.isConnected && !target.matches(":disabled")) {
          target.focus();
        }
      }, 0);
    }
    dialog.addEventListener("close", handleClose);
    return () => dialog.removeEventListener("close", handleClose);
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        if (!dismissible) event.preventDefault();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-2xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
    >
      <div className="max-h-[85dvh] space-y-4 overflow-y-auto p-5 sm:p-6">
        <h2 id={titleId} className="text-xl font-bold text-slate-900">
          {title}
        </h2>
        {children}
      </div>
    </dialog>
  );
}
