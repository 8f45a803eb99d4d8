import { Badge } from "@/components/badge";
import type { MatchReason } from "@/features/doctors/api/get-doctors";

/** "rash → Dermatology"; just the label when the word searched is its name. */
export function matchReasonText(reason: MatchReason): string {
  const term = reason.term.trim();
  const label = reason.label.trim();
  if (!term || term.toLowerCase() === label.toLowerCase()) return label || term;
  if (!label) return term;
  return `${term} → ${label}`;
}

/** Why a result matched the words searched, as chips. */
export function SearchMatchReasons({ reasons }: { reasons: readonly MatchReason[] }) {
  const texts = [...new Set(reasons.map(matchReasonText).filter(Boolean))];
  if (texts.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      <span className="sr-only">Matches your search:</span>
      <ul role="list" aria-label="Why this doctor matches" className="flex flex-wrap gap-1.5">
        {texts.map((text) => (
          <li key={text}>
            <Badge tone="amber">{text}</Badge>
          </li>
        ))}
      </ul>
    </div>
  );
}
