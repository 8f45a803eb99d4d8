import { useId, type FormEventHandler, type ReactNode, type Ref } from "react";

type InlineFormProps = {
  title: string;
  description: ReactNode;
  /** h3 under a section's h2; h4 inside an item that has an h3. */
  headingLevel?: 3 | 4;
  id?: string;
  ref?: Ref<HTMLFormElement>;
  onSubmit: FormEventHandler<HTMLFormElement>;
  children: ReactNode;
};

/** A small form that opens in place for one step (a reason, a correction), named by its heading. */
export function InlineForm({ title, description, headingLevel = 3, id, ref, onSubmit, children }: InlineFormProps) {
  const headingId = useId();
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <form
      id={id}
      ref={ref}
      noValidate
      aria-labelledby={headingId}
      onSubmit={onSubmit}
      className="space-y-4 rounded-xl border border-slate-300 bg-slate-50 p-4"
    >
      <div className="space-y-1">
        <Heading id={headingId} className="text-base font-semibold text-slate-900">
          {title}
        </Heading>
        <p className="text-sm text-slate-700">{description}</p>
      </div>
      {children}
    </form>
  );
}
