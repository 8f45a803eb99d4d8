import { useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { controlClassName } from "@/components/field";
import { Spinner } from "@/components/spinner";
import { getErrorMessage } from "@/lib/api-client";
import { useCreateCalendarFeed } from "@/features/profile/api/create-calendar-feed";
import { useDeleteCalendarFeed } from "@/features/profile/api/delete-calendar-feed";
import { useCalendarFeed } from "@/features/profile/api/get-calendar-feed";

type CalendarSubscriptionProps = {
  userId: number;
};

type Message = { variant: "success" | "error" | "info"; text: string };

/** A secret calendar address that calendar apps poll for the user's appointments. */
export function CalendarSubscription({ userId }: CalendarSubscriptionProps) {
  const headingId = useId();
  const linkInputId = useId();
  const linkInputRef = useRef<HTMLInputElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const newLinkRef = useRef<HTMLDivElement>(null);
  const feedQuery = useCalendarFeed(userId);
  const createMutation = useCreateCalendarFeed(userId);
  const deleteMutation = useDeleteCalendarFeed(userId);
  const [link, setLink] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [copyStatus, setCopyStatus] = useState<string | null>(null);
  const busy = createMutation.isPending || deleteMutation.isPending;
  const active = feedQuery.data?.active ?? false;

  function showMessage(next: Message) {
    flushSync(() => setMessage(next));
    messageRef.current?.focus();
  }

  function create() {
    setMessage(null);
    setCopyStatus(null);
    createMutation.mutate(undefined, {
      onSuccess: ({ url }) => {
        flushSync(() => setLink(absoluteUrl(url)));
        newLinkRef.current?.focus();
      },
      onError: (error) => showMessage({ variant: "error", text: getErrorMessage(error) }),
    });
  }

  function turnOff() {
    setMessage(null);
    setCopyStatus(null);
    deleteMutation.mutate(undefined, {
      onSuccess: () => {
        setLink(null);
        showMessage({
          variant: "success",
          text: "Subscription turned off. The old link no longer works.",
        });
      },
      onError: (error) => showMessage({ variant: "error", text: getErrorMessage(error) }),
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
    <section
      aria-labelledby={headingId}
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
    >
      <div className="space-y-1">
        <h2 id={headingId} className="text-lg font-semibold text-slate-900">
          Calendar subscription
        </h2>
        <p className="text-slate-700">
          See your Clinic360 appointments in Google Calendar, Apple Calendar or Outlook. Your calendar
          app checks the link regularly, so new, moved and cancelled appointments show up on their own.
        </p>
      </div>

      {message ? (
        <Alert ref={messageRef} variant={message.variant}>
          {message.text}
        </Alert>
      ) : null}

      {feedQuery.isPending ? (
        <Spinner label="Checking your subscription…" className="justify-start py-2" />
      ) : feedQuery.isError ? (
        <Alert title="We couldn't check your subscription.">
          <p>{getErrorMessage(feedQuery.error)}</p>
          <Button
            variant="secondary"
            className="mt-2"
            onClick={() => void feedQuery.refetch()}
            disabled={feedQuery.isFetching}
          >
            Try again
          </Button>
        </Alert>
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
                {copyStatus ? (
                  <p role="status" className="text-sm font-medium">
                    {copyStatus}
                  </p>
                ) : null}
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
                {deleteMutation.isPending ? "Turning off…" : "Turn off subscription"}
              </Button>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}

function absoluteUrl(url: string): string {
  try {
    return new URL(url, window.location.origin).href;
  } catch {
    return url;
  }
}
