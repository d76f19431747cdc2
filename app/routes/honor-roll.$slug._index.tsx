import type { LoaderFunctionArgs } from "@remix-run/node";
import { rollPageResponse } from "~/web/roll-page.server";

// /honor-roll/:slug (?v=N for an earlier version): the published honour roll.
// A resource route that answers with a whole static document, rendered once
// per version and language and then served from memory with an ETag: the
// most-read page of the portal on the morning it is announced
// (docs/decisions/0014). The server answers a signed-in reader's view before
// Remix does, with the same checks (answerRollPage, decision 0018); this
// route answers the rest. Links to it are full-page loads.

export function loader({ request, context, params }: LoaderFunctionArgs) {
  return rollPageResponse(request, context, params.slug ?? "");
}
