import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import type { SaveStatus } from "@/features/profile/hooks/use-profile-form";

type SaveBarProps = {
  isSaving: boolean;
  status: SaveStatus;
};

export function SaveBar({ isSaving, status }: SaveBarProps) {
  return (
    <div className="space-y-3 border-t border-slate-200 pt-5">
      {status === "saved" ? <Alert variant="success">Profile saved.</Alert> : null}
      {status === "unchanged" ? <Alert variant="info">No changes to save.</Alert> : null}
      <Button type="submit" className="w-full sm:w-auto sm:min-w-40" disabled={isSaving}>
        {isSaving ? "Saving…" : "Save profile"}
      </Button>
    </div>
  );
}
