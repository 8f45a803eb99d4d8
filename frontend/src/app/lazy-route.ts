import { onlineManager } from "@tanstack/react-query";
import { lazy, type ComponentType } from "react";

export type LazyRoute<P extends object> = {
  Component: ComponentType<P>;
  /** Starts loading the route's code (once; again after a failure). */
  preload: () => Promise<unknown>;
};

/**
 * A route whose code is its own chunk, loaded when first shown or earlier through `preload`
 * (when a link to it is pointed at or focused, or at start for the page being opened), so the
 * chunk and the page's data are fetched side by side rather than one after the other.
 */
export function lazyRoute<P extends object>(load: () => Promise<ComponentType<P>>): LazyRoute<P> {
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
  // Offline, a page's code waits for the connection (its fallback shows meanwhile) instead of failing.
  const attempt = (): Promise<ComponentType<P>> =>
    load().catch((error: unknown) => {
      if (onlineManager.isOnline()) throw error;
      return backOnline().then(attempt);
    });
  const preload = () => {
    loading ??= attempt().then(
      (component) => ({ default: component }),
      (error: unknown) => {
        // A chunk that failed to load (offline, a new release) is asked for again next time.
        loading = null;
        throw error;
      },
    );
    return loading;
  };
  return { Component: lazy(preload), preload };
}

function backOnline(): Promise<void> {
  return new Promise((resolve) => {
    const stop = onlineManager.subscribe((online) => {
      if (!online) return;
      stop();
      resolve();
    });
  });
}
