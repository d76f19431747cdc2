import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { endSessionsForIdpLogout } from "~/domain/identity/saml.server";
import { endSession } from "~/web/session.server";

/**
 * The IdP's single logout, through the person's browser (HTTP-Redirect): the
 * sessions the IdP's LogoutRequest names end on every instance, this
 * browser's cookie is cleared, and the browser goes back to the IdP with
 * the LogoutResponse. A request that is not the IdP's, signed, is a 400.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.saml) throw data({ message: "common.notFound" }, { status: 404 });
  const url = new URL(request.url);
  const result = await endSessionsForIdpLogout(context.db, context.saml, Object.fromEntries(url.searchParams), url.search.slice(1));
  if (!result.ok) throw data({ message: result.error }, { status: result.status });
  const { clear: clearCookie } = await endSession(request, context);
  return redirect(result.value.respondTo, { headers: { "Set-Cookie": clearCookie, "cache-control": "no-store" } });
}
