import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/button";
import { CopyStatus } from "@/components/copy-status";

type RecoveryCodesProps = {
  codes: string[];
  onDone: () => void;
};

/** The ten recovery codes, shown once right after two-step verification is turned on. */
export function RecoveryCodes({ codes, onDone }: RecoveryCodesProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [copyStatus, setCopyStatus] = useState<string | null>(null);
  const text = recoveryCodesText(codes);

  useEffect(() => {
    ref.current?.focus();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopyStatus("Codes copied.");
    } catch {
      setCopyStatus("Couldn't copy automatically: download the file or write the codes down.");
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "clinic360-recovery-codes.txt";
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  return (
    <div
      ref={ref}
      tabIndex={-1}
      aria-labelledby="recovery-codes-title"
      role="region"
      className="space-y-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-emerald-950 outline-none"
    >
      <h3 id="recovery-codes-title" className="font-semibold">
        Two-step verification is on. Save your recovery codes
      </h3>
      <p className="text-sm">
        If you lose your phone, each of these codes lets you log in once instead of a code from the app. Keep them
        somewhere safe, like a password manager. They are shown only now.
      </p>
      <ol aria-label="Recovery codes" className="grid grid-cols-1 gap-2 font-mono text-base sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code} className="rounded-md border border-emerald-200 bg-white px-3 py-2 text-center text-slate-900">
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-col gap-3 sm:flex-row">
        <Button variant="secondary" onClick={download}>
          Download as a text file
        </Button>
        <Button variant="secondary" onClick={() => void copy()}>
          Copy codes
        </Button>
        <Button onClick={onDone}>I've saved my codes</Button>
      </div>
      <CopyStatus message={copyStatus} />
    </div>
  );
}

function recoveryCodesText(codes: string[]): string {
  return [
    "Clinic360 recovery codes",
    "Each code works once, instead of a code from your authenticator app.",
    "",
    ...codes,
    "",
  ].join("\n");
}
