import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { expect, test } from "vitest";
import { type Locale } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { demoPeople } from "../../app/demo/people";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, eventually, expectNoProblems, newPage, settled, signInWithForm, textOf, useServerAndBrowser } from "../support/browser";
import { demoAccount, demoPassword } from "../support/server";

// The administrator, in a browser, with and without JavaScript, in both
// languages (issue 14, items 14 and 15): lists the committee, downloads
// password links for a department, and reads what that did in the audit log.
// Axe-clean throughout.

const committeeMembers = demoPeople().filter((p) => p.leftAt === null && p.roles.some((r) => r.role === "committee"));
const linked = demoPeople().filter((p) => p.unit === "GD.SQ" && p.leftAt === null && !p.account);

describeWithBrowser("people, password links and the audit log", () => {
  const app = useServerAndBrowser();

  for (const [language, javaScript] of [
    ["zh-CN", false],
    ["en", true],
  ] as const) {
    test(`lists the committee, downloads the links for a department, finds it in the audit log (${language}, ${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(language as Locale, key, vars);
      const page = await newPage(app.browser, { language, javaScript });
      await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
      await page.goto(`${app.server.url}/admin/people`);
      await settled(page);
      await expectNoAxeViolations(page);

      // The committee, by role.
      await page.getByLabel(t("admin.people.role"), { exact: true }).selectOption("committee");
      await page
        .getByRole("search")
        .getByRole("button", { name: t("common.search") })
        .click();
      await page.waitForURL(/role=committee/);
      await settled(page);
      await eventually(() => page.locator("tbody tr").count()).toBe(committeeMembers.length);
      const names = await page.locator("tbody tr td:first-child").allTextContents();
      expect(names.sort()).toEqual(committeeMembers.map((p) => p.name).sort());
      await expectNoAxeViolations(page);

      // The department's links, as a file.
      const section = page.locator("#password-links");
      await section.getByLabel(t("admin.links.unit"), { exact: true }).selectOption("GD.SQ");
      expect(await section.getByLabel(t("admin.links.onlyWithout"), { exact: true }).isChecked()).toBe(true);
      const [download] = await Promise.all([page.waitForEvent("download"), section.getByRole("button", { name: t("admin.links.submit") }).click()]);
      expect(download.suggestedFilename()).toBe("GD.SQ-password-links.csv");
      const bytes = await readFile((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(bytes.subarray(3).toString("utf8")) as string[][];
      expect(rows[0][0]).toBe(t("admin.links.csv.employeeNo"));
      expect(
        rows
          .slice(1)
          .map((r) => r[0])
          .sort(),
      ).toEqual(linked.map((p) => p.employeeNo).sort());
      // The page stays as it was.
      expect(new URL(page.url()).pathname).toBe("/admin/people");

      // What that did, in the audit log: by name, about the department, with the count.
      await page.goto(`${app.server.url}/admin/audit`);
      await settled(page);
      await page.getByLabel(t("admin.audit.action"), { exact: true }).selectOption("password.links_issued");
      await page.getByRole("button", { name: t("common.filter") }).click();
      await page.waitForURL(/action=password\.links_issued/);
      await settled(page);
      const first = page.locator("tbody tr").first();
      expect(await textOf(first.locator("td").nth(1))).toBe(t("admin.audit.action.password.links_issued"));
      expect(await first.locator('a[href="/admin/people?unit=GD.SQ"]').count()).toBe(1);
      expect(await textOf(first.locator(".audit-diff"))).toContain(String(linked.length));
      await expectNoAxeViolations(page);
      expectNoProblems(page);
      await page.context().close();
    });
  }

  test("the chain check in English, without JavaScript, is axe-clean", async () => {
    const page = await newPage(app.browser, { language: "en", javaScript: false });
    await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
    await page.goto(`${app.server.url}/admin/audit/verify`);
    await settled(page);
    expect(await textOf(page.locator("h1"))).toBe(translate("en", "admin.audit.verify.title"));
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
