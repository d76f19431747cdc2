import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { userFromSession } from "../../app/domain/auth/auth.server";
import { readSamlSettings } from "../../app/domain/identity/saml-settings.server";
import {
  endSessionsForIdpLogout,
  pruneSamlState,
  samlSignInUrl,
  signInWithSamlResponse,
  spMetadata,
  startSamlProvider,
  type SamlProvider,
} from "../../app/domain/identity/saml.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { value } from "../support/result";
import { startSamlIdp, type ResponseOptions, type TestIdp } from "../support/saml-idp";

// SAML sign-in as node-saml validates it and the portal completes it
// (issue 18 item 2), against a real IdP (samlify): a signed assertion for
// this portal, in answer to its own request, accepted once, for a person the
// directory knows — anything else refused with no session opened.

const portal = "https://stars.example";
let t: TestDb;
let idp: TestIdp;
let saml: SamlProvider;

beforeAll(async () => {
  t = await createTestDb();
  idp = await startSamlIdp();
  saml = await startSamlProvider(readSamlSettings({ SAML_IDP_METADATA: idp.metadataUrl, PUBLIC_URL: portal })!);
  idp.trust(spMetadata(t.db, saml));
  await givenUnit(t.db, "SAML");
  await givenPerson(t.db, { unit: "SAML", employeeNo: "SAML001", email: "amy@corp.example", password: null });
  await givenPerson(t.db, { unit: "SAML", employeeNo: "SAML002", status: "left", password: null });
});
afterAll(async () => {
  saml?.stop();
  await idp?.stop();
  await t?.close();
});

const amy = { nameID: "amy@corp.example", employeeNumber: "SAML001", email: "amy@corp.example", sessionIndex: "idp-session-1" };
const sessionCount = async () =>
  Number(
    (
      await t.db
        .selectFrom("sessions")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The portal's request, the IdP's answer to it (as options make it), and what the portal makes of it. */
async function signIn(options: ResponseOptions = {}) {
  const location = await samlSignInUrl(t.db, saml, "/campaigns/x/vote");
  const answer = await idp.respond(location, { user: amy, ...options });
  return { answer, result: await signInWithSamlResponse(t.db, saml, { samlResponse: answer.SAMLResponse, userAgent: "test" }) };
}

/** The answer is refused as invalid and no session was opened. */
async function expectRefused(options: ResponseOptions, error = "saml.invalid", status = 400) {
  const before = await sessionCount();
  const { result } = await signIn(options);
  expect(result).toMatchObject({ ok: false, error, status });
  expect(await sessionCount()).toBe(before);
}

describe("SAML sign-in", () => {
  test("a signed assertion for a person the directory knows opens a saml session with the NameID and SessionIndex; the deep link rides in RelayState", async () => {
    const { answer, result } = await signIn();
    expect(answer.RelayState).toBe("/campaigns/x/vote");
    const { token, user } = value(result);
    expect(user.employeeNo).toBe("SAML001");
    expect((await userFromSession(t.db, token))?.id).toBe(user.id);
    const session = await t.db.selectFrom("sessions").selectAll().where("person_id", "=", user.id).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ method: "saml", provider_subject: "amy@corp.example", provider_session: "idp-session-1" });
  });

  test("an unsigned assertion is refused, inside a signed response or with no signature at all", async () => {
    await expectRefused({ signAssertion: false });
    await expectRefused({ tamper: (xml) => xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, "") });
  });

  test("an assertion signed by a key the IdP's metadata does not hold is refused", async () => {
    await expectRefused({ signWith: "other" });
  });

  test("an assertion for another service (audience) is refused", async () => {
    await expectRefused({ audience: "https://other.example/saml" });
  });

  test("an assertion for another ACS (Recipient), or a response sent elsewhere (Destination), is refused", async () => {
    await expectRefused({ recipient: "https://other.example/acs" });
    await expectRefused({ destination: "https://other.example/acs" });
  });

  test("an expired assertion (NotOnOrAfter passed) is refused", async () => {
    await expectRefused({ notOnOrAfter: new Date(Date.now() - 10 * 60_000) });
  });

  test("a response to a request this portal never sent (InResponseTo) is refused", async () => {
    const location = await samlSignInUrl(t.db, saml, "/");
    // Answered once; the request is then spent, and a response naming it again is not accepted.
    const answer = await idp.respond(location, { user: amy });
    value(await signInWithSamlResponse(t.db, saml, { samlResponse: answer.SAMLResponse }));
    const again = await idp.respond(location, { user: amy });
    expect(await signInWithSamlResponse(t.db, saml, { samlResponse: again.SAMLResponse })).toMatchObject({ ok: false, error: "saml.invalid" });
  });

  test("a replayed assertion is refused: posted again, or twice at once (the database's key decides)", async () => {
    const { answer, result } = await signIn();
    value(result);
    const before = await sessionCount();
    expect(await signInWithSamlResponse(t.db, saml, { samlResponse: answer.SAMLResponse })).toMatchObject({
      ok: false,
      error: "saml.invalid",
      status: 400,
    });
    expect(await sessionCount()).toBe(before);

    const location = await samlSignInUrl(t.db, saml, "/");
    const fresh = await idp.respond(location, { user: amy });
    const both = await Promise.all([1, 2].map(() => signInWithSamlResponse(t.db, saml, { samlResponse: fresh.SAMLResponse })));
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(await sessionCount()).toBe(before + 1);
  });

  test("XML signature wrapping: a second, unsigned assertion beside the signed one is refused", async () => {
    await expectRefused({
      tamper: (xml) => {
        const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
        const evil = signed
          .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, "")
          .replace(/ID="[^"]+"/, 'ID="_evil"')
          .replaceAll("SAML001", "SAML999")
          .replaceAll("amy@corp.example", "mallory@corp.example");
        return xml.replace(signed, evil + signed);
      },
    });
  });

  test("XML signature wrapping: the signed assertion moved into an extension and an unsigned one put in its place is refused", async () => {
    await givenPerson(t.db, { unit: "SAML", employeeNo: "SAML003", email: "mallory@corp.example", password: null });
    await expectRefused({
      tamper: (xml) => {
        const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
        const evil = signed
          .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, "")
          .replaceAll("SAML001", "SAML003")
          .replaceAll("amy@corp.example", "mallory@corp.example");
        return xml.replace(signed, `<samlp:Extensions>${signed}</samlp:Extensions>${evil}`);
      },
    });
    expect(
      await t.db
        .selectFrom("sessions")
        .innerJoin("people", "people.id", "sessions.person_id")
        .where("people.employee_no", "=", "SAML003")
        .selectAll()
        .execute(),
    ).toEqual([]);
  });

  test("a person the directory does not know, or who has left, is refused (403) and nothing is opened", async () => {
    await expectRefused({ user: { nameID: "zoe", employeeNumber: "NOBODY1", email: "zoe@corp.example" } }, "auth.sso.unknown", 403);
    await expectRefused({ user: { nameID: "cai", employeeNumber: "SAML002" } }, "auth.sso.left", 403);
  });

  test("expired requests and assertions are pruned; live ones stay", async () => {
    await t.db
      .insertInto("saml_assertions")
      .values({ id: "_old", expires_at: new Date(Date.now() - 1000) })
      .execute();
    await pruneSamlState(t.db);
    const left = await t.db.selectFrom("saml_assertions").select("id").execute();
    expect(left.map((r) => r.id)).not.toContain("_old");
    expect(left.length).toBeGreaterThan(0);
  });
});

describe("SAML single logout from the IdP", () => {
  const logout = (url: string) => {
    const here = new URL(url);
    return endSessionsForIdpLogout(t.db, saml, Object.fromEntries(here.searchParams), here.search.slice(1));
  };
  const sessionsOfSubject = (subject: string) =>
    t.db.selectFrom("sessions").select("provider_session").where("provider_subject", "=", subject).orderBy("provider_session").execute();

  test("a signed LogoutRequest ends the session of that NameID and SessionIndex, and answers the IdP", async () => {
    const ben = { nameID: "ben-slo", employeeNumber: "SAML001", email: null as unknown as string };
    value((await signIn({ user: { ...ben, sessionIndex: "slo-1" } })).result);
    value((await signIn({ user: { ...ben, sessionIndex: "slo-2" } })).result);
    const url = idp.logoutRequest("ben-slo", { sessionIndex: "slo-1" });
    expect(url.startsWith(`${portal}/auth/saml/slo?SAMLRequest=`)).toBe(true);
    const { respondTo, ended } = value(await logout(url));
    expect(ended).toBe(1);
    expect(respondTo.startsWith(`${idp.url}/slo?SAMLResponse=`)).toBe(true);
    expect(await sessionsOfSubject("ben-slo")).toEqual([{ provider_session: "slo-2" }]);
  });

  test("an unsigned LogoutRequest ends nothing (node-saml would accept it)", async () => {
    value((await signIn({ user: { nameID: "cy-slo", employeeNumber: "SAML001", sessionIndex: "slo-3" } })).result);
    expect(await logout(idp.logoutRequest("cy-slo", { signed: false }))).toMatchObject({ ok: false, error: "saml.invalid", status: 400 });
    expect(await sessionsOfSubject("cy-slo")).toEqual([{ provider_session: "slo-3" }]);
  });

  test("the SP metadata advertises single logout by HTTP-Redirect at /auth/saml/slo", () => {
    expect(spMetadata(t.db, saml)).toContain(
      `<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${portal}/auth/saml/slo"/>`,
    );
  });
});

describe("SAML settings", () => {
  test("bad settings stop the start with the setting's name", () => {
    expect(() => readSamlSettings({ SAML_IDP_METADATA: "http://idp.example/metadata", PUBLIC_URL: portal })).toThrow(
      /SAML_IDP_METADATA must be an https:\/\/ URL/,
    );
    expect(() => readSamlSettings({ SAML_IDP_METADATA: "/no/such/file.xml", PUBLIC_URL: portal })).toThrow(/SAML_IDP_METADATA names a file/);
    expect(() => readSamlSettings({ SAML_IDP_METADATA: "https://idp.example/metadata" })).toThrow(/needs PUBLIC_URL/);
    expect(() =>
      readSamlSettings({ SAML_IDP_METADATA: "https://idp.example/metadata", PUBLIC_URL: portal, SAML_SP_KEY: "tests/fixtures/saml/idp.key" }),
    ).toThrow(/SAML_SP_KEY and SAML_SP_CERT go together/);
    expect(() =>
      readSamlSettings({
        SAML_IDP_METADATA: "https://idp.example/metadata",
        PUBLIC_URL: portal,
        SAML_SP_KEY: "tests/fixtures/saml/idp.key",
        SAML_SP_CERT: "tests/fixtures/saml/other.crt",
      }),
    ).toThrow(/not the private key of SAML_SP_CERT/);
    expect(readSamlSettings({ PUBLIC_URL: portal })).toBeUndefined();
    expect(readSamlSettings({ SAML_IDP_METADATA: "https://idp.example/metadata", PUBLIC_URL: portal })).toMatchObject({
      spEntityId: `${portal}/auth/saml/metadata`,
      acsUrl: `${portal}/auth/saml/acs`,
      employeeAttribute: "employeeNumber",
    });
  });

  test("unreadable IdP metadata stops the start, naming SAML_IDP_METADATA", async () => {
    await expect(startSamlProvider(readSamlSettings({ SAML_IDP_METADATA: `${idp.url}/nothing-here`, PUBLIC_URL: portal })!)).rejects.toThrow(
      /SAML_IDP_METADATA \(.*\): the IdP metadata answered 404/,
    );
  });
});
