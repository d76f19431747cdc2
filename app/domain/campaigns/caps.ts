import * as z from "~/domain/zod";

// A campaign's caps on who is honoured (decision 0052): award rules in China
// commonly cap cadres (management posts) at 20 % of those honoured and ask
// for a front-line majority. The committee is warned when a proposed set of
// winners breaks them; it is a warning, not a block. Pure: the results page
// and the fairness view count with these, tests/unit/caps.test.ts checks them.

export type PostKind = "frontline" | "management" | "support";

export interface Caps {
  /** At most this share of individual winners may hold management posts; null: no cap. */
  managementCapPercent: number | null;
  /** At least this share of individual winners should be front-line staff; null: no minimum. */
  frontlineMinPercent: number | null;
}

// Conform reads an empty field as undefined, and digits as a number.
const percentField = z
  .number({ error: "campaigns.caps.invalid" })
  .int("campaigns.caps.invalid")
  .min(0, "campaigns.caps.invalid")
  .max(100, "campaigns.caps.invalid")
  .optional();

/** The caps form: each a whole percentage 0–100, empty for none. */
export const capsSchema = z.object({ managementCapPercent: percentField, frontlineMinPercent: percentField });

export const validPercent = (p: number | null) => p === null || (Number.isInteger(p) && p >= 0 && p <= 100);

/** One winning nomination as the caps count it. */
export interface HonouredNomination {
  kind: "individual" | "team";
  nominees: ReadonlyArray<{ personId: number; name: string; post: PostKind | null }>;
}

export interface CapCheck {
  caps: Caps;
  /** Distinct people honoured individually: the whole the shares are of. */
  individuals: number;
  management: number;
  frontline: number;
  /** People honoured individually whose post the directory does not know, by name. */
  unknown: string[];
  /** Team awards and their distinct members, counted apart from the caps. */
  teams: number;
  teamMembers: number;
  managementOver: boolean;
  frontlineUnder: boolean;
}

/**
 * Counts individual awards only, each person once however many titles they
 * win: the caps in award rules are about people honoured as individuals, and
 * a team award honours a group (a front-line team would otherwise satisfy
 * the front-line share on its own). Team awards are reported beside the
 * counts. A person whose post is unknown counts in the whole and in neither
 * share, so an unknown can hide a break of the management cap but never
 * invent one; the warning names them.
 */
export function checkCaps(honoured: readonly HonouredNomination[], caps: Caps): CapCheck {
  const people = new Map<number, { name: string; post: PostKind | null }>();
  const members = new Set<number>();
  let teams = 0;
  for (const n of honoured) {
    if (n.kind === "team") {
      teams += 1;
      for (const p of n.nominees) members.add(p.personId);
    } else {
      for (const p of n.nominees) people.set(p.personId, { name: p.name, post: p.post });
    }
  }
  const all = [...people.values()];
  const individuals = all.length;
  const management = all.filter((p) => p.post === "management").length;
  const frontline = all.filter((p) => p.post === "frontline").length;
  return {
    caps,
    individuals,
    management,
    frontline,
    unknown: all.filter((p) => p.post === null).map((p) => p.name),
    teams,
    teamMembers: members.size,
    // Whole numbers: 2 of 10 at a 20 % cap is within it, 3 of 10 is over.
    managementOver: caps.managementCapPercent !== null && individuals > 0 && management * 100 > caps.managementCapPercent * individuals,
    frontlineUnder: caps.frontlineMinPercent !== null && individuals > 0 && frontline * 100 < caps.frontlineMinPercent * individuals,
  };
}

/** A share as a percentage with one decimal (30, 33.3); 0 of 0 is 0. */
export const sharePercent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
