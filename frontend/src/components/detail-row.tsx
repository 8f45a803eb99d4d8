import type { ReactNode } from "react";

type DetailRowProps = {
  term: string;
  children: ReactNode;
};

/** One term and its description in a <dl>: side by side from small screens up. */
export function DetailRow({ term, children }: DetailRowProps) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-3 sm:gap-4">
      <dt className="font-medium text-slate-900">{term}</dt>
      <dd className="break-words text-slate-700 sm:col-span-2">{children}</dd>
    </div>
  );
}
