import { expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import type { Locale } from "../../app/i18n/index";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, expectNoProblems, newPage, settled, signInWithForm, textOf, useServerAndBrowser } from "../support/browser";
import { demoAccount, demoPassword, signedInClient } from "../support/server";

// /admin/scim in a browser (issue 18, item 4): the administrator finds it from
// the admin home, creates a token for the identity system, sees it once,
// and revokes it — after which the token opens nothing. Both languages, with
// and without JavaScript, axe-clean.

describeWithBrowser("SCIM tokens for administrators", () => {
  const app = useServerAndBrowser();

  test("staff may not read the page or create a token", async () => {
    const staff = await signedInClient(app.server, "staff", "en");
    expect((await staff.get("/admin/scim")).status).toBe(403);
    expect((await staff.post("/admin/scim", { intent: "create", name: "mine" })).status).toBe(403);
  });

  for (const [locale, javaScript] of [
    ["zh-CN", false],
    ["en", true],
  ] as const satisfies ReadonlyArray<readonly [Locale, boolean]>) {
    test(`the administrator creates a token, sees it once, and revokes it (${locale}, ${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string>) => translate(locale, key, vars as never);
      const page = await newPage(app.browser, { javaScript, language: locale });
      await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
      await page.goto(`${app.server.url}/admin`);
      await page.getByRole("link", { name: t("admin.nav.scim") }).click();
      await settled(page);
      expect(await textOf(page.locator("h1"))).toBe(t("scim.title"));
      await expectNoAxeViolations(page);

      const name = `Entra ID ${locale}`;
      await page.getByLabel(t("bearerTokens.field.name"), { exact: true }).fill(name);
      await page.getByRole("button", { name: t("bearerTokens.create") }).click();
      await settled(page);
      expect(await textOf(page.getByRole("status").first())).toContain(t("bearerTokens.created", { name }));
      const token = await page.getByTestId("scim-token").inputValue();
      expect(token.length).toBeGreaterThanOrEqual(40);
      await expectNoAxeViolations(page);

      // The identity system uses it…
      const scim = (bearer: string) => fetch(`${app.server.url}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${bearer}` } });
      expect((await scim(token)).status).toBe(200);
      // …and the page never shows it again.
      await page.goto(`${app.server.url}/admin/scim`);
      await settled(page);
      expect(await page.getByTestId("scim-token").count()).toBe(0);
      expect(await page.content()).not.toContain(token);

      await page.getByRole("button", { name: t("bearerTokens.revoke.label", { name }) }).click();
      await settled(page);
      expect(await page.getByRole("button", { name: t("bearerTokens.revoke.label", { name }) }).count()).toBe(0);
      expect((await scim(token)).status).toBe(401);
      await expectNoAxeViolations(page);
      expectNoProblems(page);
      await page.context().close();
    }, 120_000);
  }
});
