type CopyStatusProps = {
  /** What came of the last copy, e.g. "Link copied."; nothing shows while it is null. */
  message: string | null;
};

/** The polite status line under a copy button, saying whether the copy worked. */
export function CopyStatus({ message }: CopyStatusProps) {
  return message ? (
    <p role="status" className="text-sm font-medium">
      {message}
    </p>
  ) : null;
}
