import { expect, test } from "vitest";
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

// Issue 14, item 16: on a 360×740 phone the header of an administrator (the
// role with the most links) took four rows — brand and language, two rows
// of links, then the name and sign-out. It must fit in two, in both
// languages, with and without JavaScript, on the app's pages and on the
// honour roll's static page (its own copy of the header); the links scroll
// sideways within their row, never the page.

/** The header's height, and how many rows its controls sit on (centred within 12 px of each other: one row). */
function headerRows(page: Page) {
  return page.evaluate(() => {
    const header = document.querySelector("header.site-header")!;
    const controls = [...header.querySelectorAll(".brand, .language-switcher button, .site-nav__me, .site-nav__account button, .site-nav a")];
    const middles = controls.map((el) => (el.getBoundingClientRect().top + el.getBoundingClientRect().bottom) / 2).sort((a, b) => a - b);
    const rows: number[] = [];
    for (const middle of middles) if (rows.length === 0 || middle - rows.at(-1)! > 12) rows.push(middle);
    // The first row's controls must be wholly on screen; links may lie beyond the row's scroll.
    const offscreen = [...header.querySelectorAll(".brand, .language-switcher button, .site-nav__me, .site-nav__account button")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 || el.getBoundingClientRect().left < 0)
      .map((el) => el.textContent);
    return { height: header.getBoundingClientRect().height, rows: rows.length, offscreen, links: header.querySelectorAll(".site-nav a").length };
  });
}

describeWithBrowser("the phone header", () => {
  const app = useServerAndBrowser();
  const admin = demoAccount("admin");

  for (const language of ["zh-CN", "en"] as const) {
    for (const javaScript of [true, false]) {
      test(`an administrator's header fits in two rows at 360 px (${language}, ${javaScript ? "with" : "without"} JavaScript)`, async () => {
        const page = await newPage(app.browser, { language, javaScript, phone: true });
        await signInWithForm(page, app.server, admin.employeeNo, demoPassword);
        for (const path of ["/", "/admin", "/honor-roll/2026-q3"]) {
          await page.goto(`${app.server.url}${path}`);
          await settled(page);
          const header = await headerRows(page);
          expect(header.links, path).toBeGreaterThanOrEqual(4);
          expect(header.rows, `${path}: ${JSON.stringify(header)}`).toBeLessThanOrEqual(2);
          // Two rows of 44-px targets with their padding.
          expect(header.height, path).toBeLessThanOrEqual(130);
          expect(header.offscreen, path).toEqual([]);
          expect(await scrollWidthOf(page), path).toBeLessThanOrEqual(phoneViewport.width);
        }
        await expectNoAxeViolations(page);
        expectNoProblems(page);
        await page.context().close();
      }, 180_000);
    }
  }
});
