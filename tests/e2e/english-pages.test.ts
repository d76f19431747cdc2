import { beforeAll, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, expectNoProblems, newPage, settled, signInWithForm, useServerAndBrowser, type Page } from "../support/browser";
import { closedDemoCampaign } from "../support/published-demo";
import { demoAccount, demoPassword } from "../support/server";
import { openDemoVoting } from "../support/voting";

// English pages over Chinese data (issue 14): what is not the page's own
// words — names, units, job titles, citations, stories, a unit without an
// English name — is marked lang="zh-CN", so it renders and is read as Chinese
// (WCAG 3.1.2); and the page's own words hold no Chinese at all ("小组",
// "Customer satisfaction、Calls handled", "Nominee (工号 or name)"). Together:
// every text node with a Han character sits inside an element marked zh.
// Also what IBM's Equal Access checker found beyond axe: forms, articles and
// groups without a name of their own, an empty list, an unlabelled figure.

/** Text nodes with Chinese characters or punctuation that no element marks as Chinese, with where they are. */
function unmarkedChinese(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node as Text).data;
      // Han characters, and Chinese punctuation such as a list's "、" or a full-width "（".
      if (!/[\p{Script=Han}\u3000-\u303f\uff01-\uff5e]/u.test(text)) continue;
      const parent = node.parentElement!;
      if (parent.closest("script, style, template")) continue;
      if ((parent.closest("[lang]")?.getAttribute("lang") ?? "").toLowerCase().startsWith("zh")) continue;
      found.push(`<${parent.tagName.toLowerCase()} class="${parent.className}">${text.trim().slice(0, 60)}`);
    }
    return found;
  });
}

/** The accessible names of the elements matching a selector, as aria-labelledby, aria-label or a legend give them. */
function namesOf(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const text = (el: Element | null) => (el?.textContent ?? "").replace(/\s+/g, " ").trim();
    return [...document.querySelectorAll(selector)].map((el) => {
      const ids = el.getAttribute("aria-labelledby");
      if (ids)
        return ids
          .split(/\s+/)
          .map((id) => text(document.getElementById(id)))
          .join(" ");
      if (el.getAttribute("aria-label")) return el.getAttribute("aria-label")!;
      if (el.tagName === "FIELDSET") return text(el.querySelector(":scope > legend"));
      return "";
    });
  }, selector);
}

async function expectNamedUniquely(page: Page, selector: string, atLeast: number) {
  const names = await namesOf(page, selector);
  expect(names.length, `${selector} on ${page.url()}`).toBeGreaterThanOrEqual(atLeast);
  expect(
    names.filter((n) => !n),
    `${selector} without a name`,
  ).toEqual([]);
  expect(new Set(names).size, `${selector} names: ${names.join(" | ")}`).toBe(names.length);
}

describeWithBrowser("English pages over Chinese data", () => {
  const app = useServerAndBrowser();
  beforeAll(() => openDemoVoting(app.server), 120_000);

  async function english(role: "staff" | "committee", javaScript: boolean) {
    const page = await newPage(app.browser, { language: "en", javaScript });
    await signInWithForm(page, app.server, demoAccount(role).employeeNo, demoPassword);
    return page;
  }
  async function open(page: Page, path: string) {
    await page.goto(`${app.server.url}${path}`);
    await settled(page);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
  }
  /** The first link on the page to a path like this one. */
  const firstLink = async (page: Page, pattern: RegExp) =>
    (await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")!))).find((href) => pattern.test(href))!;

  for (const javaScript of [true, false]) {
    test(`the ballot, the directory, a profile with stories, a nomination and the roll mark every Chinese text (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const page = await english("staff", javaScript);
      const pages: string[] = ["/campaigns/3-15-stars/vote", "/people"];
      await open(page, "/honor-roll/2026-q3");
      pages.push("/honor-roll/2026-q3", await firstLink(page, /^\/people\/[^/]+$/));
      await open(page, "/campaigns/3-15-stars");
      pages.push(await firstLink(page, /^\/campaigns\/3-15-stars\/nominations\/\d+$/));
      for (const path of pages) {
        await open(page, path);
        expect(await page.locator("main").innerText(), `${path} shows Chinese data`).toMatch(/\p{Script=Han}/u);
        expect(await unmarkedChinese(page), path).toEqual([]);
        await expectNoAxeViolations(page);
      }
      // The profile tells its stories, and they are marked as a whole.
      await open(page, pages[3]);
      expect(await page.locator('.profile-story p[lang="zh-CN"]').count()).toBeGreaterThan(0);
      expectNoProblems(page);
      await page.context().close();
    });
  }

  test("lists are joined in English: a team's members, a title's metrics", async () => {
    const page = await english("staff", false);
    await open(page, "/campaigns/3-15-stars/vote");
    const members = (await page.locator(".vote__unit").allInnerTexts()).find((text) => text.includes(","));
    expect(members).toMatch(/, and [^,]+$/);
    expect(await unmarkedChinese(page)).toEqual([]);
    await page.context().close();

    const manager = await newPage(app.browser, { language: "en", javaScript: false });
    await signInWithForm(manager, app.server, demoAccount("manager").employeeNo, demoPassword);
    await open(manager, "/campaigns/2026-q4/nominate");
    expect(await manager.locator(".nominate-choice__hint").allInnerTexts()).toContain("Customer satisfaction and Calls handled");
    expect(await manager.getByLabel(translate("en", "nominate.nominee.label"), { exact: true }).count()).toBe(1);
    expect(await unmarkedChinese(manager)).toEqual([]);
    await manager.context().close();
  });

  test("every form, metric card and group has a name of its own; no empty list, no unlabelled figure", async () => {
    const visitor = await newPage(app.browser, { language: "en", javaScript: false });
    await open(visitor, "/login");
    await expectNamedUniquely(visitor, "form", 2);
    await visitor.context().close();

    const page = await english("committee", true);
    await open(page, "/campaigns/3-15-stars");
    await open(page, await firstLink(page, /^\/campaigns\/3-15-stars\/nominations\/\d+$/));
    await expectNamedUniquely(page, "article.metric-card", 2);

    await open(page, "/honor-roll/2026-q3");
    expect(await page.locator("figure:not(:has(> figcaption)):not([aria-label]):not([aria-labelledby])").count()).toBe(0);
    await open(page, await firstLink(page, /^\/people\/[^/]+$/));
    await expectNamedUniquely(page, "article.metric-card", 2);

    // The closed campaign awaiting ratification: one ratification form per title.
    await open(page, `/campaigns/${closedDemoCampaign}/results`);
    await expectNamedUniquely(page, "fieldset", 2);
    expect(await page.locator("ul:not(:has(> li)), ol:not(:has(> li))").count()).toBe(0);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });
});
