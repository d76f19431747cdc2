import { beforeAll, expect, test } from "vitest";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { translate } from "../../app/i18n/index";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, expectNoProblems, newPage, scrollWidthOf, signInWithForm, useServerAndBrowser, type Page } from "../support/browser";
import { publishDemoOverHttp } from "../support/publishing";
import { demoAccount, demoPassword } from "../support/server";

// The published honour roll in Chromium as people use it: reading it on a
// phone without script, printing the poster to PDF (and reading the PDF), and
// the office screen advancing by itself without script, holding still on
// request and without animation for people who asked for less motion.

describeWithBrowser("honour roll, print and screen", () => {
  const app = useServerAndBrowser();
  let slug: string;
  beforeAll(async () => {
    slug = await publishDemoOverHttp(app.server);
  }, 180_000);

  async function signedIn(options: Parameters<typeof newPage>[1]): Promise<Page> {
    const page = await newPage(app.browser, options);
    await signInWithForm(page, app.server, demoAccount("staff").employeeNo, demoPassword);
    return page;
  }

  /** The winners' names and citations as the roll page shows them. */
  async function winnersOn(page: Page): Promise<Array<{ name: string; citation: string }>> {
    await page.goto(`${app.server.url}/honor-roll/${slug}`);
    return page.$$eval(".winner", (cards) =>
      cards.map((c) => ({
        name: (c.querySelector(".winner__name")?.textContent ?? "").replace(/^(Team|团队)\s*/, "").trim(),
        citation: (c.querySelector(".winner__citation")?.textContent ?? "").trim(),
      })),
    );
  }

  test("on a phone without script: the list leads to the roll, every page axe-clean", async () => {
    const page = await signedIn({ javaScript: false, phone: true });
    await page.goto(`${app.server.url}/honor-roll`);
    await expectNoAxeViolations(page);
    await page.click(`a[href="/honor-roll/${slug}"]`);
    await page.waitForURL(`${app.server.url}/honor-roll/${slug}`);
    expect(await page.locator("h1").textContent()).toMatch(/\S/);
    expect(await page.locator(".winner").count()).toBeGreaterThan(0);
    // Nothing wider than the phone.
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(360);
    await expectNoAxeViolations(page);
    // The poster's preview too: one column on a phone, whatever the paper.
    for (const paper of ["a4", "a3"]) {
      await page.goto(`${app.server.url}/honor-roll/${slug}/print?paper=${paper}`);
      expect({ paper, width: await scrollWidthOf(page) }).toEqual({ paper, width: expect.toSatisfy((w: number) => w <= 360) });
    }
    expectNoProblems(page);
    await page.context().close();
  });

  /**
   * Whether the page text holds the needle, allowing a few characters to
   * differ: a PDF's text layer maps some hanzi glyphs back to a variant code
   * point (户 comes back as 戶, 角 as ⻆) that no normalisation undoes.
   */
  function containsLoosely(text: string, needle: string): boolean {
    const allowed = Math.floor(needle.length / 5);
    for (let i = 0; i + needle.length <= text.length; i++) {
      let misses = 0;
      for (let j = 0; j < needle.length && misses <= allowed; j++) if (text[i + j] !== needle[j]) misses++;
      if (misses <= allowed) return true;
    }
    return false;
  }

  async function pdfPages(page: Page, path: string, format: "A4" | "A3"): Promise<string[]> {
    await page.goto(`${app.server.url}${path}`);
    await page.waitForLoadState("networkidle");
    await expectNoAxeViolations(page);
    await page.emulateMedia({ media: "print" });
    const bytes = await page.pdf({ format, printBackground: true, preferCSSPageSize: true });
    const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
    const pages: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      // NFKC: the PDF's text maps some hanzi to their Kangxi-radical look-alikes (⼀ for 一).
      pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join("").normalize("NFKC").replace(/\s+/g, ""));
    }
    return pages;
  }

  test("the print poster as a PDF: every winner whole on one page, a page per title when asked, no empty page", async () => {
    const page = await signedIn({ javaScript: false, language: "en" });
    const winners = await winnersOn(page);
    expect(winners.length).toBeGreaterThan(1);
    const titles = await page.$$eval(".roll-title__name", (xs) => xs.map((x) => (x.textContent ?? "").normalize("NFKC").replace(/\s+/g, "")));
    const printed = new Map<string, string[]>();
    for (const [query, format] of [["paper=a4", "A4"], ["paper=a3", "A3"], ["paper=a4&per=title", "A4"]] as const) {
      const pages = await pdfPages(page, `/honor-roll/${slug}/print?${query}`, format);
      printed.set(query, pages);
      for (const w of winners) {
        const name = w.name.normalize("NFKC").replace(/\s+/g, "");
        const start = w.citation.normalize("NFKC").replace(/\s+/g, "").slice(0, 12);
        const on = pages.flatMap((text, i) => (text.includes(name) ? [i] : []));
        expect(on.length, `${query}: ${w.name} on one page`).toBe(1);
        // The card is not cut: its citation is on the same page as the name.
        expect(containsLoosely(pages[on[0]!]!, start), `${query}: ${w.name}'s citation "${start}" on the page of the name`).toBe(true);
      }
      for (const text of pages) expect(text.length, `${query}: an empty page`).toBeGreaterThan(20);
    }
    // A page per title: each title starts the page it is on, in order.
    const perTitle = printed.get("paper=a4&per=title")!;
    const starts = titles.map((title) => perTitle.findIndex((text) => text.includes(title)));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(titles.length);
    expect(perTitle.length).toBeGreaterThanOrEqual(titles.length);
    // A3 holds at least as much as A4.
    expect(printed.get("paper=a3")!.length).toBeLessThanOrEqual(printed.get("paper=a4")!.length);
    await page.context().close();
  });

  test("the office screen advances without script, holds still on request, and keeps still for reduced motion", async () => {
    const page = await signedIn({ javaScript: false, language: "zh-CN" });
    const response = await page.goto(`${app.server.url}/honor-roll/${slug}/screen`);
    expect(response?.headers()["refresh"]).toBe(`12; url=/honor-roll/${slug}/screen?slide=1`);
    expect(await page.locator("h1").isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    // It moves on by itself: the next slide shows a winner.
    await page.waitForURL(/slide=1$/, { timeout: 20_000 });
    expect(await page.locator(".screen-winner__name").isVisible()).toBe(true);
    // Holding the slide: no Refresh, and a way to play again.
    await page.click(`text=${translate("zh-CN", "honorRoll.screenPause")}`);
    await page.waitForURL(/pause=1/);
    const held = await page.goto(page.url());
    expect(held?.headers()["refresh"]).toBeUndefined();
    expect(await page.locator(`text=${translate("zh-CN", "honorRoll.screenResume")}`).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    // Less motion: no entrance animation.
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.reload();
    expect(await page.$eval(".screen-winner__body", (e) => getComputedStyle(e).animationName)).toBe("none");
    await page.emulateMedia({ reducedMotion: "no-preference" });
    await page.reload();
    expect(await page.$eval(".screen-winner__body", (e) => getComputedStyle(e).animationName)).toBe("screen-in");
    expectNoProblems(page);
    await page.context().close();
  });
});
