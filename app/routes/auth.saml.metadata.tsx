import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { spMetadata } from "~/domain/identity/saml.server";

/** This portal's SAML service-provider metadata, for the identity team (decision 0046); 404 while SAML is off. */
export function loader({ context }: LoaderFunctionArgs) {
  if (!context.saml) throw data({ message: "common.notFound" }, { status: 404 });
  return new Response(spMetadata(context.db, context.saml), {
    headers: { "content-type": "application/samlmetadata+xml; charset=utf-8", "cache-control": "no-cache" },
  });
}
