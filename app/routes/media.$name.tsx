import type { LoaderFunctionArgs } from "@remix-run/node";
import { getMediaFile } from "~/domain/media/serving.server";
import { getUser } from "~/web/session.server";

// /media/<sha256>.<ext>: a resource route (no component). Who may see which
// picture is the domain's (decision 0030): a public one (a badge, a photo an
// honour roll shows) is cached for a year, immutable, revalidated by ETag,
// with no sign-in (office-TV screens show rolls); any other is served only to
// those allowed, never stored, and is the same 404 as an unknown name to
// everyone else.
const never = "private, no-store";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const result = await getMediaFile(context.db, params.name ?? "", request.headers.get("if-none-match"), () => getUser(request, context));
  if (!result.ok) return new Response(null, { status: result.status, headers: { "Cache-Control": never } });
  const file = result.value;
  const headers = {
    "Content-Type": file.contentType,
    "Cache-Control": file.visibility === "public" ? "public, max-age=31536000, immutable" : never,
    ETag: file.etag,
    // X-Content-Type-Options: nosniff comes from the server (helmet), on every
    // answer; set here too, Express would send it twice.
  };
  if (file.status === 304) return new Response(null, { status: 304, headers });
  // Node's Buffer (pg) or Uint8Array (PGlite): both are valid bodies, TypeScript's DOM types disagree.
  return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: { ...headers, "Content-Length": String(file.bytes.byteLength) },
  });
}
