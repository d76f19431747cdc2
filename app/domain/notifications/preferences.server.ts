import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { err, forbidden, ok, type Result } from "../result";
import { actionKinds, isNotificationKind, kindGroups, type NotificationKind } from "./kinds";
import { allOn, asApplied, effectiveChoice, groupsFor, kindsOf, sameChoice, type Choice, type KindGroupView } from "./preferences";

// What each person hears of, where and when (issue 17, item 5), and the
// organisation's defaults that apply where a person has not chosen. A person
// reads and saves only their own; the defaults are the administrators' and
// every change to them is audited. A kind that asks its recipient to act
// stays in the portal whatever is posted: the rule is here, not only a
// disabled box on the page.

export interface NotificationSettingsView {
  groups: KindGroupView[];
  delivery: "each" | "digest";
  quietHours: boolean;
  /** Whether the person has an email address (without one, the email boxes only keep the choice). */
  hasEmail: boolean;
  /** Administrators are offered the organisation's defaults too. */
  isAdmin: boolean;
}

export interface KindInput extends Choice {
  kind: NotificationKind;
}

export interface SettingsInput {
  kinds: KindInput[];
  emailDigest: boolean;
  quietHours: boolean;
}

type ChoiceMap = Map<NotificationKind, Choice>;

async function organisationChoices(db: Db): Promise<ChoiceMap> {
  const rows = await db.selectFrom("notification_defaults").select(["kind", "portal", "email"]).execute();
  return new Map(rows.flatMap((r) => (isNotificationKind(r.kind) ? [[r.kind, { portal: r.portal, email: r.email }] as const] : [])));
}

async function ownChoices(db: Db, personId: number): Promise<ChoiceMap> {
  const rows = await db.selectFrom("notification_preferences").select(["kind", "portal", "email"]).where("person_id", "=", personId).execute();
  return new Map(rows.flatMap((r) => (isNotificationKind(r.kind) ? [[r.kind, { portal: r.portal, email: r.email }] as const] : [])));
}

const viewOf = (groups: typeof kindGroups, choice: (kind: NotificationKind) => Choice): KindGroupView[] =>
  groups.map((g) => ({ id: g.id, kinds: g.kinds.map((kind) => ({ kind, ...choice(kind), portalFixed: actionKinds.has(kind) })) }));

/** The person's settings as they apply now: per kind their own choice, else the organisation's default, else on. */
export async function notificationSettings(db: Db, user: User): Promise<NotificationSettingsView> {
  const [own, defaults, settings, person] = await Promise.all([
    ownChoices(db, user.id),
    organisationChoices(db),
    db.selectFrom("notification_settings").select(["email_digest", "quiet_hours"]).where("person_id", "=", user.id).executeTakeFirst(),
    db.selectFrom("people").select("email").where("id", "=", user.id).executeTakeFirst(),
  ]);
  return {
    groups: viewOf(groupsFor(user), (kind) => effectiveChoice(kind, own.get(kind), defaults.get(kind))),
    // As announce.server.ts reads a person without a row: single emails, quiet hours kept.
    delivery: settings?.email_digest ? "digest" : "each",
    quietHours: settings?.quiet_hours ?? true,
    hasEmail: Boolean(person?.email),
    isAdmin: isAdmin(user),
  };
}

/**
 * Saves the person's choices for the kinds their page offers. A choice equal
 * to the organisation's default is stored as no choice, so the person keeps
 * following the default if administrators change it later; only what they
 * set apart from it is kept as theirs.
 */
export async function saveNotificationSettings(db: Db, user: User, input: SettingsInput): Promise<Result<null>> {
  const offered = new Set(kindsOf(groupsFor(user)));
  if (input.kinds.some((k) => !offered.has(k.kind))) return err("inbox.settings.invalid", 400);
  return db.transaction().execute(async (trx) => {
    const defaults = await organisationChoices(trx);
    const kinds = input.kinds.map((k) => k.kind);
    if (kinds.length) await trx.deleteFrom("notification_preferences").where("person_id", "=", user.id).where("kind", "in", kinds).execute();
    const own = input.kinds
      .map((k) => ({ kind: k.kind, ...asApplied(k.kind, k) }))
      .filter((k) => !sameChoice(k, effectiveChoice(k.kind, undefined, defaults.get(k.kind))));
    // A double submit racing this one may have written a row since the delete: the last save wins, never an error.
    if (own.length)
      await trx
        .insertInto("notification_preferences")
        .values(own.map((k) => ({ person_id: user.id, ...k })))
        .onConflict((oc) =>
          oc.columns(["person_id", "kind"]).doUpdateSet((eb) => ({ portal: eb.ref("excluded.portal"), email: eb.ref("excluded.email") })),
        )
        .execute();
    await trx
      .insertInto("notification_settings")
      .values({ person_id: user.id, email_digest: input.emailDigest, quiet_hours: input.quietHours })
      .onConflict((oc) => oc.column("person_id").doUpdateSet({ email_digest: input.emailDigest, quiet_hours: input.quietHours }))
      .execute();
    return ok(null);
  });
}

/** The organisation's defaults, every kind. Administrators only. */
export async function organisationDefaults(db: Db, user: User): Promise<Result<{ groups: KindGroupView[] }>> {
  if (!isAdmin(user)) return forbidden();
  const defaults = await organisationChoices(db);
  return ok({ groups: viewOf(kindGroups, (kind) => asApplied(kind, defaults.get(kind) ?? allOn)) });
}

/**
 * Saves the organisation's defaults for the kinds posted; a kind left all on
 * needs no row. Administrators only; audited with what changed.
 */
export async function saveOrganisationDefaults(db: Db, user: User, kinds: KindInput[]): Promise<Result<{ changed: number }>> {
  if (!isAdmin(user)) return forbidden();
  return db.transaction().execute(async (trx) => {
    const before = await organisationChoices(trx);
    const was: Record<string, Choice> = {};
    const now: Record<string, Choice> = {};
    for (const k of kinds) {
      const old = asApplied(k.kind, before.get(k.kind) ?? allOn);
      const next = asApplied(k.kind, k);
      if (sameChoice(old, next)) continue;
      was[k.kind] = old;
      now[k.kind] = next;
      if (sameChoice(next, allOn)) await trx.deleteFrom("notification_defaults").where("kind", "=", k.kind).execute();
      else
        await trx
          .insertInto("notification_defaults")
          .values({ kind: k.kind, ...next })
          .onConflict((oc) => oc.column("kind").doUpdateSet(next))
          .execute();
    }
    const changed = Object.keys(now).length;
    if (changed) await audit(trx, user, { action: "notification.defaults_saved", before: was, after: now });
    return ok({ changed });
  });
}
