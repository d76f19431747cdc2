import { expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import {
  describeWithBrowser,
  eventually,
  newPage,
  problems,
  settled,
  signInWithForm,
  textOf,
  useServerAndBrowser,
  type Page,
} from "../support/browser";
import { demoAccount, demoPassword } from "../support/server";

// Our Content-Security-Policy allows no eval. zod used to probe `new Function`
// the first time a form was checked in the browser, and Chromium reported the
// refusal (issue 15): every page with a form must check it without one.

const hydrated = (page: Page) => page.waitForFunction(() => "__remixRouter" in window);
const cspRefusals = (page: Page) => problems(page).filter((p) => p.includes("CSP"));

describeWithBrowser("no page asks for what the Content-Security-Policy forbids", () => {
  const app = useServerAndBrowser();

  test("the sign-in form, checked in the browser: no refusal", async () => {
    const page = await newPage(app.browser, { javaScript: true, language: "en" });
    await page.goto(`${app.server.url}/login`);
    await hydrated(page);
    await page.getByRole("button", { name: translate("en", "auth.submit") }).click();
    await eventually(() => textOf(page.locator(".field-error").first())).toBeTruthy();
    await settled(page);
    expect(cspRefusals(page)).toEqual([]);
    expect(problems(page)).toEqual([]);
    await page.context().close();
  });

  test("the ballot and a colleague's page, with JavaScript: no refusal", async () => {
    const page = await newPage(app.browser, { javaScript: true, language: "zh-CN" });
    await signInWithForm(page, app.server, demoAccount("staff").employeeNo, demoPassword);
    await page.goto(`${app.server.url}/campaigns/2026-11/vote`);
    await hydrated(page);
    // The forms' schemas are built as the page's scripts load; a choice exercises them.
    await page.locator("form[id^='ballot-'] input[name=nominationIds]:not(:disabled)").first().check();
    await page.goto(`${app.server.url}/people/${demoAccount("manager").employeeNo}`);
    await hydrated(page);
    await settled(page);
    expect(cspRefusals(page)).toEqual([]);
    expect(problems(page)).toEqual([]);
    await page.context().close();
  });
});
