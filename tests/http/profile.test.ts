import { beforeAll, describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { client, signedInClient, useServer, visibleText, type DemoRole } from "../support/server";
import {
  closedDemoCampaign,
  demoCampaignNames,
  givePassword,
  publishDemoCampaign,
  ratifyDemoCampaign,
  type DemoWinner,
} from "../support/published-demo";

// The profile page over HTTP, no script: the demo's closed campaign ratified
// (its winners appear on no profile yet), then published; a winner's page
// shows the honour, colleagues congratulate, refusals come in the reader's
// language with the line kept, and the person and an administrator hide.

const app = useServer();
const slug = closedDemoCampaign;
let winner: DemoWinner;
let page: string;

const signedIn = (role: DemoRole, language = "en") => signedInClient(app.server, role, language);

/** A response's HTML, which never holds a NUL byte (app/entry.server.tsx, withoutTrailingNuls). */
async function htmlOf(r: Response): Promise<string> {
  const html = await r.text();
  expect(html).not.toContain("\0");
  return html;
}

/** The 点赞 form's fields for the winner's honour. */
const congratulation = (message: string, extra: Record<string, string> = {}) => ({
  intent: "congratulate",
  nominationId: String(winner.nominationId),
  message,
  ...extra,
});

/** The ids and texts of the congratulations listed on a page, with their hide or show button. */
function listed(html: string) {
  return [...html.matchAll(/<li class="congrat( congrat--hidden)?">([\s\S]*?)<\/li>/g)].map((m) => ({
    hidden: Boolean(m[1]),
    text: visibleText(/<p class="congrat__text"[^>]*>([\s\S]*?)<\/p>/.exec(m[2])?.[1] ?? "").trim(),
    id: /name="id" value="(\d+)"/.exec(m[2])?.[1],
  }));
}

beforeAll(async () => {
  const winners = await ratifyDemoCampaign(app.server, slug);
  winner = winners.find((w) => w.titleSlug === "best-service-star") ?? winners[0];
  page = `/people/${winner.employeeNo}`;
}, 180_000);

describe("before publication", () => {
  test("the ratified winners are on no profile, and cannot be congratulated", async () => {
    const staff = await signedIn("staff");
    const html = await htmlOf(await staff.get(page));
    expect(html).not.toContain(`/honor-roll/${slug}`);
    expect(visibleText(html)).toContain(translate("en", "profile.empty.title"));
    expect(html).not.toContain('name="intent" value="congratulate"');
    const r = await staff.post(page, congratulation("恭喜"));
    expect(r.status).toBe(404);
    expect(visibleText(await htmlOf(r))).toContain(translate("en", "congratulations.notFound"));
  });
});

describe("after publication", () => {
  beforeAll(() => publishDemoCampaign(app.server, slug), 120_000);

  test("the winner's page shows the honour with its roll, stories, principles and metrics, in English and Chinese", async () => {
    for (const language of ["en", "zh-CN"] as const) {
      const c = await signedIn("staff", language);
      const response = await c.get(page);
      expect(response.status).toBe(200);
      const html = await htmlOf(response);
      const text = visibleText(html);
      expect(text).toContain(winner.name);
      expect(text).toContain(translate(language, "profile.timeline.title"));
      expect(text).toContain(language === "en" ? "Best Service Star" : "最佳服务明星");
      expect(text).toContain(language === "en" ? demoCampaignNames().nameEn : demoCampaignNames().nameZh);
      // A plain link: the honour roll is a document outside the client router.
      expect(html).toMatch(new RegExp(`<a href="/honor-roll/${slug}">`));
      expect(text).toContain(translate(language, "profile.stories.title"));
      expect(text).toContain(translate(language, "profile.principles.title"));
      expect(html).toContain('class="principle principle--');
      expect(text).toContain(translate(language, "profile.congrats.count.zero"));
      expect(html).toContain('name="intent" value="congratulate"');
    }
  });

  test("a colleague congratulates without script: back to the honour with a thank-you, the line listed, counted once", async () => {
    const staff = await signedIn("staff");
    const r = await staff.post(page, congratulation("  除夕夜还在值班，辛苦了！ "));
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe(`${page}#congratulations-${winner.nominationId}`);
    const html = await htmlOf(await staff.get(page));
    const text = visibleText(html);
    expect(text).toContain(translate("en", "profile.congrats.done", { name: winner.name }));
    expect(text).toContain(translate("en", "profile.congrats.count.one"));
    expect(text).toContain(translate("en", "profile.congrats.mine", { name: winner.name }));
    expect(listed(html).map((c) => c.text)).toEqual(["除夕夜还在值班，辛苦了！"]);
    // Colleagues cannot hide it: no button.
    expect(listed(html)[0].id).toBeUndefined();
    // Once: the form is gone, and a second post is refused.
    expect(html).not.toContain('name="intent" value="congratulate"');
    const again = await staff.post(page, congratulation("再赞一次"));
    expect(again.status).toBe(409);
    expect(visibleText(await htmlOf(again))).toContain(translate("en", "congratulations.already", { name: winner.name }));
  });

  test("a line too long is refused in Chinese, the typed text kept, nothing stored", async () => {
    const manager = await signedIn("manager", "zh-CN");
    const long = "恭喜".repeat(51);
    const r = await manager.post(page, congratulation(long));
    expect(r.status).toBe(400);
    const html = await htmlOf(r);
    expect(visibleText(html)).toContain(translate("zh-CN", "congratulations.message.tooLong"));
    expect(html).toContain(`value="${long}"`);
    const after = await htmlOf(await manager.get(page));
    expect(listed(after)).toHaveLength(1);
    expect(visibleText(after)).toContain(translate("zh-CN", "profile.congrats.count.one"));
  });

  test("with script the fetcher's post is answered in place, not redirected", async () => {
    const committee = await signedIn("committee");
    const r = await committee.post(page, congratulation("", { via: "fetcher" }));
    expect(r.status).toBe(200);
    expect(visibleText(await htmlOf(await committee.get(page)))).toContain(translate("en", "profile.congrats.count.other", { count: 2 }));
  });

  test("the person hides a congratulation and shows it again; the administrator can too; nobody else", async () => {
    const password = "a-long-family-password";
    await givePassword(app.server, winner.employeeNo, password);
    const person = client(app.server, { language: "zh-CN" });
    await person.signIn(winner.employeeNo, password);
    const own = await htmlOf(await person.get(page));
    expect(visibleText(own)).toContain(translate("zh-CN", "profile.congrats.selfHint"));
    expect(own).not.toContain('name="intent" value="congratulate"');
    const first = listed(own).find((c) => c.text.includes("辛苦了"))!;
    expect(first.id).toBeDefined();

    // Not oneself.
    const self = await person.post(page, congratulation("给自己点赞"));
    expect(self.status).toBe(403);
    expect(visibleText(await htmlOf(self))).toContain(translate("zh-CN", "congratulations.self"));

    // Another colleague may not hide it.
    const staff = await signedIn("staff");
    const refused = await staff.post(page, { intent: "hide", id: first.id! });
    expect(refused.status).toBe(403);
    expect(visibleText(await htmlOf(refused))).toContain(translate("en", "congratulations.hide.forbidden"));

    const hidden = await person.post(page, { intent: "hide", id: first.id! });
    expect(hidden.status).toBe(302);
    const mine = await htmlOf(await person.get(page));
    expect(visibleText(mine)).toContain(translate("zh-CN", "profile.congrats.hiddenDone"));
    expect(listed(mine).find((c) => c.id === first.id)?.hidden).toBe(true);
    expect(visibleText(mine)).toContain(translate("zh-CN", "profile.congrats.count.one"));
    const theirs = await htmlOf(await staff.get(page));
    expect(listed(theirs).map((c) => c.text)).not.toContain("除夕夜还在值班，辛苦了！");

    const admin = await signedIn("admin");
    expect((await admin.post(page, { intent: "show", id: first.id! })).status).toBe(302);
    expect(listed(await htmlOf(await staff.get(page))).map((c) => c.text)).toContain("除夕夜还在值班，辛苦了！");
  });
});
