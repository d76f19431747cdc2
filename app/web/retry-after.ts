import type { HeadersFunction } from "@remix-run/node";

/**
 * A page that may be a 429 (a sign-in, or a company sign-in's start, told to
 * wait) says when to try again in Retry-After too. A document response
 * carries a loader's or an action's headers only through a route's
 * `headers` export: this one passes on that header and no other.
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders, parentHeaders }) => {
  const merged = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  if (retryAfter) merged.set("Retry-After", retryAfter);
  return merged;
};
