import { createHash } from "node:crypto";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { preferredEncoding, type Encoding } from "./encoding.server";

// Published documents (an honour roll, its print and screen layouts) are
// immutable per version and language, and the most-read pages of the portal
// on the morning they are announced. Each app instance renders one once and
// keeps the bytes; a repeat view costs the sign-in check (the roll's current
// version is known from memory, docs/decisions/0019), not a React render
// (docs/decisions/0014).
// Bounded, least recently used first out; nothing here is shared between
// instances or needed for correctness: a miss only renders again.

export interface CachedDocument {
  body: Buffer;
  /** A strong validator: the hash of the bytes. */
  etag: string;
  /** Headers that belong to these bytes (the screen mode's Refresh). */
  headers?: Record<string, string>;
  /**
   * Text documents compressed once, when rendered: a 60-winner roll is 188 KB
   * of HTML, and the compression middleware would spend more CPU on every
   * view than the rest of the answer (bench:honor-roll). Binary documents
   * (images, PDFs) are compressed already and have none.
   */
  encoded: Partial<Record<Encoding, Buffer>>;
}

/** What a render gives: the bytes, or the bytes with headers that belong to them. */
export type Rendered = string | Buffer | { content: string | Buffer; headers: Record<string, string> };

const maxEntries = 400;
const maxBytes = 96 * 1024 * 1024;
const entries = new Map<string, CachedDocument>();
const pending = new Map<string, Promise<CachedDocument>>();
let bytes = 0;

const sizeOf = (doc: CachedDocument) => doc.body.byteLength + (doc.encoded.br?.byteLength ?? 0) + (doc.encoded.gzip?.byteLength ?? 0);

function remember(key: string, doc: CachedDocument) {
  const old = entries.get(key);
  if (old) bytes -= sizeOf(old);
  entries.set(key, doc);
  bytes += sizeOf(doc);
  for (const [k, v] of entries) {
    if (entries.size <= maxEntries && bytes <= maxBytes) break;
    entries.delete(k);
    bytes -= sizeOf(v);
  }
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Makes a document from its text (or bytes): the body, its ETag and, for
 * text, its Brotli and gzip forms — paid once per version and language, off
 * the event loop (zlib's thread pool). Brotli 10: the 188 KB roll becomes
 * 22.4 KB in 0.3 s on the busy machine; 11 saves 400 more bytes for 1.1 s
 * that the first reader of each version waits, 4 gives 25 KB in 30 ms.
 */
export async function documentOf(content: string | Buffer): Promise<CachedDocument> {
  const text = typeof content === "string";
  const body = text ? Buffer.from(content, "utf8") : content;
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
  if (!text) return { body, etag, encoded: {} };
  const [br, gz] = await Promise.all([
    brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 10, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } }),
    gzip(body, { level: 9 }),
  ]);
  return { body, etag, encoded: { br, gzip: gz } };
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
    return { ...(await documentOf(rendered.content)), headers: rendered.headers };
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

/** Each encoding has its own bytes, so its own strong validator. */
const etagOf = (doc: CachedDocument, encoding: Encoding | null) => (encoding ? `${doc.etag.slice(0, -1)}-${encoding}"` : doc.etag);

/**
 * True when the request already holds this version (If-None-Match), in any
 * encoding: the browser asks with the validator of the form it kept.
 */
export function isFresh(request: Pick<Request, "headers">, doc: CachedDocument): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  if (header.trim() === "*") return true;
  const held = new Set([doc.etag, ...(Object.keys(doc.encoded) as Encoding[]).map((e) => etagOf(doc, e))]);
  return header.split(",").some((tag) => held.has(tag.trim().replace(/^W\//, "")));
}

/** The encoding to send: the request's preferred of the forms the document has (preferredEncoding); null for the plain bytes. */
export const chooseEncoding = (acceptEncoding: string | null, available: Partial<Record<Encoding, Buffer>>): Encoding | null =>
  preferredEncoding(
    acceptEncoding,
    (["br", "gzip"] as const).filter((e) => available[e]),
  );

/** A cached document's answer, before it becomes a Response (or goes straight to a socket). */
export interface DocumentAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  /** The very bytes in the cache (null for a 304); nobody writes to them. */
  body: Buffer | null;
}

/**
 * The answer for a cached document: 304 when the browser has it, else the
 * bytes, compressed when the document has that form and the browser takes it
 * (the compression middleware leaves an answer with a Content-Encoding alone).
 * `private, no-cache`: only this signed-in browser keeps it, and it asks
 * again each time (a correction may have published a newer version).
 */
export function documentAnswer(
  request: Pick<Request, "headers">,
  doc: CachedDocument,
  contentType = "text/html; charset=utf-8",
  headers: Record<string, string> = {},
): DocumentAnswer {
  const encoding = chooseEncoding(request.headers.get("accept-encoding"), doc.encoded);
  const vary = Object.keys(doc.encoded).length ? "Cookie, Accept-Language, Accept-Encoding" : "Cookie, Accept-Language";
  const common = { ETag: etagOf(doc, encoding), "Cache-Control": "private, no-cache", Vary: vary, ...doc.headers, ...headers };
  if (isFresh(request, doc)) return { status: 304, headers: common, body: null };
  const body = encoding ? doc.encoded[encoding]! : doc.body;
  return {
    status: 200,
    headers: {
      ...common,
      "Content-Type": contentType,
      "Content-Length": String(body.byteLength),
      ...(encoding ? { "Content-Encoding": encoding } : {}),
    },
    body,
  };
}

/**
 * The cached bytes as a response body. A stream that hands over the very
 * buffer: given a Buffer, `new Response` copies it (undici's extractBody),
 * 190 KB per view of a 60-winner roll and a tenth of the server's CPU under
 * load, most of it in the garbage collector.
 */
function bodyOf(bytes: Buffer): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** {@link documentAnswer} as a Response, for a loader. */
export function documentResponse(request: Request, doc: CachedDocument, contentType?: string, headers?: Record<string, string>): Response {
  const answer = documentAnswer(request, doc, contentType, headers);
  return new Response(answer.body ? bodyOf(answer.body) : null, { status: answer.status, headers: answer.headers });
}
