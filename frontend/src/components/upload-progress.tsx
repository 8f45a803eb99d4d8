type UploadProgressProps = {
  /** Sent so far, from 0 to 1; nothing is shown while null. */
  fraction: number | null;
};

/** A progress bar with "Uploading… 40%". */
export function UploadProgress({ fraction }: UploadProgressProps) {
  if (fraction === null) return null;
  const percent = Math.round(fraction * 100);
  return (
    <div className="space-y-1">
      <progress
        value={percent}
        max={100}
        aria-label="Upload progress"
        className="h-2 w-full overflow-hidden rounded-full [&::-moz-progress-bar]:bg-teal-700 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-teal-700"
      />
      <p className="text-sm text-slate-700">Uploading… {percent}%</p>
    </div>
  );
}
