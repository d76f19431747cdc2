import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { samlSignInUrl } from "~/domain/identity/saml.server";
import { safeRedirect } from "~/web/session.server";

/**
 * Off to the company's identity provider with an AuthnRequest; the page to
 * come back to (a deep link from a notification) travels as the RelayState,
 * checked again when it returns (/auth/saml/acs).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.saml) throw data({ message: "common.notFound" }, { status: 404 });
  const back = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  const to = await samlSignInUrl(context.db, context.saml, back);
  return redirect(to, { headers: { "cache-control": "no-store" } });
}
