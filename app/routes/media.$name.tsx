import type { LoaderFunctionArgs } from "@remix-run/node";
import { getMediaFile } from "~/domain/media/media.server";

// /media/<sha256>.<ext>: a resource route (no component). The name is the
// hash of the bytes, so the answer never changes: cached for a year,
// immutable, and revalidated by ETag. No sign-in: photos appear on public
// honour-roll screens, and a 256-bit name cannot be guessed.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const result = await getMediaFile(context.db, params.name ?? "", request.headers.get("if-none-match"));
  if (!result.ok) {
    return new Response(null, { status: result.status, headers: { "Cache-Control": "no-store" } });
  }
  const file = result.value;
  const headers = {
    "Content-Type": file.contentType,
    "Cache-Control": "public, max-age=31536000, immutable",
    ETag: file.etag,
    // X-Content-Type-Options: nosniff comes from the server (helmet), on every
    // answer; set here too, Express would send it twice.
  };
  if (file.status === 304) return new Response(null, { status: 304, headers });
  // Node's Buffer (pg) or Uint8Array (PGlite): both are valid bodies, TypeScript's DOM types disagree.
  return new Response(file.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { ...headers, "Content-Length": String(file.bytes.byteLength) } });
}
