import { beforeAll, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import {
  describeWithBrowser,
  expectNoProblems,
  newPage,
  phoneViewport,
  scrollWidthOf,
  settled,
  signInWithForm,
  useServerAndBrowser,
  type Page,
} from "../support/browser";
import { demoAccount, demoPassword } from "../support/server";
import { openDemoVoting } from "../support/voting";

// Casting on a phone, with and without script: the demo's 3·15 campaign opened
// for voting, the demo staff member votes, gets a receipt, changes the ballot,
// and is told in their language when a ballot is refused. Axe-clean throughout.

const receipt = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/;
const choosable = (page: Page, title: string) => page.locator(`#ballot-${title} input[type="checkbox"]:not([disabled])`);

describeWithBrowser("the ballot on a phone", () => {
  const app = useServerAndBrowser();
  beforeAll(() => openDemoVoting(app.server), 120_000);

  async function staffOn(language: string, javaScript: boolean) {
    const page = await newPage(app.browser, { phone: true, language, javaScript });
    await signInWithForm(page, app.server, demoAccount("staff").employeeNo, demoPassword);
    return page;
  }

  test("without JavaScript: reads at 360 px, casts a ballot and gets its receipt (en)", async () => {
    const page = await staffOn("en", false);
    await page.goto(`${app.server.url}/`);
    await page.getByRole("link", { name: "Vote in 3·15 Service Stars" }).click();
    await page.waitForURL(/\/campaigns\/3-15-stars\/vote$/);
    await settled(page);
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(phoneViewport.width);
    await expectNoAxeViolations(page);
    expect(await page.locator('#ballot-fred-spirit-award input[type="checkbox"][disabled]').count()).toBe(1);

    await choosable(page, "fred-spirit-award").first().check();
    await page.locator("#ballot-fred-spirit-award button[type=submit]").click();
    await expect.poll(() => page.locator(".notice").textContent()).toMatch(receipt);
    await settled(page);
    const code = receipt.exec((await page.locator(".notice").textContent()) ?? "")![0];
    expect(await page.locator("#ballot-fred-spirit-award .vote__receipt").textContent()).toBe(
      translate("en", "voting.page.receipt", { receipt: code }),
    );
    expect(await choosable(page, "fred-spirit-award").first().isChecked()).toBe(true);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });

  test("without JavaScript: too many choices is refused in Chinese and the choices are kept (zh-CN)", async () => {
    const page = await staffOn("zh-CN", false);
    await page.goto(`${app.server.url}/campaigns/3-15-stars/vote`);
    const boxes = choosable(page, "best-service-star");
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.locator("#ballot-best-service-star button[type=submit]").click();
    await expect
      .poll(() => page.locator("#ballot-best-service-star .form-error").textContent())
      .toBe(translate("zh-CN", "voting.tooMany", { max: 1 }));
    await settled(page);
    expect(await boxes.nth(0).isChecked()).toBe(true);
    expect(await boxes.nth(1).isChecked()).toBe(true);
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(phoneViewport.width);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test("with JavaScript: casts, then changes the ballot, each with a new receipt (en)", async () => {
    const page = await staffOn("en", true);
    await page.goto(`${app.server.url}/campaigns/3-15-stars/vote`);
    const boxes = choosable(page, "best-service-star");
    await boxes.nth(0).check();
    await page.locator("#ballot-best-service-star button[type=submit]").click();
    const onPage = page.locator("#ballot-best-service-star .vote__receipt");
    await expect.poll(() => onPage.textContent()).toMatch(receipt);
    const first = receipt.exec((await onPage.textContent()) ?? "")![0];
    expect(await page.locator(".notice").textContent()).toContain(first);

    await boxes.nth(0).uncheck();
    await boxes.nth(1).check();
    await page.getByRole("button", { name: translate("en", "voting.page.change", { title: "Best Service Star" }) }).click();
    await expect.poll(async () => receipt.exec((await onPage.textContent()) ?? "")?.[0]).not.toBe(first);
    expect(await boxes.nth(1).isChecked()).toBe(true);
    expect(await boxes.nth(0).isChecked()).toBe(false);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });

  // 2026-11 lets a voter choose two per title (K is set per title, issue 14, item 12).
  test("with JavaScript: a box beyond the title's K is not ticked, and a polite message says why (zh-CN)", async () => {
    const page = await staffOn("zh-CN", true);
    await page.goto(`${app.server.url}/campaigns/2026-11/vote`);
    await settled(page);
    await page.waitForFunction(() => "__remixRouter" in window);
    const title = "outstanding-service-star";
    const count = page.locator(`#ballot-${title} .vote__count`);
    await expect.poll(() => count.textContent()).toBe(translate("zh-CN", "voting.page.chosen", { count: 0, max: 2 }));
    const boxes = choosable(page, title);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await expect.poll(() => count.textContent()).toBe(translate("zh-CN", "voting.page.chosen", { count: 2, max: 2 }));
    await boxes.nth(2).click();
    expect(await boxes.nth(2).isChecked()).toBe(false);
    await expect.poll(() => count.textContent()).toBe(translate("zh-CN", "voting.page.limit", { max: 2, title: "优秀服务明星" }));
    expect(await count.getAttribute("aria-live")).toBe("polite");
    await expectNoAxeViolations(page);
    // Unticking one makes room again.
    await boxes.nth(0).uncheck();
    await boxes.nth(2).check();
    expect(await boxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked)).then((c) => c.filter(Boolean).length)).toBe(2);
    await page.locator(`#ballot-${title} button[type=submit]`).click();
    await expect.poll(() => page.locator(`#ballot-${title} .vote__receipt`).textContent(), { timeout: 15_000 }).toMatch(receipt);
    expectNoProblems(page);
    await page.context().close();
  });

  test("without JavaScript: a third choice where the title allows two is refused by the server, with the title's K, and the choices kept (en)", async () => {
    const page = await staffOn("en", false);
    await page.goto(`${app.server.url}/campaigns/2026-11/vote`);
    await settled(page);
    const title = "service-model";
    expect(await page.locator(`#ballot-${title} legend`).textContent()).toBe(
      translate("en", "voting.page.legend", { title: "Service Model", max: 2 }),
    );
    // Without script the page offers no count it could not keep up to date.
    expect(await page.locator(`#ballot-${title} .vote__count`).count()).toBe(0);
    const boxes = choosable(page, title);
    for (const i of [0, 1, 2]) await boxes.nth(i).check();
    await page.locator(`#ballot-${title} button[type=submit]`).click();
    await expect.poll(() => page.locator(`#ballot-${title} .form-error`).textContent()).toBe(translate("en", "voting.tooMany", { max: 2 }));
    await settled(page);
    expect(await boxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked).slice(0, 3))).toEqual([true, true, true]);
    expect(await page.locator(`#ballot-${title} .vote__receipt`).textContent()).toBe(translate("en", "voting.page.notYet"));
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
