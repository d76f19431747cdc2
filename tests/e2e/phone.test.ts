import { expect, test } from "vitest";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, expectNoProblems, useServerAndBrowser, newPage, phoneViewport, signInWithForm, type Page } from "../support/browser";
import { demoAccount, demoPassword } from "../support/server";

/** How far the page is wider than the screen, and the widest elements that stick out. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // What sticks out inside a strip that scrolls sideways on purpose (the header's links on a phone) is within its strip.
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (/^(auto|scroll)$/.test(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= width + 0.5) return true;
      }
      return false;
    };
    const culprits = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !inScroller(el))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(" ").join(".")}` : ""}`);
    return { scrollWidth: document.documentElement.scrollWidth, culprits };
  });
}

describeWithBrowser("on a 360-px phone", () => {
  const app = useServerAndBrowser();

  for (const language of ["zh-CN", "en"]) {
    test(`nothing scrolls sideways on the sign-in, home, directory and profile pages (${language})`, async () => {
      const staff = demoAccount("staff");
      const page = await newPage(app.browser, { phone: true, language });
      const check = async (address: string) => {
        if (address !== "current") await page.goto(`${app.server.url}${address}`);
        expect({ page: page.url(), ...(await overflow(page)) }).toEqual({
          page: page.url(),
          scrollWidth: expect.toSatisfy((w: number) => w <= phoneViewport.width),
          culprits: [],
        });
        await expectNoAxeViolations(page);
      };
      await check("/login");
      await signInWithForm(page, app.server, staff.employeeNo, demoPassword);
      await check("current");
      await check("/people");
      await check(`/people/${staff.employeeNo}`);
      expectNoProblems(page);
      await page.context().close();
    });
  }
});
