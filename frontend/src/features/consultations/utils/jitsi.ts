/**
 * The Jitsi Meet IFrame API (external_api.js), loaded from the video service on demand. Only
 * the parts Clinic360 uses are typed.
 */

export type JitsiMeetOptions = {
  roomName: string;
  jwt?: string;
  parentNode: HTMLElement;
  width: string | number;
  height: string | number;
  userInfo: { displayName: string };
  configOverwrite: Record<string, unknown>;
  interfaceConfigOverwrite: Record<string, unknown>;
};

export type JitsiMeetApi = {
  addListener: (event: string, listener: (payload?: unknown) => void) => void;
  executeCommand: (command: string, ...args: unknown[]) => void;
  dispose: () => void;
};

type JitsiMeetExternalApiConstructor = new (domain: string, options: JitsiMeetOptions) => JitsiMeetApi;

declare global {
  interface Window {
    JitsiMeetExternalAPI?: JitsiMeetExternalApiConstructor;
  }
}

const LOAD_TIMEOUT_MS = 20_000;
const loading = new Map<string, Promise<JitsiMeetExternalApiConstructor>>();

/**
 * Loads the IFrame API script once (one <script> for the page's lifetime); a failed load is
 * removed so that the next attempt tries again.
 */
export function loadJitsiApi(src: string): Promise<JitsiMeetExternalApiConstructor> {
  const loaded = window.JitsiMeetExternalAPI;
  if (loaded) return Promise.resolve(loaded);
  let pending = loading.get(src);
  if (!pending) {
    pending = new Promise<JitsiMeetExternalApiConstructor>((resolve, reject) => {
      const script = document.createElement("script");
      const timer = window.setTimeout(() => fail(), LOAD_TIMEOUT_MS);
      function fail() {
        window.clearTimeout(timer);
        script.remove();
        reject(new Error(`Could not load ${src}`));
      }
      script.src = src;
      script.async = true;
      script.addEventListener("load", () => {
        window.clearTimeout(timer);
        const api = window.JitsiMeetExternalAPI;
        if (api) resolve(api);
        else fail();
      });
      script.addEventListener("error", fail);
      document.head.appendChild(script);
    });
    loading.set(src, pending);
    pending.catch(() => loading.delete(src));
  }
  return pending;
}

/** The `errorOccurred` event's payload, as far as it matters here. */
export function isFatalJitsiError(payload: unknown): boolean {
  return typeof payload === "object" && payload !== null && "isFatal" in payload && payload.isFatal === true;
}
