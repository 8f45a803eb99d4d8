import { useId, type ReactNode } from "react";

type FormSectionProps = {
  title: string;
  description?: ReactNode;
  children: ReactNode;
};

/** A titled group of fields inside a form. */
export function FormSection({ title, description, children }: FormSectionProps) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="space-y-5">
      <div className="space-y-1">
        <h3 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h3>
        {description ? <p className="text-sm text-slate-600">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}
