import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { afterSamlSignOut, confirmIdpLogout, endSessionsForIdpLogout } from "~/domain/identity/saml.server";
import { redirectWithNotice } from "~/web/notice.server";
import { endSession } from "~/web/session.server";

/**
 * Single logout through the person's browser (HTTP-Redirect), both ways.
 *
 * `SAMLRequest`: the IdP's own logout. The sessions its LogoutRequest names
 * end on every instance, this browser's cookie is cleared, and the browser
 * goes back to the IdP with the LogoutResponse. A request that is not the
 * IdP's, signed, is a 400.
 *
 * `SAMLResponse`: the IdP's answer to the portal's LogoutRequest (/logout
 * sent the person there after ending their session). Nothing is ended here —
 * a link from anywhere could bring a browser — and the person lands on
 * /login, told they are signed out; or, when the answer is not a valid
 * Success, that their company account may still be signed in.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.saml) throw data({ message: "common.notFound" }, { status: 404 });
  const url = new URL(request.url);
  const query = Object.fromEntries(url.searchParams);
  if (query.SAMLResponse && !query.SAMLRequest) {
    const confirmed = await confirmIdpLogout(context.db, context.saml, query, url.search.slice(1));
    // Said again here: /logout's notice lasts a minute, and the IdP may have asked the person something first.
    const response = redirectWithNotice(request, afterSamlSignOut, confirmed.ok ? "auth.signedOut" : confirmed.error);
    response.headers.set("cache-control", "no-store");
    return response;
  }
  const result = await endSessionsForIdpLogout(context.db, context.saml, query, url.search.slice(1));
  if (!result.ok) throw data({ message: result.error }, { status: result.status });
  const { clear: clearCookie } = await endSession(request, context);
  return redirect(result.value.respondTo, { headers: { "Set-Cookie": clearCookie, "cache-control": "no-store" } });
}
