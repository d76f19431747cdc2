import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoPeople } from "../../app/demo/people";
import { translate } from "../../app/i18n/all.server";
import { startSamlIdp, type ResponseOptions, type TestIdp } from "../support/saml-idp";
import { client, demoAccount, freePort, serverStartTimeout, startServer, visibleText, type Client, type TestServer } from "../support/server";

// SAML sign-in through HTTP (issue 18 item 2), with a real IdP (samlify):
// the SP metadata, the AuthnRequest with the deep link as RelayState, the
// IdP's cross-site POST to the ACS, the session cookie and the way back; a
// refusal is a page in the person's language with nothing opened; and two
// instances on one database agree on requests and spent assertions.

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let idp: TestIdp;
let a: TestServer;
let publicUrl: string;
let env: Record<string, string>;

beforeAll(async () => {
  idp = await startSamlIdp();
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  env = { PUBLIC_URL: publicUrl, SAML_IDP_METADATA: idp.metadataUrl };
  a = await startServer({ port, env });
  idp.trust(await (await fetch(`${a.url}/auth/saml/metadata`)).text());
}, serverStartTimeout);
afterAll(async () => {
  await a?.stop();
  await idp?.stop();
});

const staff = demoAccount("staff");
const asStaff = { nameID: `nid-${staff.employeeNo}`, employeeNumber: staff.employeeNo, email: staff.email };

/** /auth/saml/start on a server, and the IdP's answer to the request it sent. */
async function startAndAnswer(c: Client, redirectTo: string, options: ResponseOptions = {}) {
  const start = await c.get(`/auth/saml/start?redirectTo=${encodeURIComponent(redirectTo)}`);
  expect(start.status).toBe(302);
  const location = start.headers.get("location")!;
  expect(location.startsWith(`${idp.url}/sso?SAMLRequest=`)).toBe(true);
  return idp.respond(location, { user: asStaff, ...options });
}

/** What the person's browser does on the IdP's last page: a cross-site form post to the ACS. */
function postToAcs(c: Client, answer: { SAMLResponse: string; RelayState: string }) {
  return c.post(
    "/auth/saml/acs",
    { SAMLResponse: answer.SAMLResponse, RelayState: answer.RelayState },
    { crossSite: true, headers: { origin: idp.url, "sec-fetch-site": "cross-site" } },
  );
}

describe("SAML over HTTP", () => {
  test("the SP metadata names the entity, the ACS and wants signed assertions", async () => {
    const response = await fetch(`${a.url}/auth/saml/metadata`);
    expect(response.headers.get("content-type")).toMatch(/^application\/samlmetadata\+xml/);
    const xml = await response.text();
    expect(xml).toContain(`entityID="${publicUrl}/auth/saml/metadata"`);
    expect(xml).toContain(`Location="${publicUrl}/auth/saml/acs"`);
    expect(xml).toContain('WantAssertionsSigned="true"');
  });

  test("signed in by the IdP, the person lands on the deep link they came for, signed in", async () => {
    const c = client(a, { language: "en" });
    const deepLink = "/campaigns?from=notification";
    const answer = await startAndAnswer(c, deepLink);
    expect(answer.RelayState).toBe(deepLink);
    const acs = await postToAcs(c, answer);
    expect(acs.status).toBe(302);
    expect(acs.headers.get("location")).toBe(deepLink);
    expect(c.cookie("__session")).toBeTruthy();
    const page = await c.get(deepLink);
    expect(page.status).toBe(200);
  });

  test("the start keeps the request's ID in a signed, HttpOnly, SameSite=None; Secure cookie for ten minutes, and the ACS clears it whatever the answer", async () => {
    const c = client(a, { language: "en" });
    const start = await c.get("/auth/saml/start?redirectTo=%2F");
    const set = start.headers.getSetCookie().find((line) => line.startsWith("__saml_request="))!;
    expect(set).toBeTruthy();
    expect(set).toMatch(/; Max-Age=600(;|$)/);
    expect(set).toMatch(/; Path=\/auth\/saml(;|$)/);
    expect(set).toMatch(/; HttpOnly(;|$)/);
    expect(set).toMatch(/; Secure(;|$)/);
    expect(set).toMatch(/; SameSite=None(;|$)/);
    const answer = await idp.respond(start.headers.get("location")!, { user: asStaff });

    const accepted = await postToAcs(c, answer);
    expect(accepted.status).toBe(302);
    expect(accepted.headers.getSetCookie().find((line) => line.startsWith("__saml_request="))).toMatch(/Max-Age=0/);
    expect(c.cookie("__saml_request")).toBeUndefined();

    const refused = client(a, { language: "en" });
    const spoiled = await startAndAnswer(refused, "/", { signAssertion: false });
    expect(refused.cookie("__saml_request")).toBeTruthy();
    const page = await postToAcs(refused, spoiled);
    expect(page.status).toBe(400);
    expect(page.headers.getSetCookie().find((line) => line.startsWith("__saml_request="))).toMatch(/Max-Age=0/);
    expect(refused.cookie("__saml_request")).toBeUndefined();
  });

  test("login CSRF: browser B posting the valid response to browser A's sign-in is refused in B's language, and nothing is signed in", async () => {
    const browserA = client(a, { language: "en" });
    const answer = await startAndAnswer(browserA, "/campaigns");
    // B started a sign-in of its own (its cookie names another request), or none at all.
    const browserB = client(a, { language: "zh-CN" });
    await browserB.get("/auth/saml/start?redirectTo=%2F");
    expect(browserB.cookie("__saml_request")).toBeTruthy();
    const withOwnRequest = await postToAcs(browserB, answer);
    expect(withOwnRequest.status).toBe(400);
    expect(visibleText(await withOwnRequest.text())).toContain(translate("zh-CN", "saml.invalid"));
    expect(browserB.cookie("__session")).toBeUndefined();
    const browserC = client(a, { language: "en" });
    const withoutCookie = await postToAcs(browserC, answer);
    expect(withoutCookie.status).toBe(400);
    expect(browserC.cookie("__session")).toBeUndefined();
    // The response was not spent by them: the browser that asked for it still signs in with it.
    const own = await postToAcs(browserA, answer);
    expect([own.status, own.headers.get("location")]).toEqual([302, "/campaigns"]);
    expect(browserA.cookie("__session")).toBeTruthy();
  });

  test("a request cookie not signed by the portal is no request: refused", async () => {
    const c = client(a, { language: "en" });
    const answer = await startAndAnswer(c, "/");
    const id = /InResponseTo="([^"]+)"/.exec(answer.xml)![1];
    c.setCookie("__saml_request", encodeURIComponent(Buffer.from(JSON.stringify(id)).toString("base64")));
    expect((await postToAcs(c, answer)).status).toBe(400);
    expect(c.cookie("__session")).toBeUndefined();
  });

  test("/admin/identity says where the IdP's single logout is and that responses are bound to the browser, in both languages", async () => {
    for (const language of ["en", "zh-CN"] as const) {
      const c = client(a, { language });
      await c.signIn(demoAccount("admin"));
      const page = await c.get("/admin/identity");
      expect(page.status).toBe(200);
      const text = visibleText(await page.text());
      expect(text).toContain(translate(language, "identity.saml.idpSloUrl"));
      expect(text).toContain(`${idp.url}/slo`);
      expect(text).toContain(translate(language, "identity.saml.bindsToBrowser"));
    }
  });

  test("a RelayState pointing off the site sends the person home, not away", async () => {
    const c = client(a, { language: "en" });
    const answer = await startAndAnswer(c, "/");
    const acs = await postToAcs(c, { ...answer, RelayState: "https://evil.example/phish" });
    expect(acs.status).toBe(302);
    expect(acs.headers.get("location")).toBe("/");
  });

  test("an invalid response is a 400 page in the person's language, with no session; a replay too", async () => {
    const en = client(a, { language: "en" });
    const unsigned = await postToAcs(en, await startAndAnswer(en, "/", { signAssertion: false }));
    expect(unsigned.status).toBe(400);
    expect(visibleText(await unsigned.text())).toContain(translate("en", "saml.invalid"));
    expect(en.cookie("__session")).toBeUndefined();

    const zh = client(a, { language: "zh-CN" });
    const answer = await startAndAnswer(zh, "/");
    expect((await postToAcs(zh, answer)).status).toBe(302);
    const replayer = client(a, { language: "zh-CN" });
    const replay = await postToAcs(replayer, answer);
    expect(replay.status).toBe(400);
    expect(visibleText(await replay.text())).toContain(translate("zh-CN", "saml.invalid"));
    expect(replayer.cookie("__session")).toBeUndefined();
  });

  test("a response that is not SAML at all is a 400 page, never a 500", async () => {
    const c = client(a, { language: "en" });
    const junk = await postToAcs(c, { SAMLResponse: Buffer.from("<not-saml/>").toString("base64"), RelayState: "/" });
    expect([junk.status, junk.headers.get("location")]).toEqual([400, null]);
    const garbage = await postToAcs(c, { SAMLResponse: "%%%", RelayState: "/" });
    expect(garbage.status).toBe(400);
  });

  test("someone the directory does not know, or who has left, gets a 403 page saying so, and no session", async () => {
    const c = client(a, { language: "en" });
    const unknown = await postToAcs(
      c,
      await startAndAnswer(c, "/", { user: { nameID: "zoe", employeeNumber: "NOBODY1", email: "zoe@nowhere.example" } }),
    );
    expect(unknown.status).toBe(403);
    expect(visibleText(await unknown.text())).toContain(translate("en", "auth.sso.unknown"));
    const leaver = demoPeople().find((p) => p.leftAt)!;
    const left = await postToAcs(c, await startAndAnswer(c, "/", { user: { nameID: "leaver", employeeNumber: leaver.employeeNo } }));
    expect(left.status).toBe(403);
    expect(visibleText(await left.text())).toContain(translate("en", "auth.sso.left"));
    expect(c.cookie("__session")).toBeUndefined();
  });

  test("the IdP's single logout through the browser ends the session, clears the cookie and answers the IdP", async () => {
    const c = client(a, { language: "en" });
    const answer = await startAndAnswer(c, "/campaigns", { user: { ...asStaff, nameID: "slo-http", sessionIndex: "slo-http-1" } });
    expect((await postToAcs(c, answer)).status).toBe(302);
    expect((await c.get("/campaigns")).status).toBe(200);
    const cookie = c.cookie("__session")!;
    const slo = new URL(idp.logoutRequest("slo-http", { sessionIndex: "slo-http-1" }));
    const out = await c.get(slo.pathname + slo.search);
    expect(out.status).toBe(302);
    expect(out.headers.get("location")!.startsWith(`${idp.url}/slo?SAMLResponse=`)).toBe(true);
    expect(c.cookie("__session")).toBeUndefined();
    // The session itself is gone, not only this browser's cookie.
    c.setCookie("__session", cookie);
    expect((await c.get("/campaigns")).headers.get("location")).toMatch(/^\/login/);
    const unsigned = new URL(idp.logoutRequest("slo-http", { signed: false }));
    expect((await client(a, { language: "en" }).get(unsigned.pathname + unsigned.search)).status).toBe(400);
  });

  /** Signed in through the IdP as this NameID and SessionIndex; the session cookie. */
  async function signedInBySaml(c: Client, nameID: string, sessionIndex: string) {
    const answer = await startAndAnswer(c, "/campaigns", { user: { ...asStaff, nameID, sessionIndex } });
    expect((await postToAcs(c, answer)).status).toBe(302);
    return c.cookie("__session")!;
  }

  test("signing out of a SAML session ends it, sends the browser to the IdP with a LogoutRequest, and the IdP's answer lands on /login, signed out", async () => {
    const c = client(a, { language: "en" });
    const cookie = await signedInBySaml(c, "sp-http", "sp-http-1");
    const out = await c.post("/logout", {});
    expect(out.status).toBe(302);
    const toIdp = out.headers.get("location")!;
    expect(toIdp.startsWith(`${idp.url}/slo?SAMLRequest=`)).toBe(true);
    expect(c.cookie("__session")).toBeUndefined();
    expect(await idp.readLogoutRequest(toIdp)).toMatchObject({ nameID: "sp-http", sessionIndex: "sp-http-1", relayState: "/login" });
    // The session itself is gone, not only this browser's cookie.
    const stale = client(a, { language: "en" });
    stale.setCookie("__session", cookie);
    expect((await stale.get("/campaigns")).headers.get("location")).toMatch(/^\/login/);

    // The IdP ends its session and sends the browser back with its LogoutResponse.
    const atIdp = await fetch(toIdp, { redirect: "manual" });
    expect(atIdp.status).toBe(302);
    const back = new URL(atIdp.headers.get("location")!);
    expect(`${back.origin}${back.pathname}`).toBe(`${publicUrl}/auth/saml/slo`);
    expect(back.searchParams.get("SAMLResponse")).toBeTruthy();
    // A person who lingered at the IdP has lost /logout's one-minute notice: the answer says it again.
    c.setCookie("__notice", "");
    const landed = await c.get(back.pathname + back.search);
    expect([landed.status, landed.headers.get("location")]).toEqual([302, "/login"]);
    expect(visibleText(await (await c.get("/login")).text())).toContain(translate("en", "auth.signedOut"));
    // The same answer again is not accepted.
    const again = client(a, { language: "en" });
    expect((await again.get(back.pathname + back.search)).headers.get("location")).toBe("/login");
    expect(visibleText(await (await again.get("/login")).text())).toContain(translate("en", "saml.signedOut.partly"));
  });

  test("an IdP that does not confirm the sign-out, or an answer that is not one: /login says the company account may still be signed in, in the person's language — never a 500", async () => {
    const c = client(a, { language: "zh-CN" });
    await signedInBySaml(c, "sp-http-2", "sp-http-2");
    const toIdp = (await c.post("/logout", {})).headers.get("location")!;
    const refusal = new URL(idp.logoutResponse(await idp.readLogoutRequest(toIdp), { status: "urn:oasis:names:tc:SAML:2.0:status:Responder" }));
    const landed = await c.get(refusal.pathname + refusal.search);
    expect([landed.status, landed.headers.get("location")]).toEqual([302, "/login"]);
    expect(visibleText(await (await c.get("/login")).text())).toContain(translate("zh-CN", "saml.signedOut.partly"));

    for (const junk of [
      `SAMLResponse=${encodeURIComponent(Buffer.from("<x/>").toString("base64"))}`,
      "SAMLResponse=%%%",
      "SAMLResponse=%zz&SigAlg=x&Signature=y",
    ]) {
      const en = client(a, { language: "en" });
      const r = await en.get(`/auth/saml/slo?${junk}`);
      expect([r.status, r.headers.get("location")], junk).toEqual([302, "/login"]);
      expect(visibleText(await (await en.get("/login")).text())).toContain(translate("en", "saml.signedOut.partly"));
    }
    expect((await client(a).get("/auth/saml/slo")).status).toBe(400);
  });

  test("a password session's sign-out stays in the portal; the pages' CSP lets the sign-out form go on to the IdP (form-action), as it must without JavaScript", async () => {
    const c = client(a, { language: "en" });
    await c.signIn(staff);
    const out = await c.post("/logout", {});
    expect([out.status, out.headers.get("location")]).toEqual([302, "/login"]);
    expect(out.headers.get("content-security-policy")).toContain(`form-action 'self' ${idp.url};`);
  });

  test("only the ACS takes a cross-site post: any other path still refuses it", async () => {
    const c = client(a, { language: "en" });
    const elsewhere = await c.post("/auth/saml/start", {}, { crossSite: true, headers: { origin: idp.url, "sec-fetch-site": "cross-site" } });
    expect(elsewhere.status).toBe(403);
    const logout = await c.post("/logout", {}, { crossSite: true, headers: { origin: idp.url, "sec-fetch-site": "cross-site" } });
    expect(logout.status).toBe(403);
  });

  test(
    "bad SAML settings, or IdP metadata that cannot be read, stop the start with the setting's name",
    async () => {
      await expect(startServer({ env: { PUBLIC_URL: publicUrl, SAML_IDP_METADATA: "http://idp.example/metadata" } })).rejects.toThrow(
        /SAML_IDP_METADATA must be an https:\/\/ URL/,
      );
      await expect(startServer({ env: { PUBLIC_URL: publicUrl, SAML_IDP_METADATA: `${idp.url}/nothing-here` } })).rejects.toThrow(
        /SAML_IDP_METADATA \(.*\): the IdP metadata answered 404/,
      );
    },
    serverStartTimeout,
  );

  test.skipIf(!onPostgres)(
    "two instances on one database: a request sent by one is answered at the other, and an assertion spent on one is refused by the other",
    async () => {
      const b = await startServer({ shareDatabaseWith: a, env });
      try {
        const c = client(a, { language: "en" });
        const answer = await startAndAnswer(c, "/campaigns");
        // The same browser, its request cookie and all, reaching the other instance.
        const atB = client(b, { language: "en" });
        atB.setCookie("__saml_request", c.cookie("__saml_request")!);
        const first = await postToAcs(atB, answer);
        expect(first.status).toBe(302);
        expect(atB.cookie("__session")).toBeTruthy();
        const again = client(a, { language: "en" });
        const replay = await postToAcs(again, answer);
        expect(replay.status).toBe(400);
        expect(again.cookie("__session")).toBeUndefined();
      } finally {
        await b.stop();
      }
    },
    serverStartTimeout,
  );
});
if (!onPostgres) console.warn("[saml] the two-instance replay test needs TEST_DATABASE_URL (PGlite is one process): skipped");
