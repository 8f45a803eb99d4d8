import { useId, type ReactNode } from "react";

type ChartFigureProps = {
  title: string;
  description?: string;
  /** The same figures as a table, for screen readers and anyone who wants the numbers. */
  table: ReactNode;
  children: ReactNode;
};

/** A titled chart with its figures as a table beneath, folded away. */
export function ChartFigure({ title, description, table, children }: ChartFigureProps) {
  const id = useId();
  return (
    <figure aria-labelledby={id} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <figcaption id={id} className="space-y-0.5">
        <span className="block text-lg font-semibold text-slate-900">{title}</span>
        {description ? <span className="block text-sm text-slate-700">{description}</span> : null}
      </figcaption>
      <div aria-hidden="true" className="h-72 w-full">
        {children}
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer font-semibold text-teal-800">Show the figures</summary>
        <div className="mt-2 overflow-x-auto">{table}</div>
      </details>
    </figure>
  );
}
