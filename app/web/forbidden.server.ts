import type { Refusal } from "~/domain/result";

/** A refusal on a page load becomes the matching error page (403, 404 …). */
export function throwRefusal(refusal: Refusal): never {
  throw new Response(null, { status: refusal.status });
}
