import { useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { Button } from "@/components/button";
import { CopyStatus } from "@/components/copy-status";
import { controlClassName } from "@/components/field";
import { Panel } from "@/components/panel";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { getErrorMessage } from "@/lib/api-client";
import { useStatusMessage } from "@/lib/use-status-message";
import { mutationLabel } from "@/lib/use-online";
import { useCreateCalendarFeed } from "@/features/profile/api/create-calendar-feed";
import { useDeleteCalendarFeed } from "@/features/profile/api/delete-calendar-feed";
import { useCalendarFeed } from "@/features/profile/api/get-calendar-feed";

type CalendarSubscriptionProps = {
  userId: number;
};

/** A secret calendar address that calendar apps poll for the user's appointments. */
export function CalendarSubscription({ userId }: CalendarSubscriptionProps) {
  const linkInputId = useId();
  const linkInputRef = useRef<HTMLInputElement>(null);
  const newLinkRef = useRef<HTMLDivElement>(null);
  const feedQuery = useCalendarFeed(userId);
  const createMutation = useCreateCalendarFeed(userId);
  const deleteMutation = useDeleteCalendarFeed(userId);
  const [link, setLink] = useState<string | null>(null);
  const status = useStatusMessage();
  const [copyStatus, setCopyStatus] = useState<string | null>(null);
  const busy = createMutation.isPending || deleteMutation.isPending;
  const active = feedQuery.data?.active ?? false;

  function create() {
    status.clear();
    setCopyStatus(null);
    createMutation.mutate(undefined, {
      onSuccess: ({ url }) => {
        flushSync(() => setLink(absoluteUrl(url)));
        newLinkRef.current?.focus();
      },
      onError: (error) => status.show({ variant: "error", text: getErrorMessage(error) }),
    });
  }

  function turnOff() {
    status.clear();
    setCopyStatus(null);
    deleteMutation.mutate(undefined, {
      onSuccess: () => {
        setLink(null);
        status.show({
          variant: "success",
          text: "Subscription turned off. The old link no longer works.",
        });
      },
      onError: (error) => status.show({ variant: "error", text: getErrorMessage(error) }),
    });
  }

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopyStatus("Link copied.");
      return;
    } catch {
      // Not allowed here (e.g. an insecure page): fall back to selecting the text.
    }
    const input = linkInputRef.current;
    input?.focus();
    input?.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    setCopyStatus(copied ? "Link copied." : "Couldn't copy automatically. The link is selected: copy it with your keyboard or menu.");
  }

  return (
    <Panel
      title="Calendar subscription"
      description={
        <p>
          See your Clinic360 appointments in Google Calendar, Apple Calendar or Outlook. Your calendar
          app checks the link regularly, so new, moved and cancelled appointments show up on their own.
        </p>
      }
    >
      <StatusMessageAlert ref={status.ref} message={status.message} />

      {feedQuery.isPending ? (
        <Spinner label="Checking your subscription…" className="justify-start py-2" />
      ) : feedQuery.isError ? (
        <QueryErrorAlert
          title="We couldn't check your subscription."
          error={feedQuery.error}
          onRetry={() => void feedQuery.refetch()}
          isRetrying={feedQuery.isFetching}
        />
      ) : (
        <>
          {link ? (
            <div
              ref={newLinkRef}
              tabIndex={-1}
              className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-emerald-950 outline-none"
            >
              <p className="font-semibold">Your subscription link is ready.</p>
              <p className="text-sm">
                Copy it now: for your privacy it is shown only once. Anyone with the link can see your
                appointment times, so keep it to yourself.
              </p>
              <div className="space-y-1.5">
                <label htmlFor={linkInputId} className="block text-sm font-semibold">
                  Subscription link
                </label>
                <div className="flex flex-col gap-2 sm:flex-row">
                  <input
                    id={linkInputId}
                    ref={linkInputRef}
                    type="text"
                    readOnly
                    value={link}
                    onFocus={(event) => event.currentTarget.select()}
                    className={`${controlClassName} font-mono text-sm`}
                  />
                  <Button variant="secondary" className="shrink-0" onClick={() => void copy()}>
                    Copy link
                  </Button>
                </div>
                <CopyStatus message={copyStatus} />
              </div>
              <ul className="list-disc space-y-0.5 pl-5 text-sm">
                <li>Google Calendar: Other calendars → + → From URL, then paste the link.</li>
                <li>Apple Calendar: File → New Calendar Subscription, then paste the link.</li>
                <li>Outlook: Add calendar → Subscribe from web, then paste the link.</li>
              </ul>
            </div>
          ) : null}

          <p className="text-slate-700">
            {active
              ? "Your subscription is on. Replacing the link stops the old one from working."
              : "Your subscription is off."}
          </p>
          <div className="flex flex-col gap-3 sm:flex-row">
            <Button onClick={create} disabled={busy}>
              {createMutation.isPending
                ? "Creating link…"
                : active
                  ? "Replace link"
                  : "Create subscription link"}
            </Button>
            {active ? (
              <Button variant="secondary" onClick={turnOff} disabled={busy}>
                {mutationLabel(deleteMutation, "Turn off subscription", "Turning off…")}
              </Button>
            ) : null}
          </div>
        </>
      )}
    </Panel>
  );
}

function absoluteUrl(url: string): string {
  try {
    return new URL(url, window.location.origin).href;
  } catch {
    return url;
  }
}
