import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

/** Types of the public API, generated from the gateway's OpenAPI document at build time. */
export type Schemas = components["schemas"];
export type Finding = Schemas["FindingDetails"];
export type FindingWithHistory = Schemas["FindingWithHistory"];
export type AwsConnection = Schemas["ConnectionView"];
export type IdpConnection = Schemas["IdpCollectorConnectionView"];
export type Session = Schemas["SessionView"];
export type Problem = Schemas["HttpValidationProblemDetails"];

/** The session's CSRF token lives in memory only; the session itself is an HttpOnly cookie the page cannot read. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null | undefined) {
  csrfToken = token ?? null;
}

let onSignedOut: () => void = () => {};
export function whenSignedOut(handler: () => void) {
  onSignedOut = handler;
}

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== "GET" && request.method !== "HEAD" && csrfToken) {
      request.headers.set("X-CSRF-Token", csrfToken);
    }
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !request.url.endsWith("/api/v1/session")) {
      onSignedOut();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? "http://localhost", credentials: "same-origin" });
api.use(session);

/** A problem+json answer, shaped for display: title, detail and per-field messages. */
export interface ApiError {
  status: number;
  title: string;
  detail?: string;
  fields: Record<string, string[]>;
}

export function toApiError(status: number, body: unknown): ApiError {
  const problem = (body ?? {}) as Partial<Problem> & { errors?: Record<string, string[]> };
  return {
    status,
    title: problem.title ?? `The request failed (${status})`,
    detail: problem.detail ?? undefined,
    fields: problem.errors ?? {},
  };
}

/** Unwraps an openapi-fetch result: the data, or an ApiError thrown for the caller's error state. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result;
  try {
    result = await request;
  } catch {
    throw { status: 0, title: "The gateway could not be reached", detail: "Check your network connection and retry.", fields: {} } satisfies ApiError;
  }
  if (result.error !== undefined || !result.response.ok) {
    throw toApiError(result.response.status, result.error);
  }
  return result.data as T;
}
