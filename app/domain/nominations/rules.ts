import type { CampaignStatus, NominationStatus } from "../../../db/schema";
import { hasRole, isAdmin, type User } from "../auth/user";

// The nomination rules as pure decisions: each answers "why not?" with an
// i18n key, or null when the action is allowed. The use-case files beside
// it (form, saving, reading, listing, review) gather the facts and ask
// these; the unit tests in tests/unit/nomination-rules.test.ts go through
// every case.

export type { NominationStatus };

export const nominationStatuses: readonly NominationStatus[] = ["draft", "submitted", "returned", "approved", "rejected", "winner", "not_selected"];

/** What the committee decides, and the status each decision leads to. */
export const decisions = { approve: "approved", return: "returned", reject: "rejected" } as const;
export type Decision = keyof typeof decisions;

/** Phases in which approved nominations are public to staff in scope. */
const publicPhases = new Set<CampaignStatus>(["voting", "closed", "published"]);
const decided = new Set<NominationStatus>(["approved", "winner", "not_selected"]);

/** May this manager start a nomination in a campaign in this phase? */
export function whyCannotNominate(user: User, campaignStatus: CampaignStatus) {
  if (!hasRole(user, "manager")) return "nominations.nominate.notManager" as const;
  if (campaignStatus !== "nominating") return "nominations.nominate.closed" as const;
  return null;
}

/**
 * Only the nominator changes a nomination: a draft while nominations are
 * open; a returned one while nominating or reviewing (the committee returns
 * it during review, and the manager answers then).
 */
export function whyCannotEdit(user: User, n: { nominatorId: number; status: NominationStatus }, campaignStatus: CampaignStatus) {
  if (n.nominatorId !== user.id) return "nominations.edit.notYours" as const;
  if (n.status === "draft") return campaignStatus === "nominating" ? null : ("nominations.nominate.closed" as const);
  if (n.status === "returned") {
    return campaignStatus === "nominating" || campaignStatus === "reviewing" ? null : ("nominations.edit.reviewOver" as const);
  }
  return "nominations.edit.notEditable" as const;
}

/** Why this committee member must stay out of the decision; null when they may decide. */
export function recusalOf(user: User, n: { nominatorId: number; nominees: ReadonlyArray<{ personId: number; orgUnitId: number }> }) {
  if (n.nominees.some((p) => p.personId === user.id)) return "nominations.recused.nominee" as const;
  if (n.nominatorId === user.id) return "nominations.recused.nominator" as const;
  if (n.nominees.some((p) => p.orgUnitId === user.orgUnitId)) return "nominations.recused.sameUnit" as const;
  return null;
}
export type Recusal = NonNullable<ReturnType<typeof recusalOf>>;

/** The committee decides on submitted nominations while the campaign takes or reviews them. */
export function whyCannotReview(
  user: User,
  n: { nominatorId: number; status: NominationStatus; nominees: ReadonlyArray<{ personId: number; orgUnitId: number }> },
  campaignStatus: CampaignStatus,
) {
  if (!hasRole(user, "committee")) return "nominations.review.notCommittee" as const;
  if (campaignStatus !== "nominating" && campaignStatus !== "reviewing") return "nominations.review.closed" as const;
  if (n.status !== "submitted") return "nominations.review.notSubmitted" as const;
  return recusalOf(user, n);
}

/**
 * Who reads a nomination (the caller has checked that the person may see the
 * campaign): its nominator, the committee and administrators always; anyone
 * else once it is approved and voting has opened.
 */
export function mayRead(user: User, n: { nominatorId: number; status: NominationStatus }, campaignStatus: CampaignStatus): boolean {
  if (isAdmin(user) || hasRole(user, "committee") || n.nominatorId === user.id) return true;
  return decided.has(n.status) && publicPhases.has(campaignStatus);
}

/** The statuses everyone in scope may read in a campaign of this phase (for list queries). */
export function publicStatuses(campaignStatus: CampaignStatus): NominationStatus[] {
  return publicPhases.has(campaignStatus) ? [...decided] : [];
}
