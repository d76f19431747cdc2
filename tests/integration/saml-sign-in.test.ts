import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { inflateRawSync, deflateRawSync } from "node:zlib";
import { sha256, signOut, userFromSession } from "../../app/domain/auth/auth.server";
import { readSamlSettings } from "../../app/domain/identity/saml-settings.server";
import {
  confirmIdpLogout,
  endSessionsForIdpLogout,
  pruneSamlState,
  samlSignInUrl,
  samlSignOutUrl,
  signInWithSamlResponse,
  spMetadata,
  startSamlProvider,
  type SamlProvider,
} from "../../app/domain/identity/saml.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { value } from "../support/result";
import { startSamlIdp, type LogoutResponseOptions, type ResponseOptions, type SamlUser, type TestIdp } from "../support/saml-idp";

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
  const { url, requestId } = await samlSignInUrl(t.db, saml, "/campaigns/x/vote");
  const answer = await idp.respond(url, { user: amy, ...options });
  return {
    answer,
    requestId,
    result: await signInWithSamlResponse(t.db, saml, { samlResponse: answer.SAMLResponse, startedRequest: requestId, userAgent: "test" }),
  };
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
    expect(session).toMatchObject({
      method: "saml",
      provider_subject: "amy@corp.example",
      provider_session: "idp-session-1",
      name_id_format: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    });
  });

  test("only a SAML session keeps a NameID Format (the database refuses one on any other)", async () => {
    const person = await givenPerson(t.db, { unit: "SAML", employeeNo: "SAML010", password: null });
    const base = { person_id: person.id, expires_at: new Date(Date.now() + 60_000), provider_subject: "sub-10" };
    await expect(
      t.db
        .insertInto("sessions")
        .values({ ...base, id: sha256("oidc-with-format"), method: "oidc", name_id_format: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" })
        .execute(),
    ).rejects.toThrow(/sessions_name_id_format_saml/);
    await expect(
      t.db
        .insertInto("sessions")
        .values({ ...base, id: sha256("saml-long-format"), method: "saml", name_id_format: "x".repeat(256) })
        .execute(),
    ).rejects.toThrow(/sessions_name_id_format_check/);
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
    const { url, requestId } = await samlSignInUrl(t.db, saml, "/");
    // Answered once; the request is then spent, and a response naming it again is not accepted.
    const answer = await idp.respond(url, { user: amy });
    value(await signInWithSamlResponse(t.db, saml, { samlResponse: answer.SAMLResponse, startedRequest: requestId }));
    const again = await idp.respond(url, { user: amy });
    expect(await signInWithSamlResponse(t.db, saml, { samlResponse: again.SAMLResponse, startedRequest: requestId })).toMatchObject({
      ok: false,
      error: "saml.invalid",
    });
  });

  test("the request ID kept for the browser is the ID of the AuthnRequest the IdP receives", async () => {
    const { url, requestId } = await samlSignInUrl(t.db, saml, "/");
    const xml = inflateRawSync(Buffer.from(new URL(url).searchParams.get("SAMLRequest")!, "base64")).toString();
    expect(/<samlp:AuthnRequest[^>]* ID="([^"]+)"/.exec(xml)![1]).toBe(requestId);
  });

  test("login CSRF: a valid response to another browser's request is refused, and nothing is opened or spent", async () => {
    // The attacker starts a sign-in and signs in at the IdP as himself...
    const attacker = await samlSignInUrl(t.db, saml, "/");
    const attackersAnswer = await idp.respond(attacker.url, { user: amy });
    // ...and the victim's browser, which started its own sign-in (or none), posts his response.
    const victim = await samlSignInUrl(t.db, saml, "/");
    const before = await sessionCount();
    for (const startedRequest of [victim.requestId, null]) {
      expect(await signInWithSamlResponse(t.db, saml, { samlResponse: attackersAnswer.SAMLResponse, startedRequest })).toMatchObject({
        ok: false,
        error: "saml.invalid",
        status: 400,
      });
    }
    expect(await sessionCount()).toBe(before);
    // The victim's own sign-in still works, and the attacker's response still answers only the attacker's browser.
    value(
      await signInWithSamlResponse(t.db, saml, {
        samlResponse: (await idp.respond(victim.url, { user: amy })).SAMLResponse,
        startedRequest: victim.requestId,
      }),
    );
    value(await signInWithSamlResponse(t.db, saml, { samlResponse: attackersAnswer.SAMLResponse, startedRequest: attacker.requestId }));
  });

  test("login CSRF: a response whose InResponseTo was rewritten to this browser's request is refused (the signed SubjectConfirmationData names another)", async () => {
    const victim = await samlSignInUrl(t.db, saml, "/");
    const attacker = await samlSignInUrl(t.db, saml, "/");
    const rewritten = await idp.respond(attacker.url, {
      user: amy,
      tamper: (xml) => xml.replace(/(<samlp:Response[^>]* InResponseTo=")[^"]+"/, `$1${victim.requestId}"`),
    });
    expect(rewritten.xml).toContain(`InResponseTo="${victim.requestId}"`);
    const before = await sessionCount();
    expect(await signInWithSamlResponse(t.db, saml, { samlResponse: rewritten.SAMLResponse, startedRequest: victim.requestId })).toMatchObject({
      ok: false,
      error: "saml.invalid",
    });
    expect(await sessionCount()).toBe(before);
  });

  test("a portal on plain http:// elsewhere than loopback cannot bind a response to the browser: it accepts one with no request cookie, as before", async () => {
    const unbound: SamlProvider = { ...saml, settings: { ...saml.settings, bindsToBrowser: false } };
    const { url } = await samlSignInUrl(t.db, unbound, "/");
    const answer = await idp.respond(url, { user: amy });
    value(await signInWithSamlResponse(t.db, unbound, { samlResponse: answer.SAMLResponse, startedRequest: null }));
  });

  test("a replayed assertion is refused: posted again, or twice at once (the database's key decides)", async () => {
    const { answer, requestId, result } = await signIn();
    value(result);
    const before = await sessionCount();
    expect(await signInWithSamlResponse(t.db, saml, { samlResponse: answer.SAMLResponse, startedRequest: requestId })).toMatchObject({
      ok: false,
      error: "saml.invalid",
      status: 400,
    });
    expect(await sessionCount()).toBe(before);

    const started = await samlSignInUrl(t.db, saml, "/");
    const fresh = await idp.respond(started.url, { user: amy });
    const both = await Promise.all(
      [1, 2].map(() => signInWithSamlResponse(t.db, saml, { samlResponse: fresh.SAMLResponse, startedRequest: started.requestId })),
    );
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

describe("SAML single logout from the portal (SP-initiated)", () => {
  const emailFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
  const dee: SamlUser = { nameID: "dee@corp.example", employeeNumber: "SAML001", nameIDFormat: emailFormat, sessionIndex: "sp-slo-1" };

  /** A SAML sign-in at this IdP, then the portal's sign-out of it: what signOut said ended, and where the browser goes next. */
  async function signInThenOut(user: SamlUser = dee, provider = saml, at = idp) {
    const { url, requestId } = await samlSignInUrl(t.db, provider, "/");
    const answer = await at.respond(url, { user });
    const { token } = value(await signInWithSamlResponse(t.db, provider, { samlResponse: answer.SAMLResponse, startedRequest: requestId }));
    const ended = await signOut(t.db, token);
    if (ended?.method !== "saml") throw new Error(`signOut ended ${JSON.stringify(ended)}`);
    return { token, ended, location: await samlSignOutUrl(t.db, provider, ended) };
  }
  /** The portal's LogoutRequest, as the IdP reads it. */
  async function logoutRequest(user: SamlUser = dee, provider = saml, at = idp) {
    const { location } = await signInThenOut(user, provider, at);
    return at.readLogoutRequest(location!);
  }
  /** What /auth/saml/slo makes of the IdP's LogoutResponse at this URL. */
  const confirm = (url: string, provider = saml) => {
    const here = new URL(url);
    return confirmIdpLogout(t.db, provider, Object.fromEntries(here.searchParams), here.search.slice(1));
  };
  const kept = async (requestId: string) =>
    Boolean(await t.db.selectFrom("saml_requests").select("id").where("id", "=", requestId).executeTakeFirst());
  const partly = { ok: false, error: "saml.signedOut.partly" };

  test("signing out ends the portal's session, then sends a LogoutRequest to the IdP's SingleLogoutService naming the NameID with its Format and the SessionIndex; RelayState /login", async () => {
    const { token, ended, location } = await signInThenOut();
    expect(ended).toEqual({ method: "saml", subject: "dee@corp.example", session: "sp-slo-1", nameIdFormat: emailFormat });
    expect(await userFromSession(t.db, token)).toBeNull();
    expect(location!.startsWith(`${idp.url}/slo?SAMLRequest=`)).toBe(true);
    const request = await idp.readLogoutRequest(location!);
    expect(request).toMatchObject({
      issuer: `${portal}/auth/saml/metadata`,
      destination: `${idp.url}/slo`,
      nameID: "dee@corp.example",
      nameIDFormat: emailFormat,
      sessionIndex: "sp-slo-1",
      relayState: "/login",
      // No SAML_SP_KEY here: not signed.
      signed: false,
    });
    // Remembered in the database, so that any instance can check the answer.
    expect(await kept(request.id)).toBe(true);
  });

  test("a session opened before the Format was kept says 'unspecified'", async () => {
    const { url, requestId } = await samlSignInUrl(t.db, saml, "/");
    const answer = await idp.respond(url, { user: { ...dee, sessionIndex: "sp-slo-old" } });
    const { token } = value(await signInWithSamlResponse(t.db, saml, { samlResponse: answer.SAMLResponse, startedRequest: requestId }));
    await t.db.updateTable("sessions").set({ name_id_format: null }).where("id", "=", sha256(token)).execute();
    const ended = await signOut(t.db, token);
    const request = await idp.readLogoutRequest((await samlSignOutUrl(t.db, saml, ended as Parameters<typeof samlSignOutUrl>[2]))!);
    expect(request).toMatchObject({ nameID: "dee@corp.example", nameIDFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" });
  });

  test("an IdP without a SingleLogoutService gets no LogoutRequest: the person goes straight to /login, signed out of the portal", async () => {
    const noSlo: SamlProvider = { ...saml, idp: () => ({ ...saml.idp(), sloUrl: null }) };
    const { token, location } = await signInThenOut(dee, noSlo);
    expect(location).toBeNull();
    expect(await userFromSession(t.db, token)).toBeNull();
  });

  test("the IdP's Success LogoutResponse is accepted once and the request forgotten; unsigned too (the signature is checked when there is one)", async () => {
    const request = await logoutRequest();
    const url = idp.logoutResponse(request);
    expect(new URL(url).searchParams.get("Signature")).toBeTruthy();
    expect(url.startsWith(`${portal}/auth/saml/slo?SAMLResponse=`)).toBe(true);
    expect(await confirm(url)).toEqual({ ok: true, value: null });
    expect(await kept(request.id)).toBe(false);
    expect(await confirm(url)).toMatchObject(partly);

    const unsigned = idp.logoutResponse(await logoutRequest(), { signed: false });
    expect(new URL(unsigned).searchParams.get("Signature")).toBeNull();
    expect(await confirm(unsigned)).toEqual({ ok: true, value: null });
  });

  test.each<[string, (request: { id: string }, authnRequestId: string) => LogoutResponseOptions]>([
    ["answers a request the portal never sent", () => ({ inResponseTo: `_slo_${"0".repeat(40)}` })],
    ["names a sign-in request (an AuthnRequest) instead of a logout request", (_, authnRequestId) => ({ inResponseTo: authnRequestId })],
    ["has no InResponseTo at all", () => ({ inResponseTo: "" })],
    ["comes from another issuer", () => ({ issuer: "https://evil.example/idp" })],
    ["was sent to another service (Destination)", () => ({ destination: "https://other.example/auth/saml/slo" })],
    ["says the IdP could not sign the person out (not Success)", () => ({ status: "urn:oasis:names:tc:SAML:2.0:status:Responder" })],
    ["is signed with a key the IdP's metadata does not hold", () => ({ signWith: "other" })],
  ])("a LogoutResponse that %s is refused: the portal says the company account may still be signed in", async (_, spoil) => {
    const request = await logoutRequest();
    const authnRequestId = (await samlSignInUrl(t.db, saml, "/")).requestId;
    expect(await confirm(idp.logoutResponse(request, spoil(request, authnRequestId)))).toMatchObject({ ...partly, status: 400 });
    // The sign-in request is not spent by it.
    expect(await kept(authnRequestId)).toBe(true);
  });

  test("an answer saying the IdP failed still spends the request: a Success arriving after it is refused", async () => {
    const request = await logoutRequest();
    expect(await confirm(idp.logoutResponse(request, { status: "urn:oasis:names:tc:SAML:2.0:status:Requester" }))).toMatchObject(partly);
    expect(await kept(request.id)).toBe(false);
    expect(await confirm(idp.logoutResponse(request))).toMatchObject(partly);
  });

  test("hostile answers are refusals, never exceptions: not base64, not deflated, not SAML, a LogoutRequest, a deflate bomb", async () => {
    const deflated = (text: string | Buffer) => deflateRawSync(text).toString("base64");
    const request = await logoutRequest();
    const bomb = deflated(Buffer.alloc(20 * 1024 * 1024, "<"));
    for (const samlResponse of [
      "%%%",
      Buffer.from("not deflated").toString("base64"),
      deflated("<not-saml/>"),
      deflated("<samlp:LogoutResponse xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'"),
      new URL(idp.logoutRequest("dee@corp.example")).searchParams.get("SAMLRequest")!,
      deflated(request.xml),
      bomb,
    ]) {
      const query = `SAMLResponse=${encodeURIComponent(samlResponse)}`;
      expect(await confirmIdpLogout(t.db, saml, { SAMLResponse: samlResponse }, query)).toMatchObject(partly);
    }
    expect(await confirmIdpLogout(t.db, saml, {}, "")).toMatchObject(partly);
    // The IdP's own LogoutRequest path refuses the bomb as well, before node-saml inflates it.
    const signedLooking = { SAMLRequest: bomb, SigAlg: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", Signature: "AAAA" };
    expect(await endSessionsForIdpLogout(t.db, saml, signedLooking, new URLSearchParams(signedLooking).toString())).toMatchObject({
      ok: false,
      error: "saml.invalid",
      status: 400,
    });
  });

  describe("with a SAML signing key (SAML_SP_KEY, SAML_SP_CERT)", () => {
    let signingIdp: TestIdp;
    let signing: SamlProvider;
    beforeAll(async () => {
      signingIdp = await startSamlIdp();
      signing = await startSamlProvider(
        readSamlSettings({
          SAML_IDP_METADATA: signingIdp.metadataUrl,
          PUBLIC_URL: portal,
          SAML_SP_KEY: "tests/fixtures/saml/other.key",
          SAML_SP_CERT: "tests/fixtures/saml/other.crt",
        })!,
      );
      signingIdp.trust(spMetadata(t.db, signing));
    });
    afterAll(async () => {
      signing?.stop();
      await signingIdp?.stop();
    });

    test("the LogoutRequest is signed (RSA-SHA256), and the IdP verifies it with the certificate in the SP metadata", async () => {
      const { location } = await signInThenOut(dee, signing, signingIdp);
      expect(new URL(location!).searchParams.get("SigAlg")).toBe("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
      const request = await signingIdp.readLogoutRequest(location!);
      expect(request).toMatchObject({ signed: true, nameID: "dee@corp.example", nameIDFormat: emailFormat, sessionIndex: "sp-slo-1" });
      // The check is real: the same request with another RelayState no longer verifies.
      const tampered = new URL(location!);
      tampered.searchParams.set("RelayState", "/elsewhere");
      await expect(signingIdp.readLogoutRequest(tampered.toString())).rejects.toThrow(/SIGNATURE/);
      expect(await confirm(signingIdp.logoutResponse(request), signing)).toEqual({ ok: true, value: null });
    });
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
    // The browser binding (login CSRF) needs a Secure cookie: https://, or loopback for tests and trials on one machine.
    const binds = (publicUrl: string) =>
      readSamlSettings({ SAML_IDP_METADATA: "https://idp.example/metadata", PUBLIC_URL: publicUrl })!.bindsToBrowser;
    expect([portal, "http://127.0.0.1:3000", "http://localhost:3000", "http://[::1]:3000"].map(binds)).toEqual([true, true, true, true]);
    expect(binds("http://stars.intranet:3000")).toBe(false);
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
