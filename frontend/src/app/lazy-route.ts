import { onlineManager } from "@tanstack/react-query";
import { createElement, lazy, type ComponentType } from "react";

export type LazyRoute<P extends object> = {
  Component: ComponentType<P>;
  /** Starts loading the route's code (once; again after a failure). */
  preload: () => Promise<unknown>;
};

/** Routes whose code failed to show; the route error boundary asks for them again on the next page. */
const failedRoutes = new Set<() => void>();

/** Lets every route whose code failed to load try again when next shown. */
export function retryFailedRoutes(): void {
  for (const retry of failedRoutes) retry();
  failedRoutes.clear();
}

/**
 * A route whose code is its own chunk, loaded when first shown or earlier through `preload`
 * (when a link to it is pointed at or focused, or at start for the page being opened), so the
 * chunk and the page's data are fetched side by side rather than one after the other.
 *
 * Offline, the code waits for the connection (the fallback shows meanwhile). Online, a chunk that
 * fails to load is usually one a new release removed: the page is loaded again once, from the
 * server, which names the new chunks. If that does not help, the error reaches the route's error
 * boundary, and the route tries again the next time it is shown (React.lazy would keep the
 * failure forever, so a fresh one is made then).
 */
export function lazyRoute<P extends object>(load: () => Promise<ComponentType<P>>): LazyRoute<P> {
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
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
  const makeLazy = () =>
    lazy(() =>
      preload().catch((error: unknown) => {
        if (reloadOnce()) return new Promise<never>(() => undefined);
        failedRoutes.add(() => {
          LazyComponent = makeLazy();
        });
        throw error;
      }),
    );
  let LazyComponent = makeLazy();
  function Component(props: P) {
    return createElement(LazyComponent, props);
  }
  return { Component, preload };
}

const RELOAD_KEY = "clinic360:chunk-reload-at";
/** A reload this recent already failed to help: the error is shown instead of reloading again. */
const RELOAD_GUARD_MS = 60_000;

/** Loads the current address again from the server, unless that was just done; says whether it does. */
function reloadOnce(): boolean {
  try {
    const last = Number(sessionStorage.getItem(RELOAD_KEY));
    const now = Date.now();
    if (Number.isFinite(last) && now - last >= 0 && now - last < RELOAD_GUARD_MS) return false;
    sessionStorage.setItem(RELOAD_KEY, String(now));
  } catch {
    // Without storage a reload could not tell it had been tried: no reload, rather than a loop.
    return false;
  }
  window.location.reload();
  return true;
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
