import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, eventually, expectNoProblems, launchBrowser, newPage, settled, textOf, type Browser } from "../support/browser";
import { startOidcProvider, type TestOidcProvider } from "../support/oidc-provider";
import { demoAccount, demoPassword, freePort, serverStartTimeout, startServer, type TestServer } from "../support/server";
import { signInWithForm } from "../support/browser";

// The whole journey with the company account in Chromium (issue 18), with
// and without JavaScript, against a real OpenID provider: a deep link sends
// the person to sign in, the provider vouches for them, they land where they
// were going; signing out ends the provider's session too. Someone the
// directory does not know gets a clear page.

const en = (key: Parameters<typeof translate>[1]) => translate("en", key);
const staff = demoAccount("staff");
const admin = demoAccount("admin");
const zh = (key: Parameters<typeof translate>[1], vars?: Record<string, string>) => translate("zh-CN", key, vars as never);
const deepLink = "/settings/my-data";

describeWithBrowser("signing in with the company account", () => {
  let server: TestServer;
  let idp: TestOidcProvider;
  let browser: Browser;
  beforeAll(async () => {
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    idp = await startOidcProvider({ appUrl });
    idp.people.set("sub-staff", { employee_number: staff.employeeNo });
    idp.people.set("sub-stranger", { employee_number: "X999999" });
    idp.people.set("sub-admin", { employee_number: admin.employeeNo });
    [server, browser] = await Promise.all([startServer({ port, env: { ...idp.env, PUBLIC_URL: appUrl } }), launchBrowser()]);
  }, serverStartTimeout);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.stop();
  });

  for (const javaScript of [true, false]) {
    describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
      test("a deep link, the company account, back at the deep link signed in; signing out ends the provider's session too", async () => {
        idp.signInAs("sub-staff");
        const page = await newPage(browser, { javaScript, language: "en" });
        await page.goto(`${server.url}${deepLink}`);
        expect(new URL(page.url()).pathname).toBe("/login");
        const button = page.getByRole("link", { name: "Sign in with your company account" });
        await button.waitFor();
        await expectNoAxeViolations(page);

        await button.click();
        await page.waitForURL((url) => url.origin === server.url && url.pathname === deepLink);
        await page.locator('form[action="/logout"]').waitFor();
        await settled(page);
        expect(await page.content()).toContain(staff.name);
        expectNoProblems(page);

        // Signing out goes on to the provider, which asks, then sends the person back to the sign-in page.
        await page.getByRole("button", { name: en("nav.signOut") }).click();
        await page.waitForURL((url) => url.origin === idp.issuer);
        await page.getByRole("button", { name: "Yes, sign me out" }).click();
        await page.waitForURL((url) => url.origin === server.url && url.pathname === "/login");
        await settled(page);
        await eventually(() => textOf(page.locator("h1"))).toBe(en("auth.title"));
        await page.context().close();
      });

      test("someone the directory does not know gets a clear page, not an account", async () => {
        idp.signInAs("sub-stranger");
        const page = await newPage(browser, { javaScript, language: "en" });
        await page.goto(`${server.url}/login`);
        await page.getByRole("link", { name: "Sign in with your company account" }).click();
        await page.waitForURL((url) => url.origin === server.url && url.pathname === "/auth/oidc/callback");
        await settled(page);
        await eventually(() => textOf(page.getByRole("alert"))).toBe(en("auth.sso.unknown"));
        await expectNoAxeViolations(page);
        expect(await page.locator('form[action="/logout"]').count()).toBe(0);
        await page.context().close();
      });
    });
  }

  test("the administrator reads the set-up at /admin/identity and makes a Test sign-in, without JavaScript (zh-CN)", async () => {
    const page = await newPage(browser, { javaScript: false, language: "zh-CN" });
    await signInWithForm(page, server, admin.employeeNo, demoPassword);
    await page.goto(`${server.url}/admin`);
    await page.getByRole("link", { name: zh("identity.nav") }).click();
    await settled(page);
    expect(await textOf(page.locator("h1"))).toBe(zh("identity.title"));
    expect(await page.content()).toContain(`${server.url}/auth/oidc/callback`);
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: zh("identity.check") }).click();
    await settled(page);
    expect(await textOf(page.getByRole("status").first())).toContain(idp.issuer);

    idp.signInAs("sub-admin");
    await page.getByRole("link", { name: zh("identity.test.oidc") }).click();
    await page.waitForURL((url) => url.origin === server.url && url.pathname === "/admin/identity");
    await settled(page);
    expect(await page.content()).toContain(zh("identity.method.oidc"));
    expect(await textOf(page.locator(`section[aria-labelledby="identity-test"] p[role="status"]`))).toContain(zh("identity.method.oidc"));
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });
});
