import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { loadUser, openSession, tooSoon } from "../auth/auth.server";
import { reserveHit } from "../auth/rate-limit.server";
import { defaultAuthSettings, type AuthSettings } from "../auth/settings";
import type { User } from "../auth/user";
import { err, ok, type Result } from "../result";

// Sign-in with the company account (issue 18): whichever protocol proved who
// the person is (OpenID Connect, SAML), the portal decides the same way here
// whether that person may come in. The protocol modules validate tokens and
// assertions with their libraries and hand over only what they vouch for.

export type SsoMethod = "oidc" | "saml";

/** Who the identity provider says this is: the values the directory may know them by, and the provider's own ids. */
export interface ProvenIdentity {
  method: SsoMethod;
  /** The claim or attribute configured as the employee number (OIDC_EMPLOYEE_CLAIM…), if the provider sent it. */
  employeeNo?: string | null;
  /** An email address the provider vouches for (OIDC: only with `email_verified`). */
  email?: string | null;
  /** The provider's subject for this person (OIDC `sub`, SAML `NameID`). */
  subject: string;
  /** The provider's session (OIDC `sid`, SAML `SessionIndex`), for back-channel logout. */
  providerSession?: string | null;
  /** SAML: the NameID's Format, which the portal's own LogoutRequest repeats. */
  nameIdFormat?: string | null;
  userAgent?: string | null;
}

/** The window of SIGNIN_IP_STARTS, as SIGNIN_IP_FAILURES's. */
const startWindowSeconds = 15 * 60;

/**
 * A company sign-in starting from this client address (GET /auth/oidc/start,
 * /auth/saml/start), counted in PostgreSQL like every sign-in limit, so all
 * instances share it: each start costs a stored SAML request or an OIDC
 * round trip, and sends the browser to the company's identity provider. Past
 * the address's allowance (settings.signInIpStarts a quarter of an hour) the
 * answer is "try again in N minutes" (429); a refused start is not counted.
 */
export async function reserveSignInStart(db: Db, ip: string, settings: AuthSettings = defaultAuthSettings): Promise<Result<null>> {
  const reserved = await reserveHit(db, `signin-start:ip:${ip}`, { max: settings.signInIpStarts, windowSeconds: startWindowSeconds });
  return reserved.ok ? ok(null) : tooSoon(reserved.retryAfterSeconds);
}

/**
 * The person the directory knows by the provider's employee number, else by
 * its verified email — never created here: the directory (CSV import or
 * SCIM) is the one source of who works here. Someone it does not know, or who
 * has left, is refused and the refusal audited (with what the provider sent,
 * so the identity team can see why); no session is opened.
 */
export async function signInWithCompanyAccount(
  db: Db,
  identity: ProvenIdentity,
  settings: AuthSettings = defaultAuthSettings,
): Promise<Result<{ token: string; user: User }>> {
  const employeeNo = identity.employeeNo?.trim() || null;
  const email = identity.email?.trim().toLowerCase() || null;
  const opened = await db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom("people")
      .select(["id", "status"])
      .where((eb) =>
        eb.or([...(employeeNo ? [eb("employee_no", "=", employeeNo)] : []), ...(email ? [eb(sql`lower(email)`, "=", email)] : []), eb.val(false)]),
      )
      // An employee number outranks an email that another record happens to share.
      .orderBy(sql`employee_no = ${employeeNo ?? ""}`, "desc")
      .executeTakeFirst();
    const sent = { method: identity.method, employeeNo, email };
    if (!person) {
      await audit(trx, null, {
        action: "auth.sso_refused",
        subjectType: "person",
        subjectId: employeeNo ?? email ?? "?",
        after: { ...sent, reason: "unknown" },
      });
      return err("auth.sso.unknown", 403);
    }
    if (person.status !== "active") {
      await audit(trx, null, { action: "auth.sso_refused", subjectType: "person", subjectId: person.id, after: { ...sent, reason: "left" } });
      return err("auth.sso.left", 403);
    }
    const token = await openSession(
      trx,
      person,
      {
        method: identity.method,
        userAgent: identity.userAgent,
        providerSubject: identity.subject,
        providerSession: identity.providerSession ?? null,
        nameIdFormat: identity.nameIdFormat ?? null,
      },
      settings,
    );
    return ok({ token, personId: person.id });
  });
  if (!opened.ok) return opened;
  const user = await loadUser(db, opened.value.personId);
  if (!user) return err("auth.sso.left", 403);
  return ok({ token: opened.value.token, user });
}

/**
 * The provider ended a person's session (back-channel logout): the portal's
 * sessions it opened end too — those of that provider session, or, when the
 * provider names only the subject, every one of that subject. Returns how
 * many ended; audited when any did.
 */
export async function endProviderSessions(
  db: Db,
  method: SsoMethod,
  by: { subject?: string | null; providerSession?: string | null },
): Promise<number> {
  if (!by.subject && !by.providerSession) return 0;
  return db.transaction().execute(async (trx) => {
    const ended = await trx
      .deleteFrom("sessions")
      .where("method", "=", method)
      .$if(Boolean(by.providerSession), (q) => q.where("provider_session", "=", by.providerSession!))
      .$if(Boolean(by.subject), (q) => q.where("provider_subject", "=", by.subject!))
      .returning("person_id")
      .execute();
    for (const personId of new Set(ended.map((r) => r.person_id))) {
      await audit(trx, null, { action: "auth.provider_signed_out", subjectType: "person", subjectId: personId, after: { method } });
    }
    return ended.length;
  });
}
