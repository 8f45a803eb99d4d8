import { Badge } from "@/components/badge";

type NewMessagesBadgeProps = {
  count: number;
  className?: string;
};

/** "3 new messages"; nothing when there are none. */
export function NewMessagesBadge({ count, className }: NewMessagesBadgeProps) {
  if (count <= 0) return null;
  return (
    <Badge tone="amber" className={className}>
      {count === 1 ? "1 new message" : `${count} new messages`}
    </Badge>
  );
}
