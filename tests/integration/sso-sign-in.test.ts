import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signOut, userFromSession } from "../../app/domain/auth/auth.server";
import { defaultAuthSettings } from "../../app/domain/auth/settings";
import { endProviderSessions, reserveSignInStart, signInWithCompanyAccount } from "../../app/domain/identity/sso.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { value } from "../support/result";

// Sign-in with the company account (issue 18), whatever the protocol: the
// directory decides who may come in. A person it knows by employee number
// (or a verified email) gets a session that remembers the provider's subject
// and session; someone unknown, or who has left, is refused and audited, and
// nothing is created. The provider's back-channel logout ends those sessions.

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "SSO");
});
afterAll(() => t.close());

const sessionsOf = (personId: number) => t.db.selectFrom("sessions").selectAll().where("person_id", "=", personId).execute();
const refusals = () => t.db.selectFrom("audit_log").select(["subject_id", "after"]).where("action", "=", "auth.sso_refused").orderBy("id").execute();

describe("signing in with the company account", () => {
  test("a person the directory knows by employee number gets a session that remembers the provider's subject and session", async () => {
    const amy = await givenPerson(t.db, { unit: "SSO", employeeNo: "SSO0001", email: "amy@corp.example", password: null });
    const { token, user } = value(
      await signInWithCompanyAccount(t.db, { method: "oidc", employeeNo: "SSO0001", subject: "sub-amy", providerSession: "sid-1" }),
    );
    expect(user.employeeNo).toBe("SSO0001");
    expect((await userFromSession(t.db, token))?.id).toBe(amy.id);
    expect(await sessionsOf(amy.id)).toEqual([expect.objectContaining({ method: "oidc", provider_subject: "sub-amy", provider_session: "sid-1" })]);
    const signedIn = await t.db
      .selectFrom("audit_log")
      .select("after")
      .where("action", "=", "auth.signed_in")
      .where("subject_id", "=", String(amy.id))
      .execute();
    expect(signedIn.map((a) => a.after)).toEqual([{ method: "oidc" }]);
  });

  test("by a verified email when the provider sends no employee number, whatever its case", async () => {
    const ben = await givenPerson(t.db, { unit: "SSO", employeeNo: "SSO0002", email: "Ben.Li@corp.example", password: null });
    const { user } = value(await signInWithCompanyAccount(t.db, { method: "saml", email: "ben.li@CORP.example", subject: "ben" }));
    expect(user.id).toBe(ben.id);
  });

  test("someone the directory does not know is refused, audited, and nothing is created", async () => {
    const people = await t.db
      .selectFrom("people")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const r = await signInWithCompanyAccount(t.db, { method: "oidc", employeeNo: "NOBODY9", email: "nobody@corp.example", subject: "sub-x" });
    expect(r).toMatchObject({ ok: false, error: "auth.sso.unknown", status: 403 });
    expect(
      await t.db
        .selectFrom("people")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow(),
    ).toEqual(people);
    expect((await refusals()).at(-1)).toEqual({
      subject_id: "NOBODY9",
      after: { method: "oidc", employeeNo: "NOBODY9", email: "nobody@corp.example", reason: "unknown" },
    });
  });

  test("someone who has left is refused and gets no session", async () => {
    const cai = await givenPerson(t.db, { unit: "SSO", employeeNo: "SSO0003", status: "left", password: null });
    const r = await signInWithCompanyAccount(t.db, { method: "saml", employeeNo: "SSO0003", subject: "cai" });
    expect(r).toMatchObject({ ok: false, error: "auth.sso.left", status: 403 });
    expect(await sessionsOf(cai.id)).toEqual([]);
    expect((await refusals()).at(-1)).toMatchObject({ subject_id: String(cai.id), after: { reason: "left" } });
  });

  test("the provider's back-channel logout ends the sessions of that provider session, then of that subject", async () => {
    const dan = await givenPerson(t.db, { unit: "SSO", employeeNo: "SSO0004", password: null });
    const first = value(
      await signInWithCompanyAccount(t.db, { method: "oidc", employeeNo: "SSO0004", subject: "sub-dan", providerSession: "sid-a" }),
    );
    const second = value(
      await signInWithCompanyAccount(t.db, { method: "oidc", employeeNo: "SSO0004", subject: "sub-dan", providerSession: "sid-b" }),
    );
    // Another method's session of the same subject is not that provider's.
    value(await signInWithCompanyAccount(t.db, { method: "saml", employeeNo: "SSO0004", subject: "sub-dan", providerSession: "sid-a" }));
    expect(await endProviderSessions(t.db, "oidc", { providerSession: "sid-a" })).toBe(1);
    expect(await userFromSession(t.db, first.token)).toBeNull();
    expect((await userFromSession(t.db, second.token))?.id).toBe(dan.id);
    expect(await endProviderSessions(t.db, "oidc", { subject: "sub-dan" })).toBe(1);
    expect(await userFromSession(t.db, second.token)).toBeNull();
    expect((await sessionsOf(dan.id)).map((s) => s.method)).toEqual(["saml"]);
    expect(await endProviderSessions(t.db, "oidc", {})).toBe(0);
  });

  test("a client address may start SIGNIN_IP_STARTS company sign-ins a quarter of an hour; the next is told to wait, other addresses are not", async () => {
    const settings = { ...defaultAuthSettings, signInIpStarts: 3 };
    for (let i = 1; i <= 3; i++) expect(await reserveSignInStart(t.db, "10.20.0.1", settings), `start ${i}`).toEqual({ ok: true, value: null });
    const refused = await reserveSignInStart(t.db, "10.20.0.1", settings);
    expect(refused).toMatchObject({ ok: false, status: 429, vars: { retryAfter: expect.any(Number) } });
    expect(refused.ok ? "" : refused.error).toMatch(/^auth\.rateLimited\./);
    // A refused start is not counted: the wait does not grow with each try.
    const counted = await t.db.selectFrom("rate_limits").select("hits").where("key", "=", "signin-start:ip:10.20.0.1").executeTakeFirstOrThrow();
    expect(counted.hits).toBe(3);
    expect(await reserveSignInStart(t.db, "10.20.0.2", settings)).toEqual({ ok: true, value: null });
  });

  test("signing out says what ended — how it was opened and what the provider knows it by — and is audited", async () => {
    const eve = await givenPerson(t.db, { unit: "SSO", employeeNo: "SSO0005", password: null });
    const persistent = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
    // A NameID Format is SAML's: an OIDC session keeps none, whatever it is handed.
    const oidc = value(
      await signInWithCompanyAccount(t.db, {
        method: "oidc",
        employeeNo: "SSO0005",
        subject: "sub-eve",
        providerSession: "sid-e",
        nameIdFormat: persistent,
      }),
    );
    expect(await signOut(t.db, oidc.token)).toEqual({ method: "oidc", subject: "sub-eve", session: "sid-e", nameIdFormat: null });
    const saml = value(await signInWithCompanyAccount(t.db, { method: "saml", employeeNo: "SSO0005", subject: "eve", nameIdFormat: persistent }));
    expect(await signOut(t.db, saml.token)).toEqual({ method: "saml", subject: "eve", session: null, nameIdFormat: persistent });
    expect(await sessionsOf(eve.id)).toEqual([]);
    const signedOut = await t.db
      .selectFrom("audit_log")
      .select("subject_id")
      .where("action", "=", "auth.signed_out")
      .where("subject_id", "=", String(eve.id))
      .execute();
    expect(signedOut).toHaveLength(2);
  });
});
