import { createHash } from "node:crypto";

// Published documents (an honour roll, its print and screen layouts) are
// immutable per version and language, and the most-read pages of the portal
// on the morning they are announced. Each app instance renders one once and
// keeps the bytes; a repeat view costs the sign-in check and one small query
// for the current version, not a React render (docs/decisions/0014).
// Bounded, least recently used first out; nothing here is shared between
// instances or needed for correctness: a miss only renders again.

export interface CachedDocument {
  body: Buffer;
  /** A strong validator: the hash of the bytes. */
  etag: string;
  /** Headers that belong to these bytes (the screen mode's Refresh). */
  headers?: Record<string, string>;
}

/** What a render gives: the bytes, or the bytes with headers that belong to them. */
export type Rendered = string | Buffer | { content: string | Buffer; headers: Record<string, string> };

const maxEntries = 400;
const maxBytes = 96 * 1024 * 1024;
const entries = new Map<string, CachedDocument>();
const pending = new Map<string, Promise<CachedDocument>>();
let bytes = 0;

function remember(key: string, doc: CachedDocument) {
  const old = entries.get(key);
  if (old) bytes -= old.body.byteLength;
  entries.set(key, doc);
  bytes += doc.body.byteLength;
  for (const [k, v] of entries) {
    if (entries.size <= maxEntries && bytes <= maxBytes) break;
    entries.delete(k);
    bytes -= v.body.byteLength;
  }
}

/** Makes a document from its text (or bytes): the body and its ETag. */
export function documentOf(content: string | Buffer): CachedDocument {
  const body = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"` };
}

/**
 * The document under `key`, rendered by `render` on the first request only
 * (concurrent first requests share one render). The key must name everything
 * the bytes depend on: what, which version, which language.
 */
export async function cachedDocument(key: string, render: () => Promise<Rendered> | Rendered): Promise<CachedDocument> {
  const hit = entries.get(key);
  if (hit) {
    // Most recently used goes to the back of the queue.
    entries.delete(key);
    entries.set(key, hit);
    return hit;
  }
  const inFlight = pending.get(key);
  if (inFlight) return inFlight;
  const made = (async () => {
    const rendered = await render();
    if (typeof rendered === "string" || Buffer.isBuffer(rendered)) return documentOf(rendered);
    return { ...documentOf(rendered.content), headers: rendered.headers };
  })();
  pending.set(key, made);
  try {
    const doc = await made;
    remember(key, doc);
    return doc;
  } finally {
    pending.delete(key);
  }
}

/** True when the request already holds this version (If-None-Match). */
export function isFresh(request: Request, etag: string): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  return header === "*" || header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/**
 * The answer for a cached document: 304 when the browser has it, else the
 * bytes. `private, no-cache`: only this signed-in browser keeps it, and it
 * asks again each time (a correction may have published a newer version).
 */
export function documentResponse(request: Request, doc: CachedDocument, contentType = "text/html; charset=utf-8", headers: Record<string, string> = {}): Response {
  const common = { ETag: doc.etag, "Cache-Control": "private, no-cache", Vary: "Cookie, Accept-Language", ...doc.headers, ...headers };
  if (isFresh(request, doc.etag)) return new Response(null, { status: 304, headers: common });
  return new Response(doc.body as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: { ...common, "Content-Type": contentType, "Content-Length": String(doc.body.byteLength) },
  });
}
