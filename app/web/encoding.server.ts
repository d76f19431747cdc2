import Negotiator from "negotiator";

export type Encoding = "br" | "gzip";

/**
 * Which of the compressed forms we have a request takes, by its
 * Accept-Encoding and the weights it gives (jshttp's negotiator, what
 * Express and the compression middleware use): Brotli wins a tie, as
 * browsers list gzip first with the same weight ("gzip, deflate, br, zstd");
 * null for the plain bytes (no header, `identity`, or q=0 for what we have).
 * One rule for the precompressed scripts (server/precompressed.ts) and the
 * cached published documents (./document-cache.server.ts).
 */
export function preferredEncoding(acceptEncoding: string | null | undefined, available: readonly Encoding[]): Encoding | null {
  if (!acceptEncoding || available.length === 0) return null;
  const chosen = new Negotiator({ headers: { "accept-encoding": acceptEncoding } }).encoding([...available, "identity"], ["br"]);
  return chosen === "br" || chosen === "gzip" ? chosen : null;
}
