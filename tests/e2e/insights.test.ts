import { expect, test } from "vitest";
import type { Locale } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, expectNoProblems, newPage, signInWithForm, textOf, useServerAndBrowser } from "../support/browser";
import { demoAccount, demoPassword } from "../support/server";

// /insights in a browser (issue 20, item 4; decision 0052) over the demo
// data: found from the navigation, read without JavaScript in both languages,
// every chart an <svg role="img"> with its table beside it, axe-clean; a
// table downloaded as CSV with the page's filters; a manager sees their own
// units; a staff member neither the link nor the page.

describeWithBrowser("the fairness view", () => {
  const app = useServerAndBrowser();

  test.each<Locale>(["zh-CN", "en"])("an administrator reads it without JavaScript (%s), and downloads a table", async (language) => {
    const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(language, key, vars);
    const page = await newPage(app.browser, { language, javaScript: false });
    await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
    await page
      .getByRole("navigation", { name: t("nav.label") })
      .getByRole("link", { name: t("nav.insights") })
      .click();
    await page.waitForURL(/\/insights$/);
    await page.waitForLoadState("load");
    expect(new URL(page.url()).pathname).toBe("/insights");
    expect(await textOf(page.locator("h1"))).toBe(t("insights.title"));
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBeGreaterThan(0);
    for (const chart of await charts.all()) {
      expect(await chart.locator("title").count()).toBe(1);
      expect(await chart.locator("desc").count()).toBe(1);
    }
    expect(await page.locator("table caption").count()).toBeGreaterThanOrEqual((await charts.count()) - 1);
    await expectNoAxeViolations(page);

    // The filters are a plain GET form: another campaign and a longer trend.
    const options = await page.locator("#insights-campaign option").all();
    const other = await options.at(-1)!.getAttribute("value");
    await page.locator("#insights-campaign").selectOption(other!);
    await page.locator("#insights-last").selectOption("2");
    await page.getByRole("button", { name: t("insights.filter.submit") }).click();
    await page.waitForURL(/last=2/);
    await page.waitForLoadState("load");
    const url = new URL(page.url());
    expect(url.searchParams.get("campaign")).toBe(other);
    expect(url.searchParams.get("last")).toBe("2");
    await expectNoAxeViolations(page);

    // The first table's CSV carries the same filters.
    const link = page.getByRole("link", { name: t("insights.csv") }).first();
    const href = await link.getAttribute("href");
    expect(href).toMatch(new RegExp(`^/insights/units\\.csv\\?.*campaign=${other}`));
    // The request API does not send the browser's Accept-Language: say it as the browser would.
    const response = await page.context().request.get(`${app.server.url}${href}`, { headers: { "Accept-Language": language } });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^text\/csv/);
    expect(response.headers()["content-disposition"]).toMatch(/attachment; filename=".*insights-units\.csv"/);
    const body = await response.text();
    expect(body.startsWith("\ufeff")).toBe(true);
    expect(body.split("\r\n")[0]).toContain(t("insights.col.nominatedPer100"));
    expectNoProblems(page);
    await page.close();
  });

  test("a manager sees their own units; a staff member neither the link nor the page", async () => {
    const manager = await newPage(app.browser, { language: "en", javaScript: false });
    await signInWithForm(manager, app.server, demoAccount("manager").employeeNo, demoPassword);
    const r = await manager.goto(`${app.server.url}/insights`);
    expect(r?.status()).toBe(200);
    // The unit picker offers only their units, and the company as a whole is refused.
    const choices = await manager.locator("#insights-unit option").count();
    expect(choices).toBeGreaterThan(0);
    await expectNoAxeViolations(manager);
    await manager.close();

    const staff = await newPage(app.browser, { language: "en", javaScript: false });
    await signInWithForm(staff, app.server, demoAccount("staff").employeeNo, demoPassword);
    expect(await staff.getByRole("link", { name: translate("en", "nav.insights") }).count()).toBe(0);
    const refused = await staff.goto(`${app.server.url}/insights`);
    expect(refused?.status()).toBe(403);
    const csv = await staff.context().request.get(`${app.server.url}/insights/units.csv`);
    expect(csv.status()).toBe(403);
    await staff.close();
  });
});
