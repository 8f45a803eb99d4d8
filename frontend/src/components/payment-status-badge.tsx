import { Badge, type BadgeTone } from "@/components/badge";

/** An appointment's `payment.status` in words; visits without a price show no badge. */
export const paymentStatusLabels: Record<string, string> = {
  unpaid: "Unpaid",
  pending: "Payment pending",
  paid: "Paid",
  refunded: "Refunded",
  partially_refunded: "Partly refunded",
};

const tones: Record<string, BadgeTone> = {
  unpaid: "amber",
  pending: "amber",
  paid: "green",
  refunded: "slate",
  partially_refunded: "slate",
};

type PaymentStatusBadgeProps = {
  status: string;
  className?: string;
};

export function PaymentStatusBadge({ status, className }: PaymentStatusBadgeProps) {
  const label = paymentStatusLabels[status];
  if (!label) return null;
  return (
    <Badge tone={tones[status] ?? "neutral"} className={className}>
      {label}
    </Badge>
  );
}
