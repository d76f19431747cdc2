import { beforeAll, describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { signedInClient, useServer, visibleText, type DemoRole } from "../support/server";
import { openDemoVoting } from "../support/voting";

// The ballot page over HTTP, no script: the demo's 3·15 campaign (one vote per
// title) opened for voting; the demo staff member is in its scope and is a
// nominee of one best-service-star nomination and of one team.

const app = useServer();
const slug = "3-15-stars";
const page = `/campaigns/${slug}/vote`;
const title = "best-service-star";

beforeAll(() => openDemoVoting(app.server), 120_000);

const signedIn = (role: DemoRole, language = "en") => signedInClient(app.server, role, language);

/** One title's form on the page: its checkboxes (value, checked, disabled) and the version it is based on. */
function ballotForm(html: string, titleSlug = title) {
  const start = html.indexOf(`id="ballot-${titleSlug}"`);
  expect(start).toBeGreaterThan(-1);
  const form = html.slice(start, html.indexOf("</form>", start));
  const boxes = [...form.matchAll(/<input[^>]*type="checkbox"[^>]*>/g)].map(([tag]) => ({
    id: Number(/value="(\d+)"/.exec(tag)?.[1]),
    checked: /\schecked/.test(tag),
    disabled: /\sdisabled/.test(tag),
  }));
  const basedOn = /name="basedOn" value="(\d+)"/.exec(form)?.[1] ?? "";
  return { form, boxes, basedOn };
}

const choose = (ids: number[], basedOn: string) => {
  const body = new URLSearchParams({ title, basedOn });
  for (const id of ids) body.append("nominationIds", String(id));
  return body;
};

/** The receipt code in the notice cookie a cast sets. */
function receiptOf(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__notice="));
  const notice = JSON.parse(decodeURIComponent(cookie!.split(";")[0].slice("__notice=".length))) as { key: string; vars: { receipt: string } };
  expect(notice.key).toBe("voting.page.cast");
  return notice.vars.receipt;
}

describe("the ballot page", () => {
  test("shows an eligible staff member each title's nominations, their own disabled with a note", async () => {
    const staff = await signedIn("staff");
    const response = await staff.get(page);
    expect(response.status).toBe(200);
    const html = await response.text();
    const { boxes, basedOn } = ballotForm(html);
    expect(boxes.length).toBeGreaterThanOrEqual(2);
    expect(boxes.filter((b) => b.disabled)).toHaveLength(1);
    expect(basedOn).toBe("0");
    const text = visibleText(html);
    expect(text).toContain(translate("en", "voting.page.self"));
    expect(text).toContain(translate("en", "voting.page.notYet"));
    expect(text).toContain(translate("en", "voting.page.legend", { title: "Best Service Star", max: 1 }));
    expect(html).toMatch(new RegExp(`href="/campaigns/${slug}/nominations/${boxes[0].id}"`));
    ballotForm(html, "fred-spirit-award");
  });

  test("casts, shows the receipt in the notice and on the page, then changes the ballot", async () => {
    const staff = await signedIn("staff");
    const first = ballotForm(await (await staff.get(page)).text());
    const [a, b] = first.boxes.filter((x) => !x.disabled);

    const cast = await staff.post(page, choose([a.id], first.basedOn));
    expect(cast.status).toBe(302);
    expect(cast.headers.get("location")).toBe(page);
    const receipt = receiptOf(cast);
    expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const after = await (await staff.get(page)).text();
    expect(visibleText(after)).toContain(translate("en", "voting.page.cast", { receipt }));
    expect(visibleText(after)).toContain(translate("en", "voting.page.receipt", { receipt }));
    const cast1 = ballotForm(after);
    expect(cast1.basedOn).toBe(String(Number(first.basedOn) + 1));
    expect(cast1.boxes.find((x) => x.id === a.id)?.checked).toBe(true);

    const changed = await staff.post(page, choose([b.id], cast1.basedOn));
    expect(changed.status).toBe(302);
    const second = receiptOf(changed);
    expect(second).not.toBe(receipt);
    const now = await (await staff.get(page)).text();
    expect(visibleText(now)).toContain(translate("en", "voting.page.receipt", { receipt: second }));
    expect(
      ballotForm(now)
        .boxes.filter((x) => x.checked)
        .map((x) => x.id),
    ).toEqual([b.id]);
  });

  test("more choices than allowed is refused in the user's language, and the choices are kept", async () => {
    const staff = await signedIn("staff", "zh-CN");
    const before = ballotForm(await (await staff.get(page)).text());
    const [a, b] = before.boxes.filter((x) => !x.disabled);
    const refused = await staff.post(page, choose([a.id, b.id], before.basedOn));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(visibleText(html)).toContain(translate("zh-CN", "voting.tooMany", { max: 1 }));
    expect(
      ballotForm(html)
        .boxes.filter((x) => x.checked)
        .map((x) => x.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    // Nothing stored: the page still shows the same version.
    expect(ballotForm(await (await staff.get(page)).text()).basedOn).toBe(before.basedOn);
  });

  test("a vote for oneself and a stale form are refused with their messages", async () => {
    const staff = await signedIn("staff");
    const before = ballotForm(await (await staff.get(page)).text());
    const self = before.boxes.find((x) => x.disabled)!;
    const refused = await staff.post(page, choose([self.id], before.basedOn));
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain(translate("en", "voting.self"));

    const other = before.boxes.find((x) => !x.disabled)!;
    const stale = await staff.post(page, choose([other.id], String(Number(before.basedOn) + 5)));
    expect(stale.status).toBe(409);
    expect(visibleText(await stale.text())).toContain(translate("en", "voting.stale"));
  });

  test("an ineligible person gets a clear message and no ballot", async () => {
    const admin = await signedIn("admin");
    const response = await admin.get(page);
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(visibleText(html)).toContain(translate("en", "voting.notEligible"));
    expect(html).not.toContain('type="checkbox"');
    const post = await admin.post(page, new URLSearchParams({ title, basedOn: "0" }));
    expect(post.status).toBe(403);
    expect(visibleText(await post.text())).toContain(translate("en", "voting.notEligible"));
  });

  test("before voting opens the ballot says so, and no title says 'not voted yet'", async () => {
    const staff = await signedIn("staff");
    const response = await staff.get("/campaigns/2026-q4/vote");
    expect(response.status).toBe(200);
    const html = await response.text();
    // The tab's title is in the reader's language too.
    expect(html).toContain(`<title>${translate("en", "voting.page.title", { campaign: "2026 Q4 Service Stars" })} — Service Stars</title>`);
    const text = visibleText(html);
    expect(text).toContain(translate("en", "voting.notOpen"));
    // One winner, one choice: the demo sets K per title (issue 14, item 12).
    expect(text).toContain(translate("en", "voting.page.legend", { title: "Best Service Star", max: 1 }));
    expect(text).not.toContain(translate("en", "voting.page.notYet"));
  });

  test("no count anywhere: the loader data has no votes or count field", async () => {
    const staff = await signedIn("staff");
    // Single fetch: what the browser gets on a client navigation (turbo-stream: every key is a quoted string).
    const response = await staff.get(`${page}.data`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('"titles"');
    expect(body).toContain('"receipt"');
    expect(body).not.toMatch(/"(votes|count|counts|tally|turnout|voters)"/i);
    // And the loader data serialised into the page itself.
    const html = await (await staff.get(page)).text();
    expect(html).toContain("titles");
    expect(html).not.toMatch(/\\?"(votes|count|counts|tally|turnout|voters)\\?"/i);
  });

  test("the home page says 'vote now' and the campaign page links to the ballot", async () => {
    const staff = await signedIn("staff");
    const home = await (await staff.get("/")).text();
    expect(visibleText(home)).toContain(translate("en", "voting.home.title"));
    expect(home).toContain(`href="${page}"`);
    const campaign = await (await staff.get(`/campaigns/${slug}`)).text();
    expect(campaign).toContain(`href="${page}"`);
    const admin = await signedIn("admin");
    expect(await (await admin.get("/")).text()).not.toContain(`href="${page}"`);
  });
});
