import { beforeAll, describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { signedInClient, useServer, visibleText, type Client, type DemoRole } from "../support/server";
import { openDemoVoting } from "../support/voting";

// The results page over HTTP, no script: the demo's 3·15 campaign opened for
// voting (no publicity period), ballots cast by the demo people, then closed.
// Who sees counts when, the committee's ratification with its refusals in the
// user's language, and publication waiting for it.

const app = useServer();
const slug = "3-15-stars";
const results = `/campaigns/${slug}/results`;

beforeAll(() => openDemoVoting(app.server), 120_000);

const signedIn = (role: DemoRole, language = "en") => signedInClient(app.server, role, language);

/** Every title's choosable nomination ids on a voter's ballot page. */
async function ballotChoices(c: Client): Promise<Map<string, number[]>> {
  const html = await (await c.get(`/campaigns/${slug}/vote`)).text();
  const out = new Map<string, number[]>();
  for (const m of html.matchAll(/id="ballot-([a-z0-9-]+)"/g)) {
    const form = html.slice(m.index, html.indexOf("</form>", m.index));
    out.set(
      m[1],
      [...form.matchAll(/<input(?![^>]*disabled)[^>]*type="checkbox"[^>]*value="(\d+)"[^>]*>/g)].map((x) => Number(x[1])),
    );
  }
  return out;
}

async function vote(c: Client, title: string, id: number) {
  const r = await c.post(`/campaigns/${slug}/vote`, new URLSearchParams({ title, basedOn: "0", nominationIds: String(id) }));
  expect(r.status).toBe(302);
}

const move = async (admin: Client, to: string) => admin.post(`/admin/campaigns/${slug}`, { intent: "move", to });

describe("results before and after the close", () => {
  let admin: Client;
  let committee: Client;
  let staff: Client;
  beforeAll(async () => {
    [admin, committee, staff] = await Promise.all([signedIn("admin"), signedIn("committee"), signedIn("staff", "zh-CN")]);
    // Everyone who may vote votes for the first nomination they may choose in each title.
    for (const voter of [staff, await signedIn("manager"), committee]) {
      for (const [title, ids] of await ballotChoices(voter)) if (ids.length) await vote(voter, title, ids[0]);
    }
  }, 120_000);

  test("while voting, nobody sees a count: not the administrator, not the committee, not staff", async () => {
    for (const [c, language] of [
      [admin, "en"],
      [committee, "en"],
      [staff, "zh-CN"],
    ] as const) {
      const response = await c.get(results);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(visibleText(html)).toContain(translate(language, "results.page.secret"));
      expect(html).not.toContain("vote-chart");
      // No count in the loader data either.
      expect(html).not.toMatch(/"votes":\s*\d/);
      expect(html).not.toContain("results.csv");
    }
  });

  test("while voting, the administrator alone sees how many have voted per unit so far, as of the hour; counts and unit names, no person", async () => {
    for (const [c, language] of [
      [admin, "en"],
      [await signedIn("admin", "zh-CN"), "zh-CN"],
    ] as const) {
      const html = await (await c.get(results)).text();
      const text = visibleText(html);
      expect(text).toContain(translate(language, "results.live.title"));
      expect(text).toContain(translate(language, "results.live.who"));
      const table = html.slice(html.indexOf('id="live-turnout"'), html.indexOf("</section>", html.indexOf('id="live-turnout"')));
      expect(table).not.toMatch(/\/people\/|GD\d{6}/);
    }
    for (const c of [committee, staff]) expect(await (await c.get(results)).text()).not.toContain('id="live-turnout"');
  });

  test("exports are refused before the close", async () => {
    expect((await admin.get(`${results}.csv`)).status).toBe(409);
  });

  describe("after the close", () => {
    beforeAll(async () => {
      expect((await move(admin, "closed")).status).toBe(302);
    });

    test("the committee sees each title's chart, table, turnout and a recount that matches", async () => {
      const html = await (await committee.get(results)).text();
      const text = visibleText(html);
      expect(html).toContain('class="vote-chart"');
      expect(text).toContain(translate("en", "results.page.turnout"));
      expect(html).toContain("results__ok");
      expect(text).not.toContain(translate("en", "results.page.recountBad"));
      expect(html).toMatch(/name="intent" value="ratify"/);
    });

    test("staff see no counts (the campaign hides them) but the published receipts", async () => {
      const html = await (await staff.get(results)).text();
      expect(html).not.toContain("vote-chart");
      expect(html).not.toMatch(/"votes":\s*\d/);
      expect(visibleText(html)).toContain(translate("zh-CN", "results.page.awaiting"));
      expect(html).toContain(`/campaigns/${slug}/receipts`);
      expect(html).not.toMatch(/name="intent" value="ratify"/);
    });

    test("publication waits for the committee, and says so", async () => {
      const r = await move(admin, "published");
      expect(r.status).toBe(409);
      expect(visibleText(await r.text())).toContain(translate("en", "campaigns.move.notRatified"));
    });

    test("a ratification that is not the top by votes is refused in Chinese, nothing stored, the form kept", async () => {
      const zh = await signedIn("committee", "zh-CN");
      const html = await (await zh.get(results)).text();
      const title = /name="title" value="([a-z0-9-]+)"/.exec(html)![1];
      const form = html.slice(html.indexOf(`id="ratify-${title}"`), html.indexOf("</form>", html.indexOf(`id="ratify-${title}"`)));
      const unticked = [...form.matchAll(/<input(?![^>]*checked)[^>]*type="checkbox"[^>]*value="(\d+)"/g)].map((m) => m[1]);
      const ticked = [...form.matchAll(/<input(?=[^>]*checked)[^>]*type="checkbox"[^>]*value="(\d+)"/g)].map((m) => m[1]);
      expect(ticked.length).toBeGreaterThan(0);
      if (unticked.length === 0) return; // every nomination wins: nothing to get wrong
      const body = new URLSearchParams({ intent: "ratify", title, tieReason: "" });
      body.append("nominationIds", unticked[unticked.length - 1]);
      for (const id of ticked.slice(1)) body.append("nominationIds", id);
      const r = await zh.post(results, body);
      const answer = await r.text();
      expect(r.status).toBe(400);
      expect(visibleText(answer)).toContain(translate("zh-CN", "results.ratify.notTop"));
      const again = await (await zh.get(results)).text();
      expect(again).toMatch(/name="intent" value="ratify"/);
    });

    test("the committee ratifies every title as proposed (with a reason at a tie); then the campaign can be published", async () => {
      let html = await (await committee.get(results)).text();
      for (const m of html.matchAll(/<form[^>]*id="ratify-([a-z0-9-]+)"/g)) {
        const title = m[1];
        const form = html.slice(m.index, html.indexOf("</form>", m.index));
        const body = new URLSearchParams({ intent: "ratify", title, tieReason: "Equal votes: the committee chose by the evidence." });
        for (const x of form.matchAll(/<input(?=[^>]*checked)[^>]*type="checkbox"[^>]*value="(\d+)"/g)) body.append("nominationIds", x[1]);
        const r = await committee.post(results, body);
        expect(r.status).toBe(302);
      }
      html = await (await committee.get(results)).text();
      expect(html).not.toMatch(/name="intent" value="ratify"/);
      expect(visibleText(html)).toContain(translate("en", "results.page.ratifiedNoPublicity"));
      // Staff now see the winners, still without counts.
      const staffHtml = await (await staff.get(results)).text();
      expect(visibleText(staffHtml)).toContain(translate("zh-CN", "results.page.winners"));
      expect(staffHtml).not.toMatch(/"votes":\s*\d/);
      expect((await move(admin, "published")).status).toBe(302);
      expect(visibleText(await (await staff.get(results)).text())).toContain(translate("zh-CN", "results.page.published"));
    });
  });
});
