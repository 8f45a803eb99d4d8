import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { EmptyState } from "@/components/card";
import { controlClassName, Field } from "@/components/field";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { cn } from "@/lib/cn";
import { browserTimeZone, dateKeyInZone, formatDateTimeBare, formatTime } from "@/lib/datetime";
import { useDocumentVisible } from "@/lib/use-document-visible";
import type { ThreadMessage } from "@/types/api";
import { useMessageThread } from "@/features/consultations/api/get-message-thread";
import { useMarkMessagesRead } from "@/features/consultations/api/mark-messages-read";
import { MESSAGE_MAX_LENGTH, useSendMessage } from "@/features/consultations/api/send-message";

type OutgoingMessage = {
  key: string;
  body: string;
  state: "sending" | "failed" | "sent";
  /** The server's id, once sent. */
  id?: number;
};

type MessageThreadProps = {
  appointmentId: number;
  viewerId: number;
  /** Names of the two people, by user id. */
  names: Readonly<Record<number, string>>;
};

/** The appointment's messages, refreshed every few seconds, and the form to write one. */
export function MessageThread({ appointmentId, viewerId, names }: MessageThreadProps) {
  const query = useMessageThread(appointmentId);
  const sendMutation = useSendMessage();
  const { mutate: markThreadRead } = useMarkMessagesRead();
  const visible = useDocumentVisible();
  const viewerZone = browserTimeZone();
  const [outgoing, setOutgoing] = useState<OutgoingMessage[]>([]);
  const [sendError, setSendError] = useState<string | null>(null);
  const markedUpTo = useRef(0);
  const nextKey = useRef(0);
  const thread = query.data;
  const items = thread?.items;
  const canPost = thread?.canPost ?? false;

  // Read what the other person wrote once it is on screen.
  useEffect(() => {
    if (!thread || !visible || thread.unreadCount === 0) return;
    const lastFromOther = thread.items.reduce(
      (last, message) => (message.senderId !== viewerId && message.id > last ? message.id : last),
      0,
    );
    if (lastFromOther <= markedUpTo.current) return;
    const previous = markedUpTo.current;
    markedUpTo.current = lastFromOther;
    markThreadRead(
      { appointmentId, upTo: lastFromOther },
      {
        onError: () => {
          markedUpTo.current = previous;
        },
      },
    );
  }, [thread, visible, appointmentId, viewerId, markThreadRead]);

  const shownIds = new Set(items?.map((message) => message.id));
  const waiting = outgoing.filter((message) => message.state !== "sent" || !shownIds.has(message.id ?? -1));

  async function send(key: string, body: string) {
    setSendError(null);
    setOutgoing((current) => current.map((message) => (message.key === key ? { ...message, state: "sending" } : message)));
    try {
      const sent = await sendMutation.mutateAsync({ appointmentId, body });
      setOutgoing((current) =>
        current.map((message) => (message.key === key ? { ...message, state: "sent", id: sent.id } : message)),
      );
    } catch (error) {
      setOutgoing((current) => current.map((message) => (message.key === key ? { ...message, state: "failed" } : message)));
      if (error instanceof ApiError && error.code === "thread_closed") setSendError(error.message);
    }
  }

  function submit(body: string) {
    nextKey.current += 1;
    const key = `outgoing-${nextKey.current}`;
    setOutgoing((current) => [
      ...current.filter((message) => message.state !== "sent" || !shownIds.has(message.id ?? -1)),
      { key, body, state: "sending" },
    ]);
    void send(key, body);
  }

  let list;
  if (query.isPending) {
    list = <Spinner label="Loading messages…" className="justify-start py-4" />;
  } else if (query.isError && !thread) {
    list = (
      <QueryErrorAlert
        title="We couldn't load the messages."
        error={query.error}
        onRetry={() => void query.refetch()}
        isRetrying={query.isFetching}
      />
    );
  } else {
    list = (
      <MessageList
        items={items ?? []}
        outgoing={waiting}
        viewerId={viewerId}
        names={names}
        viewerZone={viewerZone}
        canRetry={canPost}
        onRetry={(message) => void send(message.key, message.body)}
      />
    );
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">Times in your time zone ({viewerZone}). New messages appear by themselves.</p>
      {list}
      {query.isError && thread ? (
        <p role="status" className="text-sm font-medium text-amber-900">
          We couldn't check for new messages: {getErrorMessage(query.error)} We'll keep trying.
        </p>
      ) : null}
      {sendError ? <Alert variant="error">{sendError}</Alert> : null}
      {thread && !canPost ? (
        <p className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 font-medium text-slate-800">
          This conversation is read-only.
        </p>
      ) : null}
      {thread && canPost ? <MessageForm onSubmit={submit} /> : null}
    </div>
  );
}

type MessageListProps = {
  items: readonly ThreadMessage[];
  outgoing: readonly OutgoingMessage[];
  viewerId: number;
  names: Readonly<Record<number, string>>;
  viewerZone: string;
  canRetry: boolean;
  onRetry: (message: OutgoingMessage) => void;
};

const NEAR_BOTTOM_PX = 80;

function MessageList({ items, outgoing, viewerId, names, viewerZone, canRetry, onRetry }: MessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const today = dateKeyInZone(new Date(), viewerZone);
  const count = items.length + outgoing.length;

  // Follow new messages, unless the reader has scrolled up to read older ones.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight;
  }, [count]);

  if (count === 0) {
    return <EmptyState title="No messages yet" description="Write the first message below." />;
  }

  function when(createdAt: string): string {
    return dateKeyInZone(createdAt, viewerZone) === today
      ? formatTime(createdAt, viewerZone)
      : formatDateTimeBare(createdAt, viewerZone);
  }

  return (
    <div
      ref={scrollRef}
      role="log"
      aria-label="Conversation"
      tabIndex={0}
      onScroll={(event) => {
        const element = event.currentTarget;
        stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
      }}
      className="max-h-[32rem] overflow-y-auto rounded-lg border border-slate-200 bg-slate-50 p-3 sm:p-4"
    >
      <ol role="list" className="space-y-3">
        {items.map((message) => {
          const mine = message.senderId === viewerId;
          return (
            <MessageBubble
              key={message.id}
              mine={mine}
              sender={mine ? "You" : (names[message.senderId] ?? "Someone else")}
              body={message.body}
              time={<time dateTime={message.createdAt}>{when(message.createdAt)}</time>}
            />
          );
        })}
        {outgoing.map((message) => (
          <MessageBubble
            key={message.key}
            mine
            sender="You"
            body={message.body}
            time={
              message.state === "failed" ? (
                <span className="font-semibold">
                  Not sent —{" "}
                  {canRetry ? (
                    <button
                      type="button"
                      onClick={() => onRetry(message)}
                      className="min-h-6 underline underline-offset-2"
                    >
                      Retry
                    </button>
                  ) : null}
                </span>
              ) : (
                <span>Sending…</span>
              )
            }
            pending
          />
        ))}
      </ol>
    </div>
  );
}

type MessageBubbleProps = {
  mine: boolean;
  sender: string;
  body: string;
  time: ReactNode;
  pending?: boolean;
};

function MessageBubble({ mine, sender, body, time, pending = false }: MessageBubbleProps) {
  return (
    <li className={cn("flex", mine ? "justify-end" : "justify-start")}>
      <div
        className={cn(
          "max-w-[85%] min-w-0 rounded-2xl px-4 py-2 shadow-sm",
          mine ? "rounded-br-sm bg-teal-700 text-white" : "rounded-bl-sm border border-slate-200 bg-white text-slate-900",
          pending && "opacity-80",
        )}
      >
        <p className={cn("text-xs", mine ? "text-teal-50" : "text-slate-600")}>
          <span className="font-semibold">{sender}</span> · {time}
        </p>
        {/* Plain text: React escapes it; pre-wrap keeps the writer's line breaks and spaces. */}
        <p className="mt-0.5 break-words whitespace-pre-wrap">{body}</p>
      </div>
    </li>
  );
}

type MessageFormProps = {
  onSubmit: (body: string) => void;
};

function MessageForm({ onSubmit }: MessageFormProps) {
  const counterId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (body.trim() === "") {
      setError("Write a message first.");
      formRef.current?.querySelector("textarea")?.focus();
      return;
    }
    setError(null);
    onSubmit(body);
    setBody("");
    formRef.current?.querySelector("textarea")?.focus();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  }

  return (
    <form ref={formRef} noValidate onSubmit={handleSubmit} className="space-y-3">
      <Field label="Message" hint="Plain text. Press Ctrl+Enter to send." errors={error ? [error] : undefined}>
        {(control) => (
          <>
            <textarea
              name="body"
              rows={3}
              maxLength={MESSAGE_MAX_LENGTH}
              value={body}
              onChange={(event) => {
                setBody(event.target.value);
                if (error) setError(null);
              }}
              onKeyDown={handleKeyDown}
              className={controlClassName}
              {...control}
              aria-describedby={[control["aria-describedby"], counterId].filter(Boolean).join(" ")}
            />
            <p id={counterId} className="text-right text-sm text-slate-600">
              {body.length} / {MESSAGE_MAX_LENGTH} characters
            </p>
          </>
        )}
      </Field>
      <Button type="submit">Send</Button>
    </form>
  );
}
