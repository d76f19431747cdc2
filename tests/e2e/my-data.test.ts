import { readFile } from "node:fs/promises";
import { expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import type { Locale } from "../../app/i18n/index";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, expectNoProblems, newPage, settled, signInWithForm, textOf, useServerAndBrowser } from "../support/browser";
import { demoAccount, demoPassword } from "../support/server";

// A staff member's own data (issue 19, item 5), in a browser without
// JavaScript: from the notification settings to /settings/my-data, which says
// for how long the server keeps what (RETENTION_NETWORK_DAYS and
// UPLOAD_ABANDONED_HOURS as set), and the download of the JSON file. Both
// languages, axe-clean.

describeWithBrowser("my data", () => {
  const app = useServerAndBrowser({ env: { RETENTION_NETWORK_DAYS: "60", UPLOAD_ABANDONED_HOURS: "12" } });

  for (const language of ["en", "zh-CN"] as const satisfies readonly Locale[]) {
    test(`a staff member opens their data page from the settings and downloads the file (${language}, without JavaScript)`, async () => {
      const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(language, key, vars);
      const staff = demoAccount("staff");
      const page = await newPage(app.browser, { language, javaScript: false });
      await signInWithForm(page, app.server, staff.employeeNo, demoPassword);
      await page.goto(`${app.server.url}/settings/notifications`);
      await page.getByRole("link", { name: t("myData.link") }).click();
      await page.waitForURL(/\/settings\/my-data$/);
      await settled(page);
      expect(await textOf(page.locator("h1"))).toBe(t("myData.title"));
      // The operator's settings, not the defaults.
      const held = await page.locator("section li").allTextContents();
      expect(held).toContain(t("myData.held.sessions", { days: 60 }));
      expect(held).toContain(t("myData.held.uploads", { hours: 12 }));
      await expectNoAxeViolations(page);

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: t("myData.download") }).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^my-data-${staff.employeeNo}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
      const data = JSON.parse(await readFile((await download.path())!, "utf8")) as {
        about: { format: string };
        person: { employeeNo: string };
        sessions: Array<{ userAgent: string | null; active: boolean }>;
      };
      expect(data.about.format).toBe("service-stars/my-data");
      expect(data.person.employeeNo).toBe(staff.employeeNo);
      // This very browser's session is in it.
      const userAgent = await page.evaluate(() => navigator.userAgent).catch(() => null);
      expect(data.sessions.some((s) => s.active && (userAgent === null || s.userAgent === userAgent))).toBe(true);
      // The page stays as it was.
      expect(new URL(page.url()).pathname).toBe("/settings/my-data");
      expectNoProblems(page);
      await page.context().close();
    });
  }
});
