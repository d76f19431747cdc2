import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { isLinkKey, linkSigner } from "../publishing/links.server";
import { err, ok, type Result } from "../result";
import { isRowId } from "../row-id";
import { isNotificationKind, notificationKinds, type NotificationKind } from "./kinds";

// One-click unsubscribe (issue 17, RFC 8058). Every email carries a link,
// /unsubscribe/TOKEN, in its footer and in its List-Unsubscribe header; the
// token names a person and the kinds of notice the email was about, and is
// signed like the portal's other signed links (publishing/links.server.ts:
// an HMAC under the secret every instance shares). It needs no sign-in: a
// mail provider's server posts to it on the person's behalf.
//
// Unsubscribing turns the email of those kinds off for that person, keeps
// their choice for the portal, and cancels the emails of those kinds still
// waiting to go. Not audited: like the settings page, it is the person's own
// choice about what reaches them, and the preference row is its record.

/** The path signed for a token: a name, never a page (no route answers it). */
const signedPath = (personId: number, kinds: readonly NotificationKind[]) => `/unsubscribe/${personId}/${kinds.join("~")}`;

/** The kinds in one order, once each: one token per person and set of kinds. */
const inOrder = (kinds: Iterable<NotificationKind>) => {
  const set = new Set(kinds);
  return notificationKinds.filter((k) => set.has(k));
};

/** Makes the tokens of one run of sending with one read of the secret: `12.voting-opened.KEY`. */
export async function unsubscribeTokens(db: Db): Promise<(personId: number, kinds: Iterable<NotificationKind>) => string> {
  const sign = await linkSigner(db);
  return (personId, kinds) => {
    const ordered = inOrder(kinds);
    return `${personId}.${ordered.join("~")}.${sign(signedPath(personId, ordered))}`;
  };
}

/** The longest token made: a person's id, every kind, the key. Anything longer is refused before it is read. */
const maxTokenLength = 20 + notificationKinds.join("~").length + 1 + 22;
const tokenShape = /^(\d{1,10})\.([a-z~-]+)\.([A-Za-z0-9_-]{22})$/;

interface Token {
  personId: number;
  kinds: NotificationKind[];
  key: string;
}

/** A token's parts, or null when it is not one this portal makes. Pure. */
export function parseUnsubscribeToken(token: string): Token | null {
  if (token.length > maxTokenLength) return null;
  const m = tokenShape.exec(token);
  if (!m) return null;
  const personId = Number(m[1]);
  const names = m[2]!.split("~");
  if (!isRowId(personId) || !names.every(isNotificationKind)) return null;
  const kinds = inOrder(names as NotificationKind[]);
  // Each kind once, in order: the one spelling a token is made with.
  if (kinds.join("~") !== m[2]) return null;
  return { personId, kinds, key: m[3]! };
}

async function checkedToken(db: Db, token: string): Promise<Token | null> {
  const parsed = parseUnsubscribeToken(token);
  if (!parsed || !(await isLinkKey(db, signedPath(parsed.personId, parsed.kinds), parsed.key))) return null;
  return parsed;
}

export interface UnsubscribeChoice {
  kinds: NotificationKind[];
  /** Whether the email of every one of them is off already. */
  off: boolean;
}

const invalid = () => err("mail.unsubscribe.invalid", 400);

/** What the link's page asks: stop the email of these kinds? A forged or damaged token is refused (400). */
export async function unsubscribeChoice(db: Db, token: string): Promise<Result<UnsubscribeChoice>> {
  const t = await checkedToken(db, token);
  if (!t) return invalid();
  const person = await db.selectFrom("people").select("id").where("id", "=", t.personId).executeTakeFirst();
  if (!person) return invalid();
  const { rows } = await sql<{ wanted: number }>`
    select count(*)::int as wanted
    from (values ${sql.join(t.kinds.map((k) => sql`(${k})`))}) as k(kind)
    left join notification_preferences np on np.person_id = ${t.personId} and np.kind = k.kind
    left join notification_defaults nd on nd.kind = k.kind
    where coalesce(np.email, nd.email, true)`.execute(db);
  return ok({ kinds: t.kinds, off: Number(rows[0]?.wanted ?? 0) === 0 });
}

/**
 * Turns the email of the token's kinds off for its person (their portal
 * choice kept; a kind they never chose for takes the organisation's default
 * for the portal), and cancels those emails still waiting. Doing it twice
 * changes nothing more.
 */
export async function unsubscribe(db: Db, token: string): Promise<Result<{ kinds: NotificationKind[] }>> {
  const t = await checkedToken(db, token);
  if (!t) return invalid();
  return db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom("people").select("id").where("id", "=", t.personId).executeTakeFirst();
    if (!person) return invalid();
    await sql`
      insert into notification_preferences (person_id, kind, portal, email)
      select ${t.personId}, k.kind, coalesce(nd.portal, true), false
      from (values ${sql.join(t.kinds.map((k) => sql`(${k})`))}) as k(kind)
      left join notification_defaults nd on nd.kind = k.kind
      on conflict (person_id, kind) do update set email = false`.execute(trx);
    await cancelWaitingEmails(trx, t.personId, t.kinds, "unsubscribed");
    return ok({ kinds: t.kinds });
  });
}

/** Emails of these kinds to this person that have not left yet (waiting, or kept for the digest) are not sent. */
export async function cancelWaitingEmails(db: Db, personId: number, kinds: readonly NotificationKind[], why: string): Promise<number> {
  const r = await sql`
    update notification_deliveries d set status = 'cancelled', error = ${why}
    from notifications n
    where n.id = d.notification_id and n.person_id = ${personId}
      and n.kind in (${sql.join(kinds)}) and d.status in ('pending', 'digest')`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
