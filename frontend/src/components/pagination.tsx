import { Button } from "@/components/button";

type PaginationProps = {
  page: number;
  totalPages: number;
  onPageChange: (page: number) => void;
  disabled?: boolean;
};

export function Pagination({ page, totalPages, onPageChange, disabled = false }: PaginationProps) {
  if (totalPages <= 1 && page <= 1) {
    return null;
  }
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3">
      <Button
        variant="secondary"
        disabled={disabled || page <= 1}
        onClick={() => onPageChange(Math.min(page - 1, totalPages))}
      >
        <span aria-hidden="true">←</span> Previous
      </Button>
      <p className="text-sm font-medium text-slate-700">
        Page {page} of {Math.max(totalPages, 1)}
      </p>
      <Button
        variant="secondary"
        disabled={disabled || page >= totalPages}
        onClick={() => onPageChange(page + 1)}
      >
        Next <span aria-hidden="true">→</span>
      </Button>
    </nav>
  );
}
