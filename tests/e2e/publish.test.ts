import { expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import {
  describeWithBrowser,
  eventually,
  expectNoProblems,
  newPage,
  phoneViewport,
  scrollWidthOf,
  settled,
  signInWithForm,
  textOf,
  textsOf,
  useServerAndBrowser,
  type Page,
} from "../support/browser";
import { endPublicity, ratifyAllOverHttp } from "../support/publish";
import { closedDemoCampaign, demoCampaignNames } from "../support/published-demo";
import { client, demoAccount, demoPassword } from "../support/server";

// The honour rolls as people meet them: the agent on a phone finds the latest
// roll first on the home page; the administrator, without JavaScript,
// publishes the demo's 2026-10 (after the committee has ratified it and the
// publicity period has passed) choosing photos and metrics, then corrects a
// citation with a reason; the home page then leads with the new roll. One
// server, the tests in order. Timeouts are generous: on PGlite, the
// publicity period ends by stopping and restarting the server (endPublicity).

const slug = closedDemoCampaign;
const publishPage = `/admin/campaigns/${slug}/publish`;
/** Every picture in the locator has loaded (a broken one has no natural width). */
const loaded = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0));

describeWithBrowser("publishing an honour roll, correcting it, and the latest on the home page", () => {
  const app = useServerAndBrowser();
  const admin = demoAccount("admin");
  const staff = demoAccount("staff");

  async function signedIn(employeeNo: string, options: { language: string; javaScript: boolean; phone?: boolean }) {
    const page = await newPage(app.browser, options);
    await signInWithForm(page, app.server, employeeNo, demoPassword);
    return page;
  }

  async function homeRoll(page: Page) {
    await page.goto(`${app.server.url}/`);
    await settled(page);
    return {
      first: await page.locator("main h2").first().getAttribute("id"),
      name: await textOf(page.locator("#home-roll-title")),
      winners: await textsOf(page.locator(".home-roll__name")),
      titles: await textsOf(page.locator(".home-roll__title")),
      link: await page.locator(".home-roll__more a").getAttribute("href"),
    };
  }

  test("on a 360-px phone the agent sees the latest honour roll first: its name, the winners' photos, names and titles, and a link to it (zh-CN)", async () => {
    const page = await signedIn(staff.employeeNo, { language: "zh-CN", javaScript: true, phone: true });
    const roll = await homeRoll(page);
    expect(roll).toEqual({
      first: "home-roll-title",
      name: "2026年第三季度 服务之星",
      winners: ["陈敏", "何嘉欣", "王嘉俊", "周树森"],
      titles: ["最佳服务明星", "优秀服务明星", "优秀服务明星", "服务标兵"],
      link: "/honor-roll/2026-q3",
    });
    expect(await textOf(page.locator(".home-roll__more a"))).toBe(translate("zh-CN", "publish.home.view"));
    expect(await loaded(page, ".home-roll img")).toEqual([true, true, true, true]);
    expect(await page.locator('.site-nav a[href="/honor-roll"]').innerText()).toBe(translate("zh-CN", "nav.honorRolls"));
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(phoneViewport.width);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  }, 120_000);

  test("without JavaScript the administrator publishes 2026-10, choosing a photo and headline metrics (zh-CN)", async () => {
    // The committee ratifies (as in tests/e2e/results.test.ts) and the five-day publicity period passes.
    const committee = client(app.server, { language: "zh-CN" });
    await committee.signIn(demoAccount("committee"));
    expect(await ratifyAllOverHttp(committee, slug, "两人同票：评审委员会按客户表扬的数量选定。")).toEqual([302, 302]);
    await endPublicity(app.server, slug);

    const page = await signedIn(admin.employeeNo, { language: "zh-CN", javaScript: false });
    await page.goto(`${app.server.url}/admin/campaigns/${slug}`);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: translate("zh-CN", "publish.admin.publish") }).click();
    await page.waitForURL(new RegExp(`${publishPage}$`));
    await settled(page);
    expect(await textOf(page.locator("h1"))).toBe(translate("zh-CN", "publish.page.title.publish", { campaign: demoCampaignNames().nameZh }));
    expect(await page.locator("#blocked-title").count()).toBe(0);
    expect(await textOf(page.locator("#versions-title + p"))).toBe(translate("zh-CN", "publish.page.versions.none"));
    await expectNoAxeViolations(page);

    const winners = page.locator("article.publish__winner");
    expect(await winners.count()).toBe(3);
    // The first winner: their photo, and only their last metric.
    const first = winners.nth(0);
    await first.locator('input[type="radio"]').nth(1).check();
    const boxes = first.locator('input[type="checkbox"]');
    const n = await boxes.count();
    for (let i = 0; i < n; i++) await boxes.nth(i).setChecked(i === n - 1);
    // The second: no photo.
    await winners.nth(1).locator('input[type="radio"][value="none"]').check();
    // Each metric says where its figure came from, as on the nomination (decision 0051).
    const origins = await page.locator(".publish__metric .figure-origin__badge").allTextContents();
    expect(origins.length).toBeGreaterThanOrEqual(n);
    const badges = [translate("zh-CN", "evidence.origin.imported.badge"), translate("zh-CN", "evidence.origin.entered.badge")];
    for (const badge of origins) expect(badges).toContain(badge.replace(/^[⇣✎]\s*/, "").trim());
    expect(await page.locator(".publish__metric").count()).toBe(origins.length);
    const firstPhoto = await first.locator('input[type="radio"]').nth(1).getAttribute("value");
    const lastMetric = await boxes.nth(n - 1).getAttribute("value");

    await page.getByRole("button", { name: translate("zh-CN", "publish.page.submit.publish") }).click();
    await page.waitForURL(`${app.server.url}${publishPage}`);
    await settled(page);
    expect(await textOf(page.locator(".notice"))).toContain(translate("zh-CN", "publish.done.published"));
    await page.goto(`${app.server.url}/honor-roll/${slug}`);
    await expectNoAxeViolations(page);

    await page.goto(`${app.server.url}${publishPage}`);
    await settled(page);
    expect(await textOf(page.locator("h1"))).toBe(translate("zh-CN", "publish.page.title.correct", { campaign: demoCampaignNames().nameZh }));
    expect(await page.locator(".publish__versions li").count()).toBe(1);
    const now = page.locator("article.publish__winner");
    expect(await now.nth(0).locator('input[type="radio"]:checked').getAttribute("value")).toBe(firstPhoto);
    expect(
      await now
        .nth(0)
        .locator('input[type="checkbox"]:checked')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    ).toEqual([lastMetric]);
    expect(await now.nth(1).locator('input[type="radio"]:checked').getAttribute("value")).toBe("none");
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  }, 300_000);

  test("without JavaScript the administrator corrects a citation: refused without a reason (text kept), then published as version 2 with it (zh-CN)", async () => {
    const page = await signedIn(admin.employeeNo, { language: "zh-CN", javaScript: false });
    await page.goto(`${app.server.url}${publishPage}`);
    await settled(page);
    const citation = page.locator("article.publish__winner").nth(0).locator('textarea[name$=".citation"]');
    const corrected = `${await citation.inputValue()}（数据已核实）`;
    await citation.fill(corrected);
    await page.getByRole("button", { name: translate("zh-CN", "publish.page.submit.correct", { version: 2 }) }).click();
    await eventually(() => textOf(page.locator("#publish .field-error"))).toBe(translate("zh-CN", "publish.reason.invalid"));
    await settled(page);
    expect(await page.locator("article.publish__winner").nth(0).locator('textarea[name$=".citation"]').inputValue()).toBe(corrected);
    expect(await page.locator(".publish__versions li").count()).toBe(1);
    await expectNoAxeViolations(page);

    const reason = "颁奖词补充说明：数据经服务质量系统核实。";
    await page.locator('textarea[name="reason"]').fill(reason);
    await page.getByRole("button", { name: translate("zh-CN", "publish.page.submit.correct", { version: 2 }) }).click();
    await page.waitForURL(`${app.server.url}${publishPage}`);
    await settled(page);
    expect(await textOf(page.locator(".notice"))).toContain(translate("zh-CN", "publish.done.corrected", { version: 2 }));

    await page.goto(`${app.server.url}${publishPage}`);
    await settled(page);
    expect(await textsOf(page.locator(".publish__versions .publish__version"))).toEqual(
      [2, 1].map((version) => translate("zh-CN", "publish.page.versions.version", { version })),
    );
    expect(await textsOf(page.locator(".publish__versions .publish__reason"))).toEqual([reason, translate("zh-CN", "publish.page.versions.first")]);
    expect(await page.locator("article.publish__winner").nth(0).locator('textarea[name$=".citation"]').inputValue()).toBe(corrected);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  }, 120_000);

  test("the home page now leads with the roll just published, in English too", async () => {
    const page = await signedIn(staff.employeeNo, { language: "en", javaScript: false, phone: true });
    const roll = await homeRoll(page);
    expect(roll).toMatchObject({ first: "home-roll-title", name: "October 2026 Service Stars", link: `/honor-roll/${slug}` });
    expect(roll.winners).toHaveLength(3);
    expect(roll.titles).toEqual(["Best Service Star", "Outstanding Service Star", "Outstanding Service Star"]);
    // The winner published without a photo shows an initial instead.
    expect(await page.locator(".home-roll__initial").count()).toBe(1);
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(phoneViewport.width);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  }, 120_000);
});
