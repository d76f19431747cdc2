import { expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, eventually, expectNoProblems, newPage, settled, signInWithForm, textOf, useServerAndBrowser } from "../support/browser";
import { demoAccount, demoPassword } from "../support/server";

const zh = (key: Parameters<typeof translate>[1]) => translate("zh-CN", key);

describeWithBrowser("checking the audit chain", () => {
  const app = useServerAndBrowser();

  for (const javaScript of [false, true]) {
    test(`an administrator checks the chain from the audit log ${javaScript ? "with" : "without"} JavaScript; both pages are accessible`, async () => {
      const page = await newPage(app.browser, { javaScript });
      await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
      await page.goto(`${app.server.url}/admin/audit`);
      await eventually(() => textOf(page.locator("h1"))).toBe(zh("admin.audit.title"));
      await settled(page);
      await expectNoAxeViolations(page);

      await page.getByRole("button", { name: zh("admin.audit.verify.button") }).click();
      await eventually(() => textOf(page.locator("h1"))).toBe(zh("admin.audit.verify.title"));
      await settled(page);
      const [before, after] = zh("admin.audit.verify.ok").split("{count}");
      const result = await textOf(page.getByRole("status"));
      expect(result?.startsWith(before)).toBe(true);
      expect(result).toMatch(new RegExp(`${after.split("{head}")[0]}[0-9a-f]{8}…$`));
      expect(await page.getByRole("alert").count()).toBe(0);
      expect((await textOf(page.locator("#audit-chain-head")))?.replace(/\s/g, "")).toMatch(/^[0-9a-f]{64}$/);
      await expectNoAxeViolations(page);
      expectNoProblems(page);
    });
  }
});
