import { describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { client, demoAccount, signedInClient, useServer, visibleText, type DemoRole } from "../support/server";

const app = useServer();

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string | null): Record<string, string[]> {
  return Object.fromEntries(
    (csp ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
}

const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
const scriptTags = (html: string) => html.match(/<script\b[^>]*>/gi) ?? [];

const signedIn = (role: DemoRole = "staff") => signedInClient(app.server, role);

describe("security headers", () => {
  test.each([
    ["the sign-in page", "/login", false],
    ["the home page", "/", true],
    ["the directory", "/people", true],
    ["a 404 page", "/no/such/page", true],
  ])("%s carries a strict CSP with a fresh nonce on every script", async (_, address, signIn) => {
    const c = signIn ? await signedIn() : client(app.server);
    const first = await c.get(address);
    const second = await c.get(address);
    for (const response of [first, second]) {
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const csp = directives(response.headers.get("content-security-policy"));
      expect(csp["object-src"]).toEqual(["'none'"]);
      expect(csp["base-uri"]).toEqual(["'none'"]);
      expect(csp["frame-ancestors"]).toEqual(["'none'"]);
      expect(csp["default-src"]).toEqual(["'self'"]);
      expect(csp["script-src"]).not.toContain("'unsafe-inline'");
      expect(csp["script-src"]).not.toContain("'unsafe-eval'");
      expect(csp["script-src"]?.some((v) => v.startsWith("'nonce-"))).toBe(true);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toMatch(/^(same-origin|strict-origin|strict-origin-when-cross-origin|no-referrer)$/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
    const nonces = [nonceOf(first.headers.get("content-security-policy")), nonceOf(second.headers.get("content-security-policy"))];
    expect(nonces[0]).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);
    expect(nonces[1]).not.toBe(nonces[0]);
    // Every script the page sends runs only because it carries this response's nonce.
    const [html1, html2] = [await first.text(), await second.text()];
    for (const [html, nonce] of [
      [html1, nonces[0]],
      [html2, nonces[1]],
    ] as const) {
      const tags = scriptTags(html);
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
    }
  });

  test("static assets are served with nosniff and long caching", async () => {
    const html = await (await client(app.server).get("/login")).text();
    const css = /href="(\/build\/[^"]+\.css)"/.exec(html)?.[1];
    expect(css).toBeTruthy();
    const response = await client(app.server).get(css!);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toMatch(/immutable/);
  });
});

describe("the session cookie", () => {
  test("is HttpOnly, SameSite=Lax, for the whole site, and new on every sign-in", async () => {
    const c = client(app.server);
    const first = await c.signIn(demoAccount("staff"));
    const line = first.headers.getSetCookie().find((l) => l.startsWith("__session="));
    expect(line).toBeTruthy();
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*SameSite=Lax/i);
    expect(line).toMatch(/;\s*Path=\//i);
    const one = c.cookie("__session");

    // Signing in again, even while signed in, gives a new session.
    await c.signIn(demoAccount("staff"));
    const two = c.cookie("__session");
    expect(two).toBeTruthy();
    expect(two).not.toBe(one);
  });

  test("a forged or tampered cookie is not a session", async () => {
    const real = await signedIn();
    const forged = client(app.server);
    const value = real.cookie("__session")!;
    forged.setCookie("__session", value.slice(0, -3) + (value.endsWith("AAA") ? "BBB" : "AAA"));
    const response = await forged.get("/");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
  });

  test("sign-out revokes the session: the old cookie, replayed, leads to the sign-in page", async () => {
    const c = await signedIn("manager");
    const stolen = c.cookieHeader();
    expect((await c.get("/")).status).toBe(200);

    const out = await c.post("/logout", {});
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/login");
    expect(c.cookie("__session")).toBeUndefined();

    const replay = await client(app.server).get("/", { headers: { cookie: stolen } });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toBe("/login?redirectTo=%2F");
  });
});

describe("cross-site requests", () => {
  const refused = (language: "zh-CN" | "en") => translate(language, "common.crossSite");

  test.each([
    ["from another site's page", { origin: "https://evil.example" }],
    ["marked cross-site by the browser", { "sec-fetch-site": "cross-site" }],
    ["marked same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }],
    ["with neither Origin nor Sec-Fetch-Site", {}],
    ["with a lying Origin but a cross-site fetch mark", { origin: "SAME", "sec-fetch-site": "cross-site" }],
  ])("a sign-in post %s is refused with 403", async (_, headers: Record<string, string>) => {
    const c = client(app.server, { language: "en" });
    const sent = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === "SAME" ? app.server.url : v]));
    const response = await c.post(
      "/login",
      { identifier: demoAccount("staff").employeeNo, password: "whatever-it-is" },
      { crossSite: true, headers: sent },
    );
    expect(response.status).toBe(403);
    expect(visibleText(await response.text())).toBe(refused("en"));
    expect(c.cookie("__session")).toBeUndefined();
  });

  test("the refusal speaks the browser's language", async () => {
    const response = await client(app.server, { language: "zh-CN,zh;q=0.9" }).post("/login", {}, { crossSite: true });
    expect(response.status).toBe(403);
    expect(visibleText(await response.text())).toBe(refused("zh-CN"));
  });

  test("sign-out and the language switch are protected too, and a refused sign-out keeps the session", async () => {
    const c = await signedIn();
    expect((await c.post("/logout", {}, { crossSite: true, headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect((await c.post("/locale", { locale: "en", redirectTo: "/" }, { crossSite: true })).status).toBe(403);
    const home = await c.get("/");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('lang="zh-CN"');
  });

  test.each([
    ["Origin only (an older browser)", "origin"],
    ["Sec-Fetch-Site: same-origin only", "sec-fetch-site"],
    ["both", "both"],
  ])("a same-origin post with %s is accepted", async (_, which) => {
    const headers: Record<string, string> = {};
    if (which !== "sec-fetch-site") headers.origin = app.server.url;
    if (which !== "origin") headers["sec-fetch-site"] = "same-origin";
    const c = client(app.server);
    const response = await c.post(
      "/login",
      { identifier: demoAccount("committee").employeeNo, password: "not-the-password" },
      { crossSite: true, headers },
    );
    // Through the CSRF check to the action, which refuses the password.
    expect(response.status).toBe(401);
  });
});
