/**
 * The error a request body's stream fails with once it carried more bytes
 * than allowed (server/remix-handler.ts counts them as they arrive; the form
 * readers in form.server.ts count again against their own, smaller limits).
 * Marked by a property, not a class: the server and the Remix build are
 * separate bundles, so `instanceof` would not hold across them.
 */
export interface BodyTooLarge extends Error {
  code: "BODY_TOO_LARGE";
  limit: number;
}

export function bodyTooLarge(limit: number): BodyTooLarge {
  return Object.assign(new Error(`request body over ${limit} bytes`), { code: "BODY_TOO_LARGE" as const, limit });
}

export function isBodyTooLarge(error: unknown): error is BodyTooLarge {
  return (error as { code?: unknown } | null)?.code === "BODY_TOO_LARGE";
}
