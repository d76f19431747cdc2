import { beforeAll, expect, test } from "vitest";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, expectNoProblems, newPage, scrollWidthOf, signInWithForm, useServerAndBrowser, type Page } from "../support/browser";
import { givenRoll, posterDocument } from "../support/poster";
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
    for (const paper of ["a4", "a4-landscape", "a3"]) {
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
      pages.push(
        content.items
          .map((item) => ("str" in item ? item.str : ""))
          .join("")
          .normalize("NFKC")
          .replace(/\s+/g, ""),
      );
    }
    return pages;
  }

  test("the print poster as a PDF: every winner whole on one page, a page per title when asked, no empty page", async () => {
    const page = await signedIn({ javaScript: false, language: "en" });
    const winners = await winnersOn(page);
    expect(winners.length).toBeGreaterThan(1);
    const titles = await page.$$eval(".roll-title__name", (xs) => xs.map((x) => (x.textContent ?? "").normalize("NFKC").replace(/\s+/g, "")));
    const printed = new Map<string, string[]>();
    for (const [query, format] of [
      ["paper=a4", "A4"],
      ["paper=a4-landscape", "A4"],
      ["paper=a3", "A3"],
      ["paper=a4&per=title", "A4"],
    ] as const) {
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

  /**
   * The poster in print emulation: its sheets, the PDF's pages, every card
   * whole inside its sheet with nothing of it past its edge, and the
   * smallest citation type in points.
   */
  async function printed(page: Page, paper: "a4" | "a4-landscape" | "a3") {
    await page.emulateMedia({ media: "print" });
    // The web font swaps in when it arrives: measure and print with it.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const bytes = await page.pdf({ printBackground: true, preferCSSPageSize: true });
    const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
    const firstPage = await pdf.getPage(1);
    const [, , widthPt, heightPt] = firstPage.view;
    const layout = await page.evaluate(() => {
      const cut: string[] = [];
      const sheets = [...document.querySelectorAll(".poster-sheet")];
      for (const sheet of sheets) {
        const s = sheet.getBoundingClientRect();
        for (const card of sheet.querySelectorAll(".poster-card")) {
          const c = card.getBoundingClientRect();
          const name = card.querySelector("h3")?.textContent ?? "?";
          if (c.top < s.top - 0.5 || c.bottom > s.bottom + 0.5 || c.left < s.left - 0.5 || c.right > s.right + 0.5)
            cut.push(`${name}: outside its sheet`);
          for (const e of card.querySelectorAll("*")) {
            if (e.closest(".visually-hidden")) continue;
            const b = e.getBoundingClientRect();
            if (b.height > 0 && (b.bottom > c.bottom + 0.5 || b.right > c.right + 0.5))
              cut.push(`${name}: ${e.className || e.tagName} past the card's edge`);
          }
        }
      }
      const citations = [...document.querySelectorAll(".poster-card__citation")].map((e) => Number.parseFloat(getComputedStyle(e).fontSize) * 0.75);
      return { sheets: sheets.length, cards: document.querySelectorAll(".poster-card").length, cut, smallestCitationPt: Math.min(...citations) };
    });
    await page.emulateMedia({ media: "screen" });
    const portrait = paper !== "a4-landscape";
    const expected = paper === "a3" ? [842, 1191] : [595, 842];
    return {
      ...layout,
      pages: pdf.numPages,
      size: [Math.round(widthPt!), Math.round(heightPt!)],
      expectedSize: portrait ? expected : [...expected].reverse(),
    };
  }

  test("the demo roll's winners make a one-sheet poster (it took three A4 pages): nothing cut, citations at 9 pt or more, on every paper in both languages", async () => {
    for (const language of ["zh-CN", "en"] as const) {
      const page = await signedIn({ javaScript: false, language });
      const winners = (await winnersOn(page)).length;
      for (const paper of ["a4", "a4-landscape", "a3"] as const) {
        await page.goto(`${app.server.url}/honor-roll/${slug}/print?paper=${paper}`);
        await page.waitForLoadState("networkidle");
        await expectNoAxeViolations(page);
        const p = await printed(page, paper);
        expect({ language, paper, pages: p.pages, sheets: p.sheets, cards: p.cards, cut: p.cut, size: p.size }).toEqual({
          language,
          paper,
          pages: 1,
          sheets: 1,
          cards: winners,
          cut: [],
          size: p.expectedSize,
        });
        expect(p.smallestCitationPt, `${language} ${paper}: the citation's type`).toBeGreaterThanOrEqual(9);
      }
      // The paper is a plain GET form: choosing A4 landscape without script.
      await page.goto(`${app.server.url}/honor-roll/${slug}/print`);
      await page.check('input[name="paper"][value="a4-landscape"]');
      await page.click(".print-options button[type=submit]");
      await page.waitForURL(/paper=a4-landscape/);
      expect(await page.locator(".poster--a4-landscape").count()).toBe(1);
      expectNoProblems(page);
      await page.context().close();
    }
  });

  test("a roll of 1 or 30 winners fills its sheets evenly, never cutting a card, long citations included", async () => {
    const page = await signedIn({ javaScript: false, language: "zh-CN" });
    // The built stylesheets, as the print page links them.
    await page.goto(`${app.server.url}/honor-roll/${slug}/print?paper=a4`);
    const base = await page.$$eval('link[rel="stylesheet"]', (links) => links.map((l) => l.getAttribute("href")!));
    const pageSheets = { a4: [] as string[], "a4-landscape": [] as string[], a3: [] as string[] };
    for (const paper of ["a4-landscape", "a3"] as const) {
      await page.goto(`${app.server.url}/honor-roll/${slug}/print?paper=${paper}`);
      pageSheets[paper] = (await page.$$eval('link[rel="stylesheet"]', (links) => links.map((l) => l.getAttribute("href")!))).filter(
        (h) => !base.includes(h),
      );
    }
    const cases = [
      { winners: 1, paper: "a4", citation: "short", pages: 1, language: "zh-CN" },
      { winners: 1, paper: "a3", citation: "long", pages: 1, language: "en" },
      { winners: 30, paper: "a4", citation: "short", pages: 5, language: "en" },
      { winners: 30, paper: "a4", citation: "long", pages: 10, language: "zh-CN" },
      { winners: 30, paper: "a4-landscape", citation: "short", pages: 5, language: "zh-CN" },
      { winners: 30, paper: "a4-landscape", citation: "long", pages: 10, language: "en" },
      { winners: 30, paper: "a3", citation: "short", pages: 3, language: "en" },
      { winners: 30, paper: "a3", citation: "long", pages: 5, language: "zh-CN" },
    ] as const;
    for (const c of cases) {
      const language = c.language;
      const roll = givenRoll({ winners: c.winners, citation: c.citation, teams: c.winners > 1 ? 2 : 0 });
      const html = await posterDocument(roll, { paper: c.paper, pagePerTitle: false }, language, [...base, ...pageSheets[c.paper]]);
      // Served at the test server's own origin, so the built stylesheets load as they do for the real page.
      await page.route(`${app.server.url}/poster-test`, (route) =>
        route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
      );
      await page.goto(`${app.server.url}/poster-test`);
      await page.waitForLoadState("networkidle");
      const p = await printed(page, c.paper);
      const label = `${c.winners} winners, ${c.citation} citations, ${c.paper}, ${language}`;
      expect({ label, pages: p.pages, sheets: p.sheets, cards: p.cards, cut: p.cut, size: p.size }).toEqual({
        label,
        pages: c.pages,
        sheets: c.pages,
        cards: c.winners,
        cut: [],
        size: p.expectedSize,
      });
      expect(p.smallestCitationPt, `${label}: the citation's type`).toBeGreaterThanOrEqual(9);
      // Evenly shared: no sheet holds more than one card more than another.
      const perSheet = await page.$$eval(".poster-sheet", (sheets) => sheets.map((s) => s.querySelectorAll(".poster-card").length));
      expect(Math.max(...perSheet) - Math.min(...perSheet), `${label}: ${perSheet.join(", ")}`).toBeLessThanOrEqual(1);
      await page.unroute(`${app.server.url}/poster-test`);
    }
    await page.context().close();
  }, 300_000);

  test("the office screen on a 360×740 phone: the footer below the citation, figures inside the screen, in the served web font, both languages", async () => {
    for (const language of ["zh-CN", "en"] as const) {
      const page = await signedIn({ javaScript: false, language, phone: true });
      for (const slide of [0, 1, 2]) {
        await page.goto(`${app.server.url}/honor-roll/${slug}/screen?slide=${slide}&pause=1`);
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const seen = await page.evaluate(() => {
          const box = (selector: string) => {
            const e = document.querySelector(selector);
            if (!e) return null;
            const r = e.getBoundingClientRect();
            return {
              top: r.top,
              bottom: r.bottom,
              left: r.left,
              right: r.right,
              height: r.height,
              lineHeight: Number.parseFloat(getComputedStyle(e).lineHeight) || Number.parseFloat(getComputedStyle(e).fontSize) * 1.6,
            };
          };
          const metrics = [...document.querySelectorAll(".screen-winner__metrics .headline-metric")]
            .map((m) => m.getBoundingClientRect())
            .map((r) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right }));
          const faces = [...document.fonts]
            .filter((f) => f.family.replace(/["']/g, "") === "Service Stars Sans")
            .map((f) => `${f.weight}:${f.status}`);
          const heading = document.querySelector("h1")!;
          return {
            citation: box(".screen-winner__citation"),
            footer: box(".screen-footer"),
            brand: box(".screen-footer__brand"),
            metrics,
            faces,
            family: getComputedStyle(heading).fontFamily,
            scrollWidth: document.documentElement.scrollWidth,
          };
        });
        const where = `${language}, slide ${slide}`;
        expect(seen.scrollWidth, `${where}: nothing wider than the phone`).toBeLessThanOrEqual(360);
        expect(seen.family, where).toMatch(/^"?Service Stars Sans"?,/);
        // The face is served and loaded (a box without CJK fonts draws with it, not empty boxes).
        expect(
          seen.faces.some((f) => f.endsWith(":loaded")),
          `${where}: ${seen.faces.join(", ")}`,
        ).toBe(true);
        // The footer's words run in lines, not a column of single characters.
        expect(seen.brand!.height, `${where}: the footer's brand in at most two lines`).toBeLessThanOrEqual(seen.brand!.lineHeight * 2 + 1);
        if (slide > 0) {
          expect(seen.footer!.top, `${where}: the footer starts below the citation`).toBeGreaterThanOrEqual(seen.citation!.bottom);
          expect(seen.metrics.length, where).toBeGreaterThan(0);
          for (const m of seen.metrics) {
            expect(m.left, where).toBeGreaterThanOrEqual(0);
            expect(m.right, where).toBeLessThanOrEqual(360);
            expect(m.top, where).toBeGreaterThanOrEqual(0);
            expect(m.bottom, `${where}: the figures inside the 740-px screen`).toBeLessThanOrEqual(740);
          }
        }
        await expectNoAxeViolations(page);
      }
      // The font is cached for a year under its content-hashed name.
      const fontUrl = await page.evaluate(
        () =>
          [...document.fonts].find((f) => f.status === "loaded")!.family &&
          performance
            .getEntriesByType("resource")
            .map((e) => e.name)
            .find((n) => n.endsWith(".woff2")),
      );
      expect(fontUrl).toMatch(/\/fonts\/noto-sans-sc-(regular|bold)-[0-9a-f]{10}\.woff2$/);
      const font = await page.request.get(fontUrl!);
      expect(font.status()).toBe(200);
      expect(font.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
      expectNoProblems(page);
      await page.context().close();
    }
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
