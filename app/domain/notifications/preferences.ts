import { isAdmin, type User } from "../auth/user";
import { actionKinds, kindGroups, type NotificationKind } from "./kinds";

// What a person hears of, and where (issue 17, item 5): the rules, without a
// database. announce.server.ts applies the same order when it writes notices
// (a person's own choice, else the organisation's default, else on); the
// settings pages show and save it.

export interface Choice {
  portal: boolean;
  email: boolean;
}

export interface KindChoice extends Choice {
  kind: NotificationKind;
  /** The portal keeps it whatever anyone chose: it asks the recipient to act. */
  portalFixed: boolean;
}

export type GroupId = (typeof kindGroups)[number]["id"];

/** A group of kinds as a settings page shows it. */
export interface KindGroupView {
  id: GroupId;
  kinds: KindChoice[];
}

/** A kind nobody chose for: portal and email on. */
export const allOn: Readonly<Choice> = { portal: true, email: true };

/** A choice as it takes effect: a kind that asks to act stays in the portal, whatever was stored or posted. */
export const asApplied = (kind: NotificationKind, c: Choice): Choice => ({ portal: actionKinds.has(kind) || c.portal, email: c.email });

/** The choice that applies to a kind: the person's own, else the organisation's default, else on. */
export const effectiveChoice = (kind: NotificationKind, own: Choice | undefined, orgDefault: Choice | undefined): Choice =>
  asApplied(kind, own ?? orgDefault ?? allOn);

export const sameChoice = (a: Choice, b: Choice) => a.portal === b.portal && a.email === b.email;

/** The groups of kinds a person's settings page offers: the administrators' own only to administrators, who alone receive them. */
export const groupsFor = (user: User) => kindGroups.filter((g) => g.id !== "admin" || isAdmin(user));

/** Every kind of the groups, in their order. */
export const kindsOf = (groups: readonly { kinds: readonly NotificationKind[] }[]) => groups.flatMap((g) => g.kinds);
