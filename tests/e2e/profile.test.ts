import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, expect, test } from "vitest";
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
import {
  closedDemoCampaign,
  demoCampaignNames,
  givePassword,
  publishDemoCampaign,
  ratifyDemoCampaign,
  type DemoWinner,
} from "../support/published-demo";
import { demoAccount, demoPassword, repoRoot } from "../support/server";

// Publish → the honour roll → the winner's profile shows the new honour →
// colleagues congratulate. The demo's closed campaign is ratified and
// published over HTTP; then, in the browser: a colleague on a phone without
// JavaScript congratulates (a line too long is refused, the line kept),
// another with JavaScript congratulates in place, and the winner hides one.
// One server, the tests in order. Axe-clean on every page visited.

const slug = closedDemoCampaign;
/** With JavaScript, waits until Remix has hydrated, so a click submits through it. */
const hydrated = (page: Page) => page.waitForFunction(() => "__remixRouter" in window);
/** The honour-roll pages are another branch's; until they land here, the roll step has nothing to visit. */
const hasHonourRollPages = readdirSync(path.join(repoRoot, "app/routes")).some((f) => f.startsWith("honor-roll."));

describeWithBrowser("a published honour on the profile, and congratulations", () => {
  const app = useServerAndBrowser();
  const password = "family-is-proud-2026";
  let winner: DemoWinner;
  let profile: string;

  beforeAll(async () => {
    const winners = await ratifyDemoCampaign(app.server, slug);
    winner = winners.find((w) => w.titleSlug === "best-service-star") ?? winners[0];
    profile = `${app.server.url}/people/${winner.employeeNo}`;
    await publishDemoCampaign(app.server, slug);
    await givePassword(app.server, winner.employeeNo, password);
  }, 300_000);

  async function signedIn(employeeNo: string, options: { language: string; javaScript: boolean; phone?: boolean }, secret = demoPassword) {
    const page = await newPage(app.browser, options);
    await signInWithForm(page, app.server, employeeNo, secret);
    return page;
  }

  const card = (page: Page) => page.locator(`#congratulations-${winner.nominationId}`);
  /** The count's words, without the clapping hands beside them. */
  const countOf = async (page: Page) => (await textOf(card(page).locator(".congrats__count")))?.replace("👏", "").trim();

  test.skipIf(!hasHonourRollPages)("the published roll names the winner and links to their page", async () => {
    const page = await signedIn(demoAccount("staff").employeeNo, { language: "zh-CN", javaScript: false });
    await page.goto(`${app.server.url}/honor-roll/${slug}`);
    await settled(page);
    await expectNoAxeViolations(page);
    await page.locator(`a[href="/people/${winner.employeeNo}"]`).first().click();
    await page.waitForURL(new RegExp(`/people/${winner.employeeNo}`));
    await settled(page);
    expect(await textOf(page.locator("h1"))).toBe(winner.name);
    await page.context().close();
  });

  test("without JavaScript on a phone a colleague sees the new honour and congratulates; a line too long is refused and kept (zh-CN)", async () => {
    const page = await signedIn(demoAccount("staff").employeeNo, { language: "zh-CN", javaScript: false, phone: true });
    await expectNoAxeViolations(page);
    await page.goto(profile);
    await settled(page);
    expect(await textOf(page.locator("h1"))).toBe(winner.name);
    const honour = page.locator(`#honour-${winner.nominationId}`);
    expect(await textOf(honour.locator(".honour__title"))).toBe("最佳服务明星");
    expect(await textOf(honour.locator(".honour__campaign"))).toBe(demoCampaignNames().nameZh);
    expect(await honour.locator(`a[href="/honor-roll/${slug}"]`).count()).toBe(1);
    expect(await page.locator(".principle--shown").count()).toBeGreaterThan(0);
    expect(await page.locator(".profile-story").count()).toBeGreaterThan(0);
    expect(await countOf(page)).toBe(translate("zh-CN", "profile.congrats.none"));
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(phoneViewport.width);
    await expectNoAxeViolations(page);

    const long = "祝贺你获得最佳服务明星！".repeat(10);
    await card(page).locator('input[name="message"]').fill(long);
    await card(page).locator("button[type=submit]").click();
    await eventually(() => textOf(card(page).locator(".field-error"))).toBe(translate("zh-CN", "congratulations.message.tooLong"));
    await settled(page);
    // Kept exactly: no "��" from React 18's NUL bytes (app/entry.server.tsx, withoutTrailingNuls).
    expect(await card(page).locator('input[name="message"]').inputValue()).toBe(long);
    expect(await countOf(page)).toBe(translate("zh-CN", "profile.congrats.none"));
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(phoneViewport.width);
    await expectNoAxeViolations(page);

    const line = "除夕夜还守在话务台，辛苦了，为你骄傲！";
    await card(page).locator('input[name="message"]').fill(line);
    await card(page).locator("button[type=submit]").click();
    await eventually(() => textOf(page.locator(".notice"))).toBe(translate("zh-CN", "profile.congrats.done", { name: winner.name }));
    await settled(page);
    expect(page.url()).toBe(`${profile}#congratulations-${winner.nominationId}`);
    expect(await countOf(page)).toBe(translate("zh-CN", "profile.congrats.count.one"));
    expect(await textsOf(card(page).locator(".congrat__text"))).toEqual([line]);
    expect(await textOf(card(page).locator(".congrats__mine"))).toContain(translate("zh-CN", "profile.congrats.mine", { name: winner.name }));
    expect(await card(page).locator("form.congrats__form").count()).toBe(0);
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(phoneViewport.width);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test("with JavaScript a colleague congratulates in place: no page load, the thank-you said, the count updated (en)", async () => {
    const page = await signedIn(demoAccount("manager").employeeNo, { language: "en", javaScript: true, phone: true });
    await page.goto(profile);
    await settled(page);
    await hydrated(page);
    await expectNoAxeViolations(page);

    // Refused before it is sent: the same rule in the browser.
    await card(page).locator('input[name="message"]').fill("x".repeat(101));
    await card(page).locator("button[type=submit]").click();
    await eventually(() => textOf(card(page).locator(".field-error"))).toBe(translate("en", "congratulations.message.tooLong"));

    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await card(page).locator('input[name="message"]').fill("Well deserved — the customers noticed.");
    await card(page).locator("button[type=submit]").click();
    await eventually(() => textOf(card(page).locator(".congrats__thanks"))).toBe(translate("en", "profile.congrats.done", { name: winner.name }));
    await eventually(() => countOf(page)).toBe(translate("en", "profile.congrats.count.other", { count: 2 }));
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(await textsOf(card(page).locator(".congrat__text"))).toContain("Well deserved — the customers noticed.");
    expect(await card(page).locator("form.congrats__form").count()).toBe(0);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });

  test("the winner hides one congratulation and sees it marked hidden; colleagues no longer see it (zh-CN)", async () => {
    const page = await signedIn(winner.employeeNo, { language: "zh-CN", javaScript: false, phone: true }, password);
    await page.goto(profile);
    await settled(page);
    expect(await textOf(card(page).locator(".hint"))).toBe(translate("zh-CN", "profile.congrats.selfHint"));
    expect(await card(page).locator("form.congrats__form").count()).toBe(0);
    await expectNoAxeViolations(page);

    const item = card(page).locator(".congrat", { hasText: "Well deserved" });
    await item.locator("button[type=submit]").click();
    await eventually(() => textOf(page.locator(".notice"))).toBe(translate("zh-CN", "profile.congrats.hiddenDone"));
    await settled(page);
    const hidden = card(page).locator(".congrat--hidden");
    expect(await hidden.count()).toBe(1);
    expect(await textOf(hidden.locator(".congrat__hidden"))).toBe(translate("zh-CN", "profile.congrats.hidden", { name: winner.name }));
    expect(await textOf(hidden.locator("button"))).toContain(translate("zh-CN", "profile.congrats.show"));
    expect(await countOf(page)).toBe(translate("zh-CN", "profile.congrats.count.one"));
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(phoneViewport.width);
    await expectNoAxeViolations(page);
    await page.context().close();

    const colleague = await signedIn(demoAccount("committee").employeeNo, { language: "en", javaScript: true });
    await colleague.goto(profile);
    await settled(colleague);
    expect(await textsOf(card(colleague).locator(".congrat__text"))).not.toContain("Well deserved — the customers noticed.");
    expect(await countOf(colleague)).toBe(translate("en", "profile.congrats.count.one"));
    await expectNoAxeViolations(colleague);
    expectNoProblems(colleague);
    await colleague.context().close();
  });
});
