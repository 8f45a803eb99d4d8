import { useId, type ReactNode } from "react";

type PanelProps = {
  title: string;
  description?: ReactNode;
  children: ReactNode;
};

/** A white card that is one titled section (h2) of a page. */
export function Panel({ title, description, children }: PanelProps) {
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
    >
      <div className="space-y-1">
        <h2 id={headingId} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        {description ? <div className="text-slate-700">{description}</div> : null}
      </div>
      {children}
    </section>
  );
}
