import { onlineManager, type Mutation } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";

/** Whether the browser is online, as TanStack Query sees it (queries and writes pause while offline). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (onChange) => onlineManager.subscribe(onChange),
    () => onlineManager.isOnline(),
    () => true,
  );
}

/** The label a write's button shows while it waits for the connection to come back. */
export const PAUSED_LABEL = "Waiting for connection…";

/** A write's button label: idle, sending, or waiting to be sent once back online. */
export function mutationLabel(
  mutation: { isPending: boolean; isPaused: boolean },
  idle: string,
  busy: string,
): string {
  if (mutation.isPaused) return PAUSED_LABEL;
  return mutation.isPending ? busy : idle;
}

/** Writes made offline, waiting to be sent. */
export function isPausedMutation(mutation: Mutation<unknown, Error, unknown, unknown>): boolean {
  return mutation.state.isPaused;
}
