import { beforeAll, describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { client, demoAccount, useServer, visibleText, type Client } from "../support/server";
import { publishDemoOverHttp } from "../support/publishing";

// The published honour roll over HTTP, no script: a static document served
// from the render cache with an ETag, for everyone signed in, in their
// language; earlier versions by ?v=; nothing for a campaign not published.

const app = useServer();
let slug: string;
let staff: Client;
let staffEn: Client;

beforeAll(async () => {
  slug = await publishDemoOverHttp(app.server);
  staff = client(app.server, { language: "zh-CN" });
  staffEn = client(app.server, { language: "en" });
  await Promise.all([staff.signIn(demoAccount("staff")), staffEn.signIn(demoAccount("staff"))]);
}, 180_000);

describe("the honour roll page", () => {
  test("a signed-in reader gets the whole roll as a static page in their language, with an ETag", async () => {
    const r = await staff.get(`/honor-roll/${slug}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(r.headers.get("etag")).toMatch(/^".+"$/);
    expect(r.headers.get("cache-control")).toBe("private, no-cache");
    const html = await r.text();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="zh-CN"');
    expect(html).not.toContain("<script");
    const text = visibleText(html);
    expect(text).toContain(translate("zh-CN", "honorRoll.kicker"));
    expect(text).toContain(translate("zh-CN", "honorRoll.print"));
    const en = await (await staffEn.get(`/honor-roll/${slug}`)).text();
    expect(en).toContain('<html lang="en"');
    expect(visibleText(en)).toContain(translate("en", "honorRoll.kicker"));
  });

  test("headline metrics are named in the reader's language: a template's metric by its English name and unit on the English page", async () => {
    const namesOf = (html: string) => [...html.matchAll(/class="headline-metric__name"[^>]*>([^<]+)</g)].map((m) => m[1]);
    // A Chinese unit is marked with its language inside the value: 6 <span lang="zh-CN">个</span>.
    const valuesOf = (html: string) =>
      [...html.matchAll(/class="headline-metric__value"[^>]*>(.*?)<\/span>/g)].map((m) => m[1].replace(/<[^>]+>/g, ""));
    const zhHtml = await (await staff.get(`/honor-roll/${slug}`)).text();
    const enHtml = await (await staffEn.get(`/honor-roll/${slug}`)).text();
    const zh = namesOf(zhHtml);
    const en = namesOf(enHtml);
    expect(en).toHaveLength(zh.length);
    const pairs = zh.map((name, i) => [name, en[i]]);
    expect(pairs).toContainEqual(["客户满意度", "Customer satisfaction"]);
    // A metric the nominator typed (not one of the title's templates) reads as typed in both.
    for (const [zhName, enName] of pairs) if (zhName !== enName) expect(enName).toMatch(/^[\x20-\x7e]+$/);
    // Units too, where the template has them in English: 12 个 night shifts are 12 shifts.
    const zhValues = valuesOf(zhHtml);
    const enValues = valuesOf(enHtml);
    const shifts = pairs.findIndex(([name]) => name === "节假日夜班数");
    expect(shifts).toBeGreaterThanOrEqual(0);
    expect(zhValues[shifts]).toMatch(/\d 个$/);
    expect(enValues[shifts]).toMatch(/\d shifts$/);
    const satisfaction = pairs.findIndex(([name]) => name === "客户满意度");
    expect(enValues[satisfaction]).toBe(zhValues[satisfaction]);
  });

  test("the same version again is a 304 when the browser has it", async () => {
    const first = await staff.get(`/honor-roll/${slug}`);
    const etag = first.headers.get("etag")!;
    const again = await staff.get(`/honor-roll/${slug}`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  test("answered before Remix or by its route, the page is the same: bytes, validator, caching and security headers", async () => {
    // A query other than ?v= is left to the route (docs/decisions/0018).
    const early = await staff.get(`/honor-roll/${slug}`);
    const routed = await staff.get(`/honor-roll/${slug}?from=intranet`);
    expect(routed.status).toBe(200);
    const same = [
      ...["content-type", "content-encoding", "etag", "cache-control", "vary"],
      ...["x-frame-options", "referrer-policy", "x-content-type-options", "cross-origin-opener-policy", "cross-origin-resource-policy"],
      ...["origin-agent-cluster", "x-dns-prefetch-control", "x-download-options", "x-permitted-cross-domain-policies", "x-xss-protection"],
    ];
    for (const name of same) expect(early.headers.get(name), name).toBe(routed.headers.get(name));
    expect(early.headers.get("x-frame-options")).toBe("DENY");
    expect(early.headers.get("x-powered-by")).toBeNull();
    expect(early.headers.get("etag")).toMatch(/-(br|gzip)"$/);
    // The page has no script: answered early it refuses scripts outright
    // instead of naming a nonce (docs/decisions/0022); the rest of the policy is the same.
    const policy = (r: Response) => r.headers.get("content-security-policy")?.replace(/script-src [^;]+/, "script-src …");
    expect(early.headers.get("content-security-policy")).toContain("script-src 'none';");
    expect(routed.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+';/);
    expect(policy(early)).toContain("frame-ancestors 'none'");
    expect(policy(early)).toBe(policy(routed));
    const html = await early.text();
    expect(html).not.toMatch(/<script\b/i);
    expect(html).toBe(await routed.text());
  });

  test("the winners on the page are the ones the results page names", async () => {
    const results = await (await staffEn.get(`/campaigns/${slug}/results`)).text();
    const roll = visibleText(await (await staffEn.get(`/honor-roll/${slug}`)).text());
    const winners = [...results.matchAll(/class="results__winner-name"><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(winners.length).toBeGreaterThan(0);
    for (const name of winners) expect(roll).toContain(name);
  });

  test("signed out: to the sign-in page, and back here afterwards", async () => {
    const r = await client(app.server).get(`/honor-roll/${slug}`);
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/honor-roll/${slug}`)}`);
  });

  test("an unknown roll, a campaign not published, a version that does not exist: a 404 page in the reader's language", async () => {
    for (const path of ["/honor-roll/no-such-campaign", "/honor-roll/2026-11", `/honor-roll/${slug}?v=9`, `/honor-roll/${slug}?v=abc`]) {
      const r = await staff.get(path);
      expect(r.status, path).toBe(404);
      expect(visibleText(await r.text())).toContain(translate("zh-CN", "honorRoll.notFound"));
    }
  });
});

describe("the way there", () => {
  test("the published campaign's page and its results link to the honour roll", async () => {
    for (const path of [`/campaigns/${slug}`, `/campaigns/${slug}/results`]) {
      const html = await (await staffEn.get(path)).text();
      expect(html, path).toContain(`href="/honor-roll/${slug}"`);
      expect(visibleText(html)).toContain(translate("en", "honorRoll.campaignLink"));
    }
  });
});

describe("signed links for the office screens and the intranet", () => {
  test("administrators see the feed's and each screen's link; staff do not", async () => {
    const admin = client(app.server, { language: "en" });
    await admin.signIn(demoAccount("admin"));
    const html = await (await admin.get("/honor-roll")).text();
    expect(html).toMatch(new RegExp(`value="${app.server.url}/honor-roll/feed\\.atom\\?key=[A-Za-z0-9_-]{22}"`));
    expect(html).toMatch(new RegExp(`value="${app.server.url}/honor-roll/${slug}/screen\\?key=[A-Za-z0-9_-]{22}"`));
    const staffHtml = await (await staffEn.get("/honor-roll")).text();
    expect(staffHtml).not.toContain("?key=");
  });

  test("a TV with the screen link plays the slides without an account, and the slides carry the key on", async () => {
    const admin = client(app.server, { language: "en" });
    await admin.signIn(demoAccount("admin"));
    const html = await (await admin.get("/honor-roll")).text();
    const link = new RegExp(`value="${app.server.url}(/honor-roll/${slug}/screen\\?key=([A-Za-z0-9_-]{22}))"`).exec(html)!;
    const tv = client(app.server, { language: "zh-CN" });
    const first = await tv.get(link[1]!);
    expect(first.status).toBe(200);
    expect(first.headers.get("refresh")).toBe(`12; url=/honor-roll/${slug}/screen?key=${link[2]}&slide=1`);
    expect((await tv.get(`/honor-roll/${slug}/screen?key=${link[2]}&slide=1`)).status).toBe(200);
    // The key opens this roll's screen only: not the roll page, not with a wrong key.
    expect((await tv.get(`/honor-roll/${slug}?key=${link[2]}`)).status).toBe(302);
    expect((await tv.get(`/honor-roll/${slug}/screen?key=${"A".repeat(22)}`)).status).toBe(403);
  });
});

describe("the list of honour rolls", () => {
  test("lists the published roll, and filters by year and title", async () => {
    const html = await (await staffEn.get("/honor-roll")).text();
    expect(html).toContain(`href="/honor-roll/${slug}"`);
    expect(html).not.toContain('href="/honor-roll/2026-11"');
    const year = /<option value="(\d{4})"/.exec(html)![1];
    expect(await (await staffEn.get(`/honor-roll?year=${year}`)).text()).toContain(`href="/honor-roll/${slug}"`);
    const none = await (await staffEn.get("/honor-roll?year=1999")).text();
    expect(none).not.toContain(`href="/honor-roll/${slug}"`);
    expect(visibleText(none)).toContain(translate("en", "honorRoll.list.emptyFiltered"));
  });
});
