import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { client, demoAccount, demoAccounts, signedInClient, useServer, visibleText, type Client, type DemoRole } from "../support/server";
import { openDemoVoting } from "../support/voting";

// After the vote over HTTP, no script: the demo's 3·15 campaign opened for
// voting, a few ballots cast through the ballot page (the staff member changes
// theirs once), voting closed by the administrator; then the receipt codes
// (everyone in scope) and the downloads (administrators only).

const app = useServer();
const slug = "3-15-stars";
const vote = `/campaigns/${slug}/vote`;
const receipts = `/campaigns/${slug}/receipts`;
const csv = `/campaigns/${slug}/results.csv`;
const json = `/campaigns/${slug}/results.json`;
const title = "best-service-star";

const signedIn = (role: DemoRole, language?: string) => signedInClient(app.server, role, language);

/** The star title's choosable nominations and the version the form is based on. */
async function ballotForm(c: Client) {
  const html = await (await c.get(vote)).text();
  const start = html.indexOf(`id="ballot-${title}"`);
  const form = html.slice(start, html.indexOf("</form>", start));
  const open = [...form.matchAll(/<input[^>]*type="checkbox"[^>]*>/g)].map(([tag]) => tag).filter((tag) => !/\sdisabled/.test(tag));
  return { ids: open.map((tag) => Number(/value="(\d+)"/.exec(tag)![1])), basedOn: /name="basedOn" value="(\d+)"/.exec(form)![1] };
}

/** Casts one choice for the star title; the receipt code from the notice. */
async function cast(c: Client, id: number, basedOn: string): Promise<string> {
  const r = await c.post(vote, new URLSearchParams({ title, basedOn, nominationIds: String(id) }));
  expect(r.status).toBe(302);
  const cookie = r.headers.getSetCookie().find((x) => x.startsWith("__notice="))!;
  return (JSON.parse(decodeURIComponent(cookie.split(";")[0].slice("__notice=".length))) as { vars: { receipt: string } }).vars.receipt;
}

const world = { first: "", second: "", manager: "", chosen: 0, votes: 0 };

beforeAll(async () => {
  await openDemoVoting(app.server);
  const staff = await signedIn("staff", "en");
  const before = await ballotForm(staff);
  const [a, b] = before.ids;
  world.first = await cast(staff, a, before.basedOn);
  world.second = await cast(staff, b, (await ballotForm(staff)).basedOn);
  world.chosen = b;
  world.votes = 1;
  // A second voter, when the manager is in scope and may choose the same nomination.
  const manager = await signedIn("manager", "en");
  if ((await manager.get(vote)).status === 200) {
    const form = await ballotForm(manager);
    if (form.ids.includes(b)) {
      world.manager = await cast(manager, b, form.basedOn);
      world.votes = 2;
    }
  }
}, 180_000);

describe("before voting closes", () => {
  test("the receipts page says the codes come after close (409), in the reader's language", async () => {
    const staff = await signedIn("staff", "zh-CN");
    const r = await staff.get(receipts);
    expect(r.status).toBe(409);
    const text = visibleText(await r.text());
    expect(text).toContain(translate("zh-CN", "results.receipts.notYet"));
    expect(text).not.toContain(world.first);
  });

  test("the downloads refuse an administrator with 409 and say why", async () => {
    const admin = await signedIn("admin", "en");
    const c = await admin.get(csv);
    expect(c.status).toBe(409);
    expect(c.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await c.text()).toBe(translate("en", "results.export.notYet"));
    const j = await admin.get(json);
    expect(j.status).toBe(409);
    expect(await j.json()).toEqual({ error: { code: "results.export.notYet", message: translate("en", "results.export.notYet") } });
  });
});

describe("after voting closes", () => {
  beforeAll(async () => {
    const admin = await signedIn("admin", "en");
    const moved = await admin.post(`/admin/campaigns/${slug}`, { intent: "move", to: "closed" });
    expect(moved.status).toBe(302);
  });

  test("the administrator downloads the CSV: BOM, CRLF, Chinese headers by default, the counts of the ballots cast", async () => {
    const admin = await signedIn("admin");
    const r = await admin.get(csv);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("content-disposition")).toBe(`attachment; filename="${slug}-results.csv"`);
    expect(r.headers.get("cache-control")).toBe("private, no-store");
    const bytes = Buffer.from(await r.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text).toContain("\r\n");
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    const rows = parse(text.slice(1)) as string[][];
    expect(rows[0]).toEqual(
      ["titleZh", "titleEn", "place", "nominees", "team", "units", "votes", "tie", "standing"].map((k) =>
        translate("zh-CN", `receipts.csv.${k}` as "receipts.csv.votes"),
      ),
    );
    const star = rows.slice(1).filter((row) => row[1] === "Best Service Star");
    expect(star.length).toBeGreaterThanOrEqual(2);
    expect(star[0][6]).toBe(String(world.votes));
    expect(star.reduce((n, row) => n + Number(row[6]), 0)).toBe(world.votes);
    expect(star[0][2]).toBe("1");

    const en = await (await signedIn("admin", "en")).get(csv);
    const enRows = parse((await en.text()).replace(/^\uFEFF/, "")) as string[][];
    expect(enRows[0][6]).toBe(translate("en", "receipts.csv.votes"));
    expect(enRows.length).toBe(rows.length);
  });

  test("the JSON has the documented shape, the same counts, and nothing about a voter", async () => {
    const admin = await signedIn("admin");
    const r = await admin.get(json);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(r.headers.get("cache-control")).toBe("private, no-store");
    const body = await r.text();
    expect(body).toContain('\n  "campaign"');
    const doc = JSON.parse(body);
    expect(Object.keys(doc)).toEqual(["campaign", "generatedAt", "turnout", "recount", "titles"]);
    expect(doc.campaign).toEqual({ slug, nameZh: expect.any(String), nameEn: expect.any(String), status: "closed" });
    expect(new Date(doc.generatedAt).getTime()).not.toBeNaN();
    expect(doc.turnout.voted).toBe(world.votes);
    expect(Object.keys(doc.turnout)).toEqual(["eligible", "voted", "units"]);
    expect(doc.recount).toEqual({ matches: true, ballots: world.votes + 1, current: world.votes });
    const star = doc.titles.find((t: { slug: string }) => t.slug === title);
    expect(Object.keys(star)).toEqual(["slug", "nameZh", "nameEn", "winners", "tie", "voters", "ratification", "nominations"]);
    expect(star.voters).toBe(world.votes);
    const chosen = star.nominations.find((n: { id: number }) => n.id === world.chosen);
    expect(Object.keys(chosen)).toEqual(["id", "nominees", "teamName", "votes", "rank", "tied", "winner"]);
    expect(chosen).toMatchObject({ votes: world.votes, rank: 1 });
    expect(Object.keys(chosen.nominees[0])).toEqual(["name", "unitZh", "unitEn"]);
    // No receipt, no voter.
    for (const code of [world.first, world.second, world.manager].filter(Boolean)) expect(body).not.toContain(code);
    expect(body).not.toMatch(/voter_?id|receipt|"voterId"|employeeNo/i);
    expect(body).not.toContain(demoAccount("staff").employeeNo);
  });

  test("staff and the committee get 403 for both downloads; an unknown campaign is 404", async () => {
    for (const role of ["staff", "committee"] as const) {
      const c = await signedIn(role, "en");
      const a = await c.get(csv);
      expect(a.status).toBe(403);
      expect(await a.text()).toBe(translate("en", "common.forbidden"));
      const b = await c.get(json);
      expect(b.status).toBe(403);
      expect((await b.json()).error.code).toBe("common.forbidden");
    }
    const admin = await signedIn("admin", "en");
    expect((await admin.get("/campaigns/no-such-campaign/results.csv")).status).toBe(404);
    expect((await admin.get("/campaigns/no-such-campaign/results.json")).status).toBe(404);
  });

  test("a signed-out download goes to the sign-in page", async () => {
    const r = await client(app.server).get(csv);
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  test("a voter checks receipts: the last one counted, the changed one replaced, garbage not found", async () => {
    const staff = await signedIn("staff", "en");
    const sloppy = world.second.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l");
    const counted = await staff.get(`${receipts}?code=${encodeURIComponent(sloppy)}`);
    expect(counted.status).toBe(200);
    const countedText = visibleText(await counted.text());
    expect(countedText).toContain(translate("en", "receipts.check.counted", { title: "Best Service Star" }));
    expect(countedText).toContain(translate("en", "receipts.check.heading", { code: world.second }));

    const replaced = visibleText(await (await staff.get(`${receipts}?code=${world.first}`)).text());
    expect(replaced).toContain(translate("en", "receipts.check.replaced"));

    const garbage = visibleText(await (await staff.get(`${receipts}?code=NOPE-1234`)).text());
    expect(garbage).toContain(translate("en", "receipts.check.notFound"));
    const unknown = visibleText(await (await staff.get(`${receipts}?code=ZZZZ-ZZZZ-ZZZZ`)).text());
    expect(unknown).toContain(translate("en", "receipts.check.notFound"));
  });

  test("the list: every code with its title and status, a GET form without script, no voter anywhere", async () => {
    const admin = await signedIn("admin", "zh-CN");
    const r = await admin.get(receipts);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toMatch(/<form[^>]*method="get"/);
    expect(html).toMatch(/<input[^>]*name="code"/);
    expect(html).toContain(`href="/campaigns/${slug}/results"`);
    const text = visibleText(html);
    expect(text).toContain(translate("zh-CN", "receipts.list.count", { count: world.votes + 1 }));
    expect(text).toContain(translate("zh-CN", "receipts.list.secret"));
    const row = (code: string) => new RegExp(`<code>${code}</code></td><td>最佳服务明星</td><td>([^<]+)</td>`).exec(html)?.[1];
    expect(row(world.first)).toBe(translate("zh-CN", "receipts.status.replaced"));
    expect(row(world.second)).toBe(translate("zh-CN", "receipts.status.counted"));
    // Neither the voters' names nor their numbers, in the page or its data.
    const voters = demoAccounts.filter((a) => a.role === "staff" || (world.manager && a.employeeNo === demoAccount("manager").employeeNo));
    for (const v of voters) {
      expect(html).not.toContain(v.name);
      expect(html).not.toContain(v.employeeNo);
    }
    // The route's own data only (the root's carries the signed-in administrator's name).
    const data = await (await admin.get(`${receipts}.data?_routes=${encodeURIComponent("routes/campaigns.$slug.receipts")}`)).text();
    expect(data).toContain(world.first);
    expect(data).not.toContain(demoAccount("admin").employeeNo);
    expect(data).not.toMatch(/voter|person|employee|"name"/i);
  });
});
