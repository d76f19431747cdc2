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
} from "../support/browser";
import { demoAccount, demoPassword } from "../support/server";

// The nomination pages on a phone, without script: they read well at 360 px,
// in both languages, with no axe violations, and the committee decides with a
// plain form.

describeWithBrowser("nomination pages on a phone, without JavaScript", () => {
  const app = useServerAndBrowser();

  for (const language of ["zh-CN", "en"]) {
    test(`the committee reads the queue, a nomination, the campaign and home pages (${language})`, async () => {
      const page = await newPage(app.browser, { phone: true, language, javaScript: false });
      await signInWithForm(page, app.server, demoAccount("committee").employeeNo, demoPassword);
      await page.goto(`${app.server.url}/campaigns/3-15-stars/review`);
      const first = await page.locator('a[href$="#decide"]').first().getAttribute("href");
      expect(first).toMatch(/^\/campaigns\/3-15-stars\/nominations\/\d+#decide$/);
      for (const address of ["/campaigns/3-15-stars/review", first!, "/campaigns/3-15-stars", "/"]) {
        await page.goto(`${app.server.url}${address}`);
        expect({ address, width: await scrollWidthOf(page) }).toEqual({ address, width: expect.toSatisfy((w: number) => w <= phoneViewport.width) });
        await expectNoAxeViolations(page);
      }
      expectNoProblems(page);
      await page.context().close();
    });
  }

  test("the committee approves a nomination with the plain form", async () => {
    const page = await newPage(app.browser, { phone: true, language: "en", javaScript: false });
    await signInWithForm(page, app.server, demoAccount("committee").employeeNo, demoPassword);
    await page.goto(`${app.server.url}/campaigns/3-15-stars/review`);
    const href = await page.locator('a[href$="#decide"]').last().getAttribute("href");
    await page.goto(`${app.server.url}${href}`);
    await page.getByLabel("Approve").check();
    await page.getByRole("button", { name: "Record the decision" }).click();
    await expect.poll(() => page.locator(".notice").textContent()).toContain("The nomination is approved.");
    await settled(page);
    expect(await page.locator("#decide").count()).toBe(0);
    expect(await page.locator(".history").textContent()).toContain("Approved");
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
