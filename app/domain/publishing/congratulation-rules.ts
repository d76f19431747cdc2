import type { Limit } from "../auth/rate-limit.server";
import { charCount } from "../text";

// The rules of a congratulation (点赞), free of the database so they are
// tested alone. congratulations.server.ts asks them inside its transaction;
// the form's schema asks the same message rule, so the page and the server
// never disagree on what "too long" means.

/** Longest line of text, in characters (code points, as PostgreSQL's length() counts them). */
export const maxMessageLength = 100;

/**
 * 30 congratulations an hour per person. A published roll of a large
 * campaign names about twenty winners, and a warm colleague congratulates
 * every one of them in one sitting: that must never be refused. A script, or
 * someone pasting the same line onto hundreds of pages, is stopped within
 * the hour. The counter lives in rate_limits, shared by every instance.
 */
export const congratulationRate: Limit = { max: 30, windowSeconds: 3600 };

export const rateKey = (authorId: number) => `congratulate:${authorId}`;

/**
 * The line as it is stored: any run of white space (line breaks and tabs
 * included — it is one line) becomes one space, control characters go,
 * the ends are trimmed; nothing left means a plain 点赞 (null).
 */
export function normaliseMessage(raw: string | null | undefined): string | null {
  const line = (raw ?? "").replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, " ").trim();
  return line === "" ? null : line;
}

export const messageLength = charCount;

export type CongratulationRefusal =
  | "congratulations.notFound"
  | "congratulations.self"
  | "congratulations.inactive"
  | "congratulations.already"
  | "congratulations.message.tooLong"
  | "congratulations.rateLimited";

/** The HTTP status each refusal maps to. */
export const refusalStatus: Record<CongratulationRefusal, number> = {
  // An honour that is not published is, to everyone, an honour that does not exist.
  "congratulations.notFound": 404,
  "congratulations.self": 403,
  "congratulations.inactive": 403,
  "congratulations.already": 409,
  "congratulations.message.tooLong": 400,
  "congratulations.rateLimited": 429,
};

export interface CongratulationFacts {
  author: { id: number; active: boolean };
  /** The person congratulated, or null when there is no such active person. */
  person: { id: number } | null;
  /** The honour is in the newest version of a published roll, for this person. */
  published: boolean;
  /** The author already congratulated this person on this honour. */
  already: boolean;
  /** The normalised message. */
  message: string | null;
}

/**
 * Why this congratulation cannot be stored, or null. The order matters: a
 * colleague is told about their own mistake (too long) only for an honour
 * they may congratulate, and nobody learns of an unpublished honour.
 */
export function whyCannotCongratulate(f: CongratulationFacts): CongratulationRefusal | null {
  if (!f.person || !f.published) return "congratulations.notFound";
  if (f.person.id === f.author.id) return "congratulations.self";
  if (!f.author.active) return "congratulations.inactive";
  if (f.already) return "congratulations.already";
  if (f.message !== null && messageLength(f.message) > maxMessageLength) return "congratulations.message.tooLong";
  return null;
}

/**
 * The person congratulated and administrators may hide a congratulation (and
 * show it again): it is on their page, and administrators answer for what
 * the portal shows. The author may not: what was given stays given.
 */
export function mayHide(viewer: { id: number; isAdmin: boolean }, personId: number): boolean {
  return viewer.isAdmin || viewer.id === personId;
}
