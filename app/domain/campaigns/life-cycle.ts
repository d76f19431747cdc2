import type { MessageKey } from "~/i18n";
import type { CampaignStatus } from "../../../db/schema";

// The campaign life cycle as pure decisions: tested without a database
// (tests/unit/campaign-life-cycle.test.ts), used by campaigns.server.ts.

export type Phase = CampaignStatus;

export const phases: readonly Phase[] = ["draft", "nominating", "reviewing", "voting", "closed", "published"];

/** Phases that can open on a scheduled date-time (draft is where a campaign starts). */
export const scheduledPhases = ["nominating", "reviewing", "voting", "closed", "published"] as const;
export type ScheduledPhase = (typeof scheduledPhases)[number];
export type Schedule = Record<ScheduledPhase, Date | null>;

export const isPhase = (value: unknown): value is Phase => typeof value === "string" && (phases as readonly string[]).includes(value);

export function nextPhase(from: Phase): Phase | null {
  return phases[phases.indexOf(from) + 1] ?? null;
}

export interface MoveFacts {
  /** How many titles the campaign offers. */
  titles: number;
  /** After the vote (asked when leaving closed): what still stands between the results and publication. */
  results?: {
    /** Offered titles the committee has not ratified. */
    unratified: number;
    /** The end of the publicity period (公示), when there is one. */
    publicityEndsAt: Date | null;
    /** Objections the committee has not resolved. */
    openObjections: number;
    now: Date;
  };
}

/**
 * Why a campaign in `from` may not move to `to`, or null when it may. Only
 * one step forward at a time; a campaign leaves draft only with a title, and
 * is published only once every title is ratified, the publicity period is
 * over and every objection resolved.
 */
export function whyCannotMove(from: Phase, to: string, facts: MoveFacts): MessageKey | null {
  if (!isPhase(to)) return "campaigns.move.unknownPhase";
  const a = phases.indexOf(from);
  const b = phases.indexOf(to);
  if (a === b) return "campaigns.move.same";
  if (b < a) return "campaigns.move.backwards";
  if (b > a + 1) return "campaigns.move.skip";
  if (from === "draft" && facts.titles === 0) return "campaigns.move.noTitles";
  if (to === "published") {
    const r = facts.results;
    if (!r || r.unratified > 0) return "campaigns.move.notRatified";
    if (r.publicityEndsAt && r.now.getTime() < r.publicityEndsAt.getTime()) return "campaigns.move.publicity";
    if (r.openObjections > 0) return "campaigns.move.objections";
  }
  return null;
}

/** The phase a campaign is due to enter by its schedule at `now`, if any. */
export function dueMove(status: Phase, schedule: Schedule, now: Date): ScheduledPhase | null {
  const next = nextPhase(status);
  if (!next || next === "draft") return null;
  const at = schedule[next];
  return at && at.getTime() <= now.getTime() ? next : null;
}

/** The first scheduled phase that does not come after the one before it, or null when in order. */
export function scheduleOutOfOrder(schedule: Partial<Schedule>): ScheduledPhase | null {
  let previous: Date | null = null;
  for (const phase of scheduledPhases) {
    const at = schedule[phase];
    if (!at) continue;
    if (previous && at.getTime() <= previous.getTime()) return phase;
    previous = at;
  }
  return null;
}
