import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Db } from "../../../db/client";
import { batched } from "../../../db/batched";
import { precompiled } from "../../../db/precompiled";
import { audit } from "../audit/audit.server";
import { err, ok, type Refusal, type Result } from "../result";
import { cutChars } from "../text";
import { hashPassword, timingDummyHash, verifyPassword } from "./password.server";
import { whyWeakPassword } from "./password-strength.server";
import { forgetAttempts, releaseHit, reserveAttempt, reserveHit, type Limit } from "./rate-limit.server";
import { defaultAuthSettings, type AuthSettings } from "./settings";
import type { RoleGrant, User } from "./user";

/** A session unused for this long ends (the idle lifetime); settings.sessionMaxDays bounds it from sign-in. */
export const sessionDays = 14;
const ipWindowSeconds = 15 * 60;

/** How a bearer secret is kept (sessions, password links, SCIM tokens): its SHA-256, never the secret. */
export const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");
/** A fresh 32-byte random secret, base64url. */
export const newToken = () => randomBytes(32).toString("base64url");

export interface SignInInput {
  /** Employee number (工号) or email. */
  identifier: string;
  password: string;
  ip: string;
  userAgent?: string | null;
}

/** "Try again in 1 second" … "in 5 minutes": the refusal of an attempt that came too soon. */
export function tooSoon(seconds: number): Refusal {
  const vars = { retryAfter: seconds };
  if (seconds < 60) return err(seconds === 1 ? "auth.rateLimited.seconds.one" : "auth.rateLimited.seconds.other", 429, { ...vars, count: seconds });
  const minutes = Math.ceil(seconds / 60);
  return err(minutes === 1 ? "auth.rateLimited.minutes.one" : "auth.rateLimited.minutes.other", 429, { ...vars, count: minutes });
}

/**
 * Checks the password and opens a new session (a fresh token every time:
 * sign-in rotates the session). Unknown account and wrong password give the
 * same refusal after the same work.
 *
 * Guessing is slowed, never locked out (docs/decisions/0024): each account
 * has its own growing wait *per client address*, so wrong passwords sent from
 * elsewhere do not keep the real person out; and each address has an
 * allowance of wrong passwords over all accounts, so a floor of people behind
 * one address signs in freely. Both counters count an attempt before its
 * password is checked and give it back when it was right.
 */
export async function signIn(
  db: Db,
  input: SignInInput,
  settings: AuthSettings = defaultAuthSettings,
): Promise<Result<{ token: string; user: User }>> {
  // The policy is the server's, not the page's: a form posted from an old page is refused too.
  if (settings.passwordSignIn === "off") return err("auth.password.off", 403);
  const identifier = input.identifier.trim();
  const ipLimit: Limit = { max: settings.signInIpFailures, windowSeconds: ipWindowSeconds };
  const ip = await reserveHit(db, `signin:ip:${input.ip}`, ipLimit);
  if (!ip.ok) return tooSoon(ip.retryAfterSeconds);

  const person = await db
    .selectFrom("people")
    .select(["id", "password_hash", "status"])
    .where((eb) => eb.or([eb("employee_no", "=", identifier), eb(sql`lower(email)`, "=", identifier.toLowerCase())]))
    .executeTakeFirst();
  // Counted per person, so the employee number and the email share one
  // counter; an unknown identifier gets its own, with the same waits, so the
  // answers do not tell which accounts exist. It is kept hashed: people type
  // passwords into the wrong field.
  const accountKey = `${person ? `person:${person.id}` : `unknown:${sha256(identifier.toLowerCase())}`}|${input.ip}`;
  const account = await reserveAttempt(db, accountKey);
  if (!account.ok) {
    // Not checked, so not a failure of this address either.
    await releaseHit(db, ip.reserved);
    return tooSoon(account.retryAfterSeconds);
  }
  const storedHash = person?.status === "active" ? person.password_hash : null;
  const valid = await verifyPassword(storedHash ?? (await timingDummyHash()), input.password);
  // A wrong password stays counted on both counters.
  if (!person || !storedHash || !valid) return err("auth.invalid", 401);
  // Break-glass only: said after the password was right, so the answer tells a stranger nothing about the account.
  if (settings.passwordSignIn === "admins" && !(await isAdministrator(db, person.id))) return err("auth.password.adminsOnly", 403);

  const token = await db.transaction().execute(async (trx) => {
    await releaseHit(trx, ip.reserved);
    await forgetAttempts(trx, accountKey);
    return openSession(trx, person, { userAgent: input.userAgent, method: "password" }, settings);
  });
  const user = await loadUser(db, person.id);
  if (!user) return err("auth.invalid", 401);
  return ok({ token, user });
}

async function isAdministrator(db: Db, personId: number): Promise<boolean> {
  const row = await db.selectFrom("person_roles").select("role").where("person_id", "=", personId).where("role", "=", "admin").executeTakeFirst();
  return Boolean(row);
}

/** How a session was opened: a password, or a company account with the provider's subject and session (issue 18). */
export type SessionOrigin =
  | { method: "password"; userAgent?: string | null }
  | {
      method: "oidc" | "saml";
      userAgent?: string | null;
      providerSubject: string;
      providerSession: string | null;
      /** SAML: the NameID's Format, repeated in the portal's LogoutRequest. */
      nameIdFormat?: string | null;
    };

/**
 * Opens a session for a person who proved who they are (a password, or the
 * company's identity provider), audited as a sign-in; returns its token. The
 * one place a session row is written. Call it inside the transaction that
 * decided the person may sign in.
 */
export async function openSession(
  trx: Db,
  person: { id: number },
  origin: SessionOrigin,
  settings: AuthSettings = defaultAuthSettings,
): Promise<string> {
  const token = newToken();
  const provider = origin.method === "password" ? null : origin;
  await trx
    .insertInto("sessions")
    .values({
      id: sha256(token),
      person_id: person.id,
      expires_at: sql<Date>`now() + make_interval(days => ${Math.min(sessionDays, settings.sessionMaxDays)})`,
      user_agent: origin.userAgent ? cutChars(origin.userAgent, 300) : null,
      method: origin.method,
      provider_subject: provider ? cutChars(provider.providerSubject, 255) : null,
      provider_session: provider?.providerSession ? cutChars(provider.providerSession, 255) : null,
      // A LogoutRequest must repeat it exactly: one too long to keep is not kept (the request then says "unspecified").
      name_id_format: origin.method === "saml" && origin.nameIdFormat && origin.nameIdFormat.length <= 255 ? origin.nameIdFormat : null,
    })
    .execute();
  await audit(trx, person, {
    action: "auth.signed_in",
    subjectType: "person",
    subjectId: person.id,
    ...(origin.method === "password" ? {} : { after: { method: origin.method } }),
  });
  return token;
}

// Every signed-in request asks this: built once, planned once per connection,
// and asked for every request that arrived at the same moment at once. A
// session ends when unused for sessionDays (expires_at, sliding) or
// maxDays after sign-in (created_at), whichever comes first.
const sessionUsers = precompiled((db, v: { hashes: string[]; maxDays: number }) =>
  userQuery(db)
    .innerJoin("sessions as s", "s.person_id", "p.id")
    .select(["s.id as session_id", "s.last_seen_at"])
    .where("s.id", "=", sql<string>`any(${v.hashes}::text[])`)
    .where("s.expires_at", ">", sql<Date>`now()`)
    .where("s.created_at", ">", sql<Date>`now() - make_interval(days => ${v.maxDays})`)
    .where("p.status", "=", "active"),
);

type SessionRow = Awaited<ReturnType<typeof sessionUsers>>[number];

function sessionLookup(maxDays: number) {
  return batched(async (db: Db, hashes: string[]): Promise<Map<string, SessionRow>> => {
    const rows = await sessionUsers(db, { hashes, maxDays });
    // Sliding expiry, written at most once an hour per session, and never
    // past the absolute lifetime: a session in daily use still ends.
    const stale = rows.filter((row) => Date.now() - new Date(row.last_seen_at).getTime() > 3_600_000).map((row) => row.session_id);
    if (stale.length) {
      await db
        .updateTable("sessions")
        .set({
          last_seen_at: sql`now()`,
          expires_at: sql`least(now() + make_interval(days => ${sessionDays}), created_at + make_interval(days => ${maxDays}))`,
        })
        .where("id", "in", stale)
        .execute();
    }
    return new Map(rows.map((row) => [row.session_id, row]));
  });
}

// One batching line per lifetime: a process has one setting, tests a few.
const sessionLookups = new Map<number, ReturnType<typeof sessionLookup>>();

/**
 * The active person behind a session token, or null (expired, too old,
 * revoked, left). This runs on every request of a signed-in person: the
 * requests that arrive together share one round trip (batched), each still
 * asking the database after it arrived, so a sign-out or a departure is seen
 * by the next request.
 */
export async function userFromSession(db: Db, token: string, settings: AuthSettings = defaultAuthSettings): Promise<User | null> {
  let lookup = sessionLookups.get(settings.sessionMaxDays);
  if (!lookup) sessionLookups.set(settings.sessionMaxDays, (lookup = sessionLookup(settings.sessionMaxDays)));
  const row = await lookup(db, sha256(token));
  return row ? toUser(row) : null;
}

/**
 * The session a sign-out ended: how it had been opened, and for a company
 * account what the provider knows it by — what its own sign-out needs (a
 * SAML LogoutRequest names the NameID, its Format and the SessionIndex).
 */
export type EndedSession = { method: "password" } | { method: "oidc" | "saml"; subject: string; session: string | null; nameIdFormat: string | null };

/** Revokes the one session behind this token and says what ended (a company sign-in may end at the provider too), or null when there was none. */
export async function signOut(db: Db, token: string): Promise<EndedSession | null> {
  const session = await db
    .deleteFrom("sessions")
    .where("id", "=", sha256(token))
    .returning(["person_id", "method", "provider_subject", "provider_session", "name_id_format"])
    .executeTakeFirst();
  if (!session) return null;
  await audit(db, { id: session.person_id }, { action: "auth.signed_out", subjectType: "person", subjectId: session.person_id });
  const method = session.method as SessionOrigin["method"];
  // The constraint sessions_provider_subject keeps a company session's subject set.
  if (method === "password" || session.provider_subject === null) return { method: "password" };
  return { method, subject: session.provider_subject, session: session.provider_session, nameIdFormat: session.name_id_format };
}

/** Revokes every session of a person (password reset, left the company). */
export async function revokeSessions(db: Db, personId: number): Promise<number> {
  const r = await db.deleteFrom("sessions").where("person_id", "=", personId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function loadUser(db: Db, personId: number): Promise<User | null> {
  const row = await userQuery(db).where("p.id", "=", personId).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** A person with their roles (as a JSON array) in one statement. */
function userQuery(db: Db) {
  return db.selectFrom("people as p").select((eb) => [
    "p.id",
    "p.employee_no",
    "p.name",
    "p.locale",
    "p.org_unit_id",
    jsonArrayFrom(
      eb
        .selectFrom("person_roles as r")
        .leftJoin("org_units as u", "u.id", "r.org_unit_id")
        // The unit's own path (its ancestors and itself, "/1/4/"), so a
        // scope check is a prefix match that cannot reach a sibling.
        .select((eb) => ["r.role", "r.org_unit_id", "u.code", sql<string | null>`${eb.ref("u.path")} || ${eb.ref("u.id")}::text || '/'`.as("path")])
        .whereRef("r.person_id", "=", "p.id")
        .orderBy("r.role")
        .orderBy("u.code"),
    ).as("roles"),
  ]);
}

function toUser(row: {
  id: number;
  employee_no: string;
  name: string;
  locale: User["locale"];
  org_unit_id: number;
  roles: Array<{ role: RoleGrant["role"]; org_unit_id: number | null; path: string | null; code: string | null }>;
}): User {
  return {
    id: row.id,
    employeeNo: row.employee_no,
    name: row.name,
    locale: row.locale,
    orgUnitId: row.org_unit_id,
    roles: row.roles.map((r): RoleGrant => ({ role: r.role, orgUnitId: r.org_unit_id, orgCode: r.code, orgPath: r.path })),
  };
}

/** Remembers the language a signed-in person chose. */
export async function setLocale(db: Db, user: User, locale: User["locale"]): Promise<void> {
  await db.updateTable("people").set({ locale }).where("id", "=", user.id).execute();
}

// ---- one-time password links -------------------------------------------

import { passwordLinkHours } from "./password-rules";
export { passwordLinkHours };

/**
 * Consumes a one-time link: sets the password and revokes old sessions. A
 * password that is common or made of what is known about the person is
 * refused with the reason (whyWeakPassword), and the link stays usable.
 */
export async function setPasswordWithToken(db: Db, token: string, password: string): Promise<Result<{ employeeNo: string }>> {
  const owner = await usableLink(db, token);
  if (!owner) return err("auth.linkInvalid", 410);
  const weak = whyWeakPassword(password, { employeeNo: owner.employee_no, email: owner.email, name: owner.name });
  if (weak) return err(weak, 400);
  // Hashed before the transaction: Argon2 takes ~20 ms, and the row lock below need not wait for it.
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom("password_tokens as t")
      .innerJoin("people as p", "p.id", "t.person_id")
      .select(["t.id", "t.person_id", "p.employee_no", "p.status"])
      .where("t.id", "=", sha256(token))
      .where("t.used_at", "is", null)
      .where("t.expires_at", ">", sql<Date>`now()`)
      .forUpdate()
      .executeTakeFirst();
    if (!link || link.status !== "active") return err("auth.linkInvalid", 410);
    await trx
      .updateTable("password_tokens")
      .set({ used_at: sql`now()` })
      .where("id", "=", link.id)
      .execute();
    await trx
      .updateTable("people")
      .set({ password_hash: passwordHash, password_changed_at: sql`now()`, updated_at: sql`now()` })
      .where("id", "=", link.person_id)
      .execute();
    await revokeSessions(trx, link.person_id);
    await audit(
      trx,
      { id: link.person_id },
      {
        action: "auth.password_set",
        subjectType: "person",
        subjectId: link.employee_no,
      },
    );
    return ok({ employeeNo: link.employee_no });
  });
}

/** The person behind a one-time link that is still usable, or undefined. */
function usableLink(db: Db, token: string) {
  return db
    .selectFrom("password_tokens as t")
    .innerJoin("people as p", "p.id", "t.person_id")
    .select(["p.name", "p.employee_no", "p.email"])
    .where("t.id", "=", sha256(token))
    .where("t.used_at", "is", null)
    .where("t.expires_at", ">", sql<Date>`now()`)
    .where("p.status", "=", "active")
    .executeTakeFirst();
}

/** Is this one-time link still usable? (for the page that shows the form) */
export async function passwordLinkFor(db: Db, token: string): Promise<{ name: string; employeeNo: string } | null> {
  const row = await usableLink(db, token);
  return row ? { name: row.name, employeeNo: row.employee_no } : null;
}

/** Creates a one-time link token (stored hashed); callers check permission. */
export async function createPasswordToken(db: Db, personId: number, createdBy: number): Promise<string> {
  return (await createPasswordTokens(db, [personId], createdBy)).tokens.get(personId)!;
}

/**
 * One-time link tokens for several people in two statements (an
 * administrator's links for a whole unit); each supersedes the person's older
 * unused links. Returns each person's token and when they all expire.
 */
export async function createPasswordTokens(
  db: Db,
  personIds: readonly number[],
  createdBy: number,
): Promise<{ tokens: Map<number, string>; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + passwordLinkHours * 3_600_000);
  const tokens = new Map(personIds.map((id) => [id, newToken()]));
  if (tokens.size === 0) return { tokens, expiresAt };
  await db
    .updateTable("password_tokens")
    .set({ used_at: sql`now()` })
    .where("person_id", "in", [...tokens.keys()])
    .where("used_at", "is", null)
    .execute();
  await db
    .insertInto("password_tokens")
    .values([...tokens].map(([personId, token]) => ({ id: sha256(token), person_id: personId, created_by: createdBy, expires_at: expiresAt })))
    .execute();
  return { tokens, expiresAt };
}

/** A secret kept in the database, made once: shared by every instance. */
export async function appSecret(db: Db, name: string): Promise<string> {
  await db
    .insertInto("app_secrets")
    .values({ name, value: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db.selectFrom("app_secrets").select("value").where("name", "=", name).executeTakeFirstOrThrow();
  return row.value;
}
