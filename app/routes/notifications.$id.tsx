import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { markRead } from "~/domain/notifications/inbox.server";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser, safeRedirect } from "~/web/session.server";

// Opening a notice: marks it read and goes to the page it is about. A link,
// so it works without script and opens in a new tab; marking one's own
// notice read is the only thing it changes, as visiting a page does. It goes
// only where the notice itself points (its stored path, read as a path of
// this site), never where the request says: no open redirect. Someone else's
// notice is a 404, as a notice that does not exist.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await markRead(context.db, user, params.id ?? "");
  if (!result.ok) throwRefusal(result);
  return redirect(safeRedirect(result.value.link, "/notifications"), { headers: { "Cache-Control": "no-store" } });
}
