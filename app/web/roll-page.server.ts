import type { AppLoadContext } from "@remix-run/node";
import { rollPage } from "~/published/roll-page";
import { documentAnswer, type DocumentAnswer } from "./document-cache.server";
import { findRollDocument, rollDocument } from "./published.server";
import type { RequestHead } from "./session.server";

// The honour roll's own page (/honor-roll/:slug, ?v=N for an earlier
// version), rendered by app/published/roll-page.tsx once per version and
// language and then served from memory with an ETag (docs/decisions/0014).
// Its route module answers with rollPageResponse; the server answers the
// common case before Remix does with answerRollPage (docs/decisions/0018).

/** The page as a loader's Response: a redirect to sign in, a 404, a 304 or the bytes. */
export function rollPageResponse(request: Request, context: AppLoadContext, slug: string): Promise<Response> {
  return rollDocument(request, context, slug, rollPage);
}

const rollPath = /^\/honor-roll\/([^/]+)$/;

/**
 * The morning a roll is announced, everyone opens it: a signed-in reader
 * gets the cached bytes (or a 304) straight from here, without Remix
 * matching routes, building a Request for the loader and streaming a
 * Response back, which cost twice what the answer itself does
 * (bench:honor-roll). Everything else — no session, no such roll, another
 * path — is null, and Remix answers it through the route as before. The
 * checks are the route's own: findRollDocument.
 */
export async function answerRollPage(request: RequestHead, context: AppLoadContext): Promise<DocumentAnswer | null> {
  const url = new URL(request.url);
  const match = rollPath.exec(url.pathname);
  if (!match || [...url.searchParams.keys()].some((k) => k !== "v")) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  try {
    const doc = await findRollDocument(request, context, slug, rollPage);
    return doc instanceof Response ? null : documentAnswer(request, doc);
  } catch (thrown) {
    // The sign-in redirect: the route sends it, with its own headers.
    if (thrown instanceof Response) return null;
    throw thrown;
  }
}
