import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "kysely";
import { demoPeople } from "../../app/demo/index";
import {
  client,
  demoAccount,
  demoPassword,
  freePort,
  serverStartTimeout,
  startServer,
  useServer,
  visibleText,
  withServerDatabase,
  type Client,
  type TestServer,
} from "../support/server";
import { startOidcProvider, type TestOidcProvider } from "../support/oidc-provider";

// Sign-in with the company account over HTTP (issue 18): the built portal
// and a real OpenID provider (oidc-provider), each on its own port. The
// provider's login is answered automatically (tests/support/oidc-provider.ts);
// everything else — redirects, cookies, tokens, logout — is the real thing.

const staff = demoAccount("staff");
const admin = demoAccount("admin");
const leaver = demoPeople().find((p) => p.leftAt !== null)!;

/** A browser's trip: from the portal to the provider and back, with a cookie jar at each; returns the portal's answer at the callback. */
async function roundTrip(portal: Client, provider: Client, start: string): Promise<Response> {
  const started = await portal.get(start);
  expect(started.status).toBe(302);
  let at = started.headers.get("location")!;
  for (let hop = 0; hop < 12; hop++) {
    const url = new URL(at);
    if (url.origin !== new URL(providerUrl).origin) return portal.get(url.pathname + url.search);
    const answer = await provider.get(url.pathname + url.search);
    const location = answer.headers.get("location");
    if (!location) throw new Error(`the provider answered ${answer.status} at ${at}: ${await answer.text()}`);
    at = new URL(location, at).href;
  }
  throw new Error("too many redirects");
}

let providerUrl = "";

async function setUp(env: Record<string, string> = {}): Promise<{ server: TestServer; idp: TestOidcProvider }> {
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const idp = await startOidcProvider({ appUrl });
  providerUrl = idp.issuer;
  idp.people.set("sub-staff", { employee_number: staff.employeeNo, name: staff.name });
  idp.people.set("sub-admin", { employee_number: admin.employeeNo });
  idp.people.set("sub-stranger", { employee_number: "X999999", email: "stranger@elsewhere.example", email_verified: true });
  idp.people.set("sub-leaver", { employee_number: leaver.employeeNo });
  const server = await startServer({ port, env: { ...idp.env, PUBLIC_URL: appUrl, ...env } });
  return { server, idp };
}

describe("with OIDC configured", () => {
  let server: TestServer;
  let idp: TestOidcProvider;
  beforeAll(async () => ({ server, idp } = await setUp()), serverStartTimeout);
  afterAll(async () => {
    await server?.stop();
    await idp?.stop();
  });

  const fresh = (language = "en") => ({ portal: client(server, { language }), provider: client({ url: idp.issuer }) });

  test("the sign-in page offers the company account above the password form, the deep link going along", async () => {
    const page = await client(server, { language: "en" }).get("/login?redirectTo=%2Fcampaigns%2Fx%2Fvote");
    const html = await page.text();
    expect(html).toContain('href="/auth/oidc/start?redirectTo=%2Fcampaigns%2Fx%2Fvote"');
    expect(html.indexOf("Sign in with your company account")).toBeLessThan(html.indexOf('name="password"'));
    const zh = await (await client(server, { language: "zh-CN" }).get("/login")).text();
    expect(visibleText(zh)).toContain("使用公司账号登录");
  });

  test("a person the directory knows signs in, and the deep link survives the round trip", async () => {
    const { portal, provider } = fresh();
    idp.signInAs("sub-staff");
    const back = await roundTrip(portal, provider, "/auth/oidc/start?redirectTo=%2Fcampaigns%2Fx%2Fvote");
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("/campaigns/x/vote");
    expect(portal.cookie("__session")).toBeTruthy();
    // The flow cookie is used once: gone after the callback.
    expect(portal.cookie("__oidc_flow")).toBeUndefined();
    const home = await portal.get("/settings/my-data");
    expect(home.status).toBe(200);
    expect(visibleText(await home.text())).toContain(staff.name);
  });

  test("/admin/identity: the values for the identity team, the provider checked, and a Test sign-in that comes back to it", async () => {
    const colleague = client(server, { language: "en" });
    await colleague.signIn(staff.employeeNo, demoPassword);
    expect((await colleague.get("/admin/identity")).status).toBe(403);

    const { portal, provider } = fresh();
    await portal.signIn(admin.employeeNo, demoPassword);
    const page = visibleText(await (await portal.get("/admin/identity")).text());
    for (const value of [idp.issuer, `${server.url}/auth/oidc/callback`, `${server.url}/auth/oidc/backchannel-logout`, "employee_number"]) {
      expect(page).toContain(value);
    }
    expect(page).toContain("Your session was opened with: a password");
    expect(page).not.toContain(idp.env.OIDC_CLIENT_SECRET);

    const checked = await portal.post("/admin/identity", {});
    expect(checked.status).toBe(200);
    expect(visibleText(await checked.text())).toContain(`The provider answers. Sign-in page: ${idp.issuer}`);

    // Test sign-in: through the provider and back here, the session now opened with OIDC.
    idp.signInAs("sub-admin");
    const back = await roundTrip(portal, provider, "/auth/oidc/start?redirectTo=%2Fadmin%2Fidentity");
    expect(back.headers.get("location")).toBe("/admin/identity");
    const after = visibleText(await (await portal.get("/admin/identity")).text());
    expect(after).toContain("Your session was opened with: OpenID Connect");
    expect(after).toMatch(new RegExp(`OpenID Connect ${admin.employeeNo} Signed in`));
  });

  test("the start keeps its flow in a signed, HttpOnly, SameSite=Lax cookie of ten minutes, only for /auth/oidc", async () => {
    const started = await client(server).get("/auth/oidc/start");
    const cookie = started.headers.getSetCookie().find((c) => c.startsWith("__oidc_flow="))!;
    expect(cookie).toMatch(/; Max-Age=600/);
    expect(cookie).toMatch(/; Path=\/auth\/oidc/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    const asked = new URL(started.headers.get("location")!);
    expect(asked.origin).toBe(idp.issuer);
    expect(asked.searchParams.get("code_challenge_method")).toBe("S256");
  });

  test("someone the directory does not know: a 403 page in their language, audited, no account made", async () => {
    for (const language of ["en", "zh-CN"]) {
      const { portal, provider } = fresh(language);
      idp.signInAs("sub-stranger");
      const back = await roundTrip(portal, provider, "/auth/oidc/start");
      expect(back.status).toBe(403);
      const text = visibleText(await back.text());
      expect(text).toContain(language === "en" ? "does not know you" : "员工名录中没有您");
      expect(portal.cookie("__session")).toBeUndefined();
    }
  });

  test("someone who has left: a 403 page, no session", async () => {
    const { portal, provider } = fresh();
    idp.signInAs("sub-leaver");
    const back = await roundTrip(portal, provider, "/auth/oidc/start");
    expect(back.status).toBe(403);
    expect(visibleText(await back.text())).toContain("lists you as having left");
    expect(portal.cookie("__session")).toBeUndefined();
  });

  test("the person declines at the provider: a 400 page in their language, never a 500 or a stack", async () => {
    const { portal, provider } = fresh("zh-CN");
    idp.signInAs(null);
    const back = await roundTrip(portal, provider, "/auth/oidc/start");
    expect(back.status).toBe(400);
    const text = visibleText(await back.text());
    expect(text).toContain("公司账号登录未完成");
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  test("an ID token spoiled on the way (wrong nonce): 400, no session", async () => {
    const { portal, provider } = fresh();
    idp.signInAs("sub-staff");
    idp.misbehave("wrong-nonce");
    try {
      const back = await roundTrip(portal, provider, "/auth/oidc/start");
      expect(back.status).toBe(400);
      expect(visibleText(await back.text())).toContain("could not be trusted");
      expect(portal.cookie("__session")).toBeUndefined();
    } finally {
      idp.misbehave(null);
    }
  });

  test("a callback without this browser's flow (another's link, a replay): 400", async () => {
    const { portal, provider } = fresh();
    idp.signInAs("sub-staff");
    const started = await portal.get("/auth/oidc/start");
    const thief = client(server, { language: "en" });
    // The answer meant for `portal`, opened in another browser.
    let at = started.headers.get("location")!;
    while (new URL(at).origin === idp.issuer)
      at = new URL((await provider.get(new URL(at).pathname + new URL(at).search)).headers.get("location")!, at).href;
    const stolen = await thief.get(new URL(at).pathname + new URL(at).search);
    expect(stolen.status).toBe(400);
    expect(thief.cookie("__session")).toBeUndefined();
  });

  test("signing out ends the session at the provider too (RP-initiated), whose back-channel logout ends the person's other portal sessions", async () => {
    const provider = client({ url: idp.issuer });
    const laptop = client(server, { language: "en" });
    const phone = client(server, { language: "en" });
    idp.signInAs("sub-staff");
    expect((await roundTrip(laptop, provider, "/auth/oidc/start")).status).toBe(302);
    // Same provider session: no second login there.
    idp.signInAs(null);
    expect((await roundTrip(phone, provider, "/auth/oidc/start")).status).toBe(302);
    expect((await phone.get("/settings/my-data")).status).toBe(200);

    const out = await laptop.post("/logout", {});
    expect(out.status).toBe(302);
    const endSession = new URL(out.headers.get("location")!);
    expect(endSession.origin).toBe(idp.issuer);
    expect(endSession.searchParams.get("client_id")).toBe(idp.clientId);
    expect(endSession.searchParams.get("post_logout_redirect_uri")).toBe(`${server.url}/login`);
    const confirm = await provider.get(endSession.pathname + endSession.search);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(await confirm.text())![1];
    const done = await provider.post("/session/end/confirm", { xsrf, logout: "yes" });
    expect(done.headers.get("location")).toBe(`${server.url}/login`);

    expect(idp.backchannel).toEqual([{ ok: true }]);
    const after = await phone.get("/settings/my-data");
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
  });

  test("the back-channel endpoint takes a post from the provider's server (no Origin), and refuses what is not a valid logout token", async () => {
    const bare = client(server);
    const garbage = await bare.post("/auth/oidc/backchannel-logout", { logout_token: "not.a.token" }, { crossSite: true });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toEqual({ error: "invalid_request" });
    const none = await bare.post("/auth/oidc/backchannel-logout", {}, { crossSite: true });
    expect(none.status).toBe(400);
    // Every other post from elsewhere is still refused.
    expect((await bare.post("/logout", {}, { crossSite: true })).status).toBe(403);
  });

  test("refusals are audited with what the provider sent, and nobody was created", async () => {
    const found = await withServerDatabase(server, async (db) => ({
      refused: await db.selectFrom("audit_log").select(["after"]).where("action", "=", "auth.sso_refused").execute(),
      stranger: await db.selectFrom("people").select("id").where("employee_no", "=", "X999999").execute(),
      methods: await db
        .selectFrom("sessions")
        .select(sql<string>`method`.as("method"))
        .where("method", "=", "oidc")
        .execute(),
    }));
    expect(found.refused.map((r) => (r.after as { reason: string }).reason).sort()).toEqual(["left", "unknown", "unknown"]);
    expect(found.stranger).toEqual([]);
    expect(found.methods.length).toBeGreaterThan(0);
  });
});

describe("PASSWORD_SIGN_IN", () => {
  let admins: { server: TestServer; idp: TestOidcProvider };
  let off: { server: TestServer; idp: TestOidcProvider };
  beforeAll(async () => {
    admins = await setUp({ PASSWORD_SIGN_IN: "admins" });
    off = await setUp({ PASSWORD_SIGN_IN: "off" });
  }, serverStartTimeout);
  afterAll(async () => {
    for (const s of [admins, off]) {
      await s?.server.stop();
      await s?.idp.stop();
    }
  });

  test("admins: the form stays for administrators; anyone else is refused by the server with a clear message", async () => {
    const page = visibleText(await (await client(admins.server, { language: "en" }).get("/login")).text());
    expect(page).toContain("kept for administrators only");
    const c = client(admins.server, { language: "en" });
    const refused = await c.post("/login", { identifier: staff.employeeNo, password: "demo-password-not-needed", redirectTo: "/" });
    // A wrong password says nothing of the policy; the right one for a non-administrator does.
    expect(refused.status).toBe(401);
    const staffTry = await c.post("/login", { identifier: staff.employeeNo, password: demoPassword, redirectTo: "/" });
    expect(staffTry.status).toBe(403);
    expect(visibleText(await staffTry.text())).toContain("Sign-in with a password is kept for administrators");
    expect(c.cookie("__session")).toBeUndefined();
    await client(admins.server).signIn(admin);
  });

  test("off: the form is gone, and a post to it is refused", async () => {
    const html = await (await client(off.server, { language: "en" }).get("/login")).text();
    expect(html).not.toContain('name="password"');
    expect(html).toContain("/auth/oidc/start");
    const c = client(off.server, { language: "en" });
    const refused = await c.post("/login", { identifier: admin.employeeNo, password: demoPassword, redirectTo: "/" });
    expect(refused.status).toBe(403);
    expect(visibleText(await refused.text())).toContain("Sign-in with a password is turned off");
    expect(c.cookie("__session")).toBeUndefined();
  });
});

describe("without a company sign-in", () => {
  const app = useServer();

  test("the sign-in page is the password form alone, and the OIDC and SAML addresses do not exist", async () => {
    const html = await (await client(app.server, { language: "en" }).get("/login")).text();
    expect(html).toContain('name="password"');
    expect(html).not.toContain("/auth/oidc/start");
    expect((await client(app.server).get("/auth/oidc/start")).status).toBe(404);
    expect((await client(app.server).get("/auth/oidc/callback?code=x&state=y")).status).toBe(404);
    expect((await client(app.server).post("/auth/oidc/backchannel-logout", { logout_token: "x" }, { crossSite: true })).status).toBe(404);
    for (const path of ["/auth/saml/start", "/auth/saml/metadata", "/auth/saml/slo?SAMLResponse=x"]) {
      expect((await client(app.server).get(path)).status, path).toBe(404);
    }
  });
});
