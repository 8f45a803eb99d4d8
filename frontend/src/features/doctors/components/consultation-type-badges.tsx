import { Badge } from "@/components/badge";
import { consultationTypeLabel, orderedConsultationTypes } from "@/lib/doctor-attributes";
import type { ConsultationType } from "@/types/api";

type ConsultationTypeBadgesProps = {
  types: readonly ConsultationType[];
  /** Read before the list by screen readers; null when a visible label already says it. */
  label?: string | null;
  /** Where in-person visits take place: "In person at <clinic>". */
  clinicNames?: readonly string[];
};

export function ConsultationTypeBadges({
  types,
  label = "Consultation types",
  clinicNames = [],
}: ConsultationTypeBadgesProps) {
  const ordered = orderedConsultationTypes(types);
  if (ordered.length === 0) {
    return null;
  }
  return (
    // A visually hidden prefix rather than aria-label, so that getByLabel("Consultation type")
    // keeps finding only the directory's form control.
    <div>
      {label ? <span className="sr-only">{label}:</span> : null}
      <ul role="list" className="flex flex-wrap gap-1.5">
        {ordered.map((type) => (
          <li key={type}>
            <Badge tone="teal">
              <ConsultationIcon type={type} />
              {consultationTypeLabel(type, clinicNames)}
            </Badge>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ConsultationIcon({ type }: { type: ConsultationType }) {
  const common = {
    "aria-hidden": true,
    viewBox: "0 0 20 20",
    fill: "none",
    stroke: "currentColor",
    strokeWidth: 1.8,
    strokeLinecap: "round",
    strokeLinejoin: "round",
    className: "size-4",
  } as const;
  switch (type) {
    case "video":
      return (
        <svg {...common}>
          <rect x="2" y="5" width="11" height="10" rx="2" />
          <path d="m13 9 5-3v8l-5-3" />
        </svg>
      );
    case "audio":
      return (
        <svg {...common}>
          <path d="M4 3h3l1.5 4-2 1.5a9 9 0 0 0 5 5l1.5-2 4 1.5v3a2 2 0 0 1-2 2A14 14 0 0 1 2 5a2 2 0 0 1 2-2" />
        </svg>
      );
    case "chat":
      return (
        <svg {...common}>
          <path d="M3 4h14v9H8l-4 3v-3H3z" />
        </svg>
      );
    case "in_person":
      return (
        <svg {...common}>
          <path d="M3 17V8l7-5 7 5v9H3z" />
          <path d="M10 8v5M7.5 10.5h5" />
        </svg>
      );
  }
}
