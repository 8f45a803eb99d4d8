import { reportServerAnswer } from "@/lib/server-activity";
import type { FieldErrors } from "@/types/api";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type RequestOptions = {
  body?: unknown;
  signal?: AbortSignal;
  /**
   * A request the app makes on its own (a poll), not for something the user did: it does not
   * keep the user signed in (see lib/server-activity.ts).
   */
  background?: boolean;
  /** Sent as the Idempotency-Key header: the server answers a repeat with what it did. */
  idempotencyKey?: string;
};

type ApiErrorInit = {
  status: number;
  code: string;
  message: string;
  fields?: FieldErrors;
  extra?: Record<string, unknown>;
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;
  /** The error object's other members, e.g. `opensAt` of an `outside_join_window` error. */
  readonly extra: Record<string, unknown>;

  constructor({ status, code, message, fields = {}, extra = {} }: ApiErrorInit) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.extra = extra;
  }
}

export const NETWORK_ERROR_MESSAGE =
  "We couldn't reach Clinic360. Check your internet connection and try again.";

const CSRF_HEADER = "X-CSRFToken";
const BACKGROUND_HEADER = "X-Background-Request";
const UNSAFE_METHODS: ReadonlySet<Method> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

let csrfTokenPromise: Promise<string> | null = null;

export function getCsrfToken(): Promise<string> {
  if (!csrfTokenPromise) {
    const pending = fetchCsrfToken();
    csrfTokenPromise = pending;
    pending.catch(() => {
      if (csrfTokenPromise === pending) {
        csrfTokenPromise = null;
      }
    });
  }
  return csrfTokenPromise;
}

export function refreshCsrfToken(): void {
  csrfTokenPromise = null;
  getCsrfToken().catch(() => undefined);
}

async function fetchCsrfToken(): Promise<string> {
  const data = await request<{ csrfToken?: unknown }>("GET", "/api/csrf");
  if (typeof data?.csrfToken !== "string" || data.csrfToken === "") {
    throw new ApiError({
      status: 0,
      code: "invalid_response",
      message: "The server sent an unexpected response. Please try again.",
    });
  }
  return data.csrfToken;
}

async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  return (await send<T>(method, path, options)).data;
}

export type ResponseWithHeaders<T> = {
  data: T;
  headers: Headers;
};

async function send<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
  isRetry = false,
): Promise<ResponseWithHeaders<T>> {
  const { body, signal, background = false } = options;
  const isUnsafe = UNSAFE_METHODS.has(method);
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  if (background) {
    // The server does not count it as use of the session either.
    headers[BACKGROUND_HEADER] = "1";
  }
  if (options.idempotencyKey) {
    headers["Idempotency-Key"] = options.idempotencyKey;
  }
  if (isUnsafe) {
    headers[CSRF_HEADER] = await getCsrfToken();
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      signal,
    });
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    throw networkError();
  }

  if (!response.ok) {
    const error = await toApiError(response);
    reportServerAnswer({ status: error.status, code: error.code, background });
    if (isUnsafe && !isRetry && error.status === 400 && error.code === "csrf_failed") {
      csrfTokenPromise = null;
      return send<T>(method, path, options, true);
    }
    throw error;
  }

  reportServerAnswer({ status: response.status, code: null, background });
  return { data: await parseBody<T>(response), headers: response.headers };
}

async function parseBody<T>(response: Response): Promise<T> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    throw networkError();
  }
  if (response.status === 204 || text.trim() === "") {
    return undefined as T;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({
      status: response.status,
      code: "invalid_response",
      message: "The server sent an unexpected response. Please try again.",
    });
  }
}

function networkError(): ApiError {
  return new ApiError({ status: 0, code: "network_error", message: NETWORK_ERROR_MESSAGE });
}

async function toApiError(response: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  return apiErrorFrom(response.status, payload, response.headers.get("Retry-After"));
}

/** Seconds to wait, from the error's `retryAfter` or the Retry-After header (seconds form). */
function retryAfterSeconds(fromError: unknown, header: string | null): number | null {
  const value = typeof fromError === "number" ? fromError : header !== null ? Number(header) : NaN;
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : null;
}

/** "You can try again in 15 minutes." */
function retryHint(seconds: number): string {
  if (seconds < 60) return `You can try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `You can try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
  const hours = Math.ceil(minutes / 60);
  return `You can try again in ${hours} ${hours === 1 ? "hour" : "hours"}.`;
}

function apiErrorFrom(status: number, payload: unknown, retryAfterHeader: string | null = null): ApiError {
  const error = isRecord(payload) && isRecord(payload.error) ? payload.error : null;
  const code = typeof error?.code === "string" ? error.code : fallbackCode(status);
  let message =
    typeof error?.message === "string" && error.message !== ""
      ? error.message
      : fallbackMessage(status);
  if (status === 429) {
    const seconds = retryAfterSeconds(error?.retryAfter, retryAfterHeader);
    if (seconds !== null) message = `${message} ${retryHint(seconds)}`;
  }

  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error ?? {})) {
    if (key !== "code" && key !== "message" && key !== "fields") extra[key] = value;
  }
  return new ApiError({
    status,
    code,
    message,
    fields: parseFields(error?.fields),
    extra,
  });
}

/**
 * Field errors by field name. Nested objects (`{"emergencyContact": {"name": [...]}}`) and
 * list positions (`{"languages": {"0": [...]}}`) become dotted names such as
 * `emergencyContact.name` and `languages.0`.
 */
function parseFields(value: unknown): FieldErrors {
  const fields: FieldErrors = {};
  collectFields(value, "", fields);
  return fields;
}

function collectFields(value: unknown, prefix: string, fields: FieldErrors): void {
  if (!isRecord(value)) {
    return;
  }
  for (const [key, messages] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    let texts: string[] = [];
    if (Array.isArray(messages)) {
      texts = messages.filter((item): item is string => typeof item === "string");
    } else if (typeof messages === "string") {
      texts = [messages];
    } else if (isRecord(messages)) {
      collectFields(messages, name, fields);
    }
    if (texts.length > 0) {
      fields[name] = [...(fields[name] ?? []), ...texts];
    }
  }
}

function fallbackCode(status: number): string {
  if (status === 413) return "too_large";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server_error";
  return "http_error";
}

function fallbackMessage(status: number): string {
  if (status === 401) return "Please log in to continue.";
  if (status === 403) return "You don't have permission to do that.";
  if (status === 404) return "We couldn't find what you were looking for.";
  if (status === 413) return "The file is too large to upload.";
  if (status === 429) return "Too many attempts. Please wait a moment and try again.";
  if (status >= 500) return "Something went wrong on our side. Please try again in a moment.";
  return `The request failed (status ${status}). Please try again.`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function getErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    return error.message;
  }
  return "Something went wrong. Please try again.";
}

export type UploadOptions = {
  signal?: AbortSignal;
  /** Called with the fraction (0 to 1) of the request body sent so far. */
  onProgress?: (fraction: number) => void;
};

/**
 * Sends a multipart form. Uses XMLHttpRequest, which, unlike fetch, reports upload progress.
 * The browser sets the multipart Content-Type with its boundary; the CSRF header is added.
 */
async function upload<T>(
  method: Method,
  path: string,
  body: FormData,
  options: UploadOptions = {},
  isRetry = false,
): Promise<T> {
  const { signal, onProgress } = options;
  const csrfToken = await getCsrfToken();
  signal?.throwIfAborted();

  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const cleanup = () => signal?.removeEventListener("abort", onAbort);
    xhr.open(method, path);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader(CSRF_HEADER, csrfToken);
    if (onProgress) {
      xhr.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable && event.total > 0) {
          onProgress(Math.min(1, event.loaded / event.total));
        }
      });
    }
    xhr.addEventListener("load", () => {
      cleanup();
      resolve({ status: xhr.status, text: xhr.responseText });
    });
    xhr.addEventListener("error", () => {
      cleanup();
      reject(networkError());
    });
    xhr.addEventListener("timeout", () => {
      cleanup();
      reject(networkError());
    });
    xhr.addEventListener("abort", () => {
      cleanup();
      reject(signal?.reason ?? new DOMException("The upload was cancelled.", "AbortError"));
    });
    signal?.addEventListener("abort", onAbort, { once: true });
    xhr.send(body);
  });

  if (status < 200 || status >= 300) {
    const error = apiErrorFrom(status, parseJson(text));
    reportServerAnswer({ status, code: error.code, background: false });
    if (!isRetry && error.status === 400 && error.code === "csrf_failed") {
      csrfTokenPromise = null;
      return upload<T>(method, path, body, options, true);
    }
    throw error;
  }
  reportServerAnswer({ status, code: null, background: false });
  if (status === 204 || text.trim() === "") {
    return undefined as T;
  }
  const data = parseJson(text);
  if (data === undefined) {
    throw new ApiError({
      status,
      code: "invalid_response",
      message: "The server sent an unexpected response. Please try again.",
    });
  }
  return data as T;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A random key for one user action (hex, 32 digits), as Idempotency-Key headers take. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export const api = {
  upload: <T>(path: string, body: FormData, options?: UploadOptions) =>
    upload<T>("POST", path, body, options),
  get: <T>(path: string, options?: Omit<RequestOptions, "body">) => request<T>("GET", path, options),
  /** A GET that also returns the response headers. */
  getWithHeaders: <T>(path: string, options?: Omit<RequestOptions, "body">) =>
    send<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">) =>
    request<T>("POST", path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">) =>
    request<T>("PUT", path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">) =>
    request<T>("PATCH", path, { ...options, body }),
  /** A body only where the API asks for one (e.g. a password to confirm). */
  delete: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">) =>
    request<T>("DELETE", path, { ...options, body }),
};
