import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { preloadRoute } from "@/app/route-chunks";
import { queryKeys } from "@/lib/query-keys";

/**
 * Loads a page's code and data as soon as the user shows the intent to open it: a link pointed
 * at, touched or focused (and, at start, the page being opened), so a click finds them on the way.
 */
export function useRoutePreloading(): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    const signedIn = () => Boolean(queryClient.getQueryData(queryKeys.user));
    preloadRoute(window.location.pathname, queryClient, { signedIn: false });

    function onIntent(event: Event) {
      if (!(event.target instanceof Element)) return;
      const link = event.target.closest("a[href]");
      if (!(link instanceof HTMLAnchorElement) || link.origin !== window.location.origin) return;
      preloadRoute(link.pathname, queryClient, { signedIn: signedIn() });
    }

    const options = { passive: true, capture: true };
    document.addEventListener("pointerover", onIntent, options);
    document.addEventListener("touchstart", onIntent, options);
    document.addEventListener("focusin", onIntent, options);
    return () => {
      document.removeEventListener("pointerover", onIntent, options);
      document.removeEventListener("touchstart", onIntent, options);
      document.removeEventListener("focusin", onIntent, options);
    };
  }, [queryClient]);
}
