import { describe, expect, test } from "vitest";
import { passwordRules } from "../../app/domain/auth/password-rules";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import {
  describeWithBrowser,
  eventually,
  expectNoProblems,
  useServerAndBrowser,
  newPage,
  settled,
  signInWithForm,
  signOutWithButton,
  textOf,
  textsOf,
} from "../support/browser";
import { client, demoAccount, demoAccounts, demoPassword } from "../support/server";

const zh = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate("zh-CN", key, vars);

describeWithBrowser("signing in", () => {
  const app = useServerAndBrowser();

  for (const javaScript of [true, false]) {
    describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
      test("a wrong password gets a clear message, and the form keeps the identifier", async () => {
        const staff = demoAccount("staff");
        const page = await newPage(app.browser, { javaScript });
        await page.goto(`${app.server.url}/login`);
        await eventually(() => textOf(page.locator("h1"))).toBe(zh("auth.title"));
        await expectNoAxeViolations(page);

        await page.getByLabel(zh("auth.identifier")).fill(staff.employeeNo);
        await page.getByLabel(zh("auth.password")).fill("not-the-password");
        await page.getByRole("button", { name: zh("auth.submit") }).click();

        await eventually(() => textOf(page.getByRole("alert"))).toBe(zh("auth.invalid"));
        await settled(page);
        expect(new URL(page.url()).pathname).toBe("/login");
        expect(await page.getByLabel(zh("auth.identifier")).inputValue()).toBe(staff.employeeNo);
        // The server never sends the password back (with JavaScript the input simply stays as typed).
        if (!javaScript) expect(await page.getByLabel(zh("auth.password")).inputValue()).toBe("");
        await expectNoAxeViolations(page);
        expectNoProblems(page);
        await page.context().close();
      });

      test("the right password opens the home page with the name and the navigation; sign-out ends it", async () => {
        const manager = demoAccount("manager");
        const page = await newPage(app.browser, { javaScript });
        // By email this time: either identifier works.
        await signInWithForm(page, app.server, manager.email, demoPassword);

        expect(new URL(page.url()).pathname).toBe("/");
        await eventually(() => textOf(page.locator("h1"))).toBe(zh("home.title", { name: manager.name }));
        const nav = page.getByRole("navigation", { name: zh("nav.label") });
        expect(await textsOf(nav.getByRole("link"))).toEqual(expect.arrayContaining([zh("nav.home"), zh("nav.people")]));
        // Their name (a link to their own page) sits beside the language switch, on the header's first row.
        expect(await textOf(page.locator(".site-header__tools .site-nav__me"))).toBe(manager.name);
        expect(await textOf(page.locator(".role-list"))).toContain(zh("role.manager"));
        await expectNoAxeViolations(page);

        await signOutWithButton(page);
        await eventually(() => textOf(page.getByRole("status"))).toBe(zh("auth.signedOut"));
        await expectNoAxeViolations(page);

        // The session is gone: home sends us back to sign in.
        await page.goto(`${app.server.url}/`);
        expect(new URL(page.url()).pathname).toBe("/login");
        expectNoProblems(page);
        await page.context().close();
      });
    });
  }

  test("with JavaScript, the first click on “sign in” with empty fields checks both and takes focus to the first", async () => {
    const page = await newPage(app.browser);
    await page.goto(`${app.server.url}/login`);
    await settled(page);
    const identifier = page.getByLabel(zh("auth.identifier"));
    const password = page.getByLabel(zh("auth.password"));
    await identifier.click();
    // Leaving the empty field for the button used to insert its error, move the button 28 px down and lose the click.
    await page.getByRole("button", { name: zh("auth.submit") }).click();
    await eventually(() => textsOf(page.locator(".field-error"))).toEqual([zh("auth.identifier.required"), zh("auth.password.required")]);
    expect(await identifier.evaluate((el) => el === document.activeElement)).toBe(true);

    // With the identifier typed, the same single click lands on the password, the first field still empty.
    await identifier.fill(demoAccount("staff").employeeNo);
    await page.getByRole("button", { name: zh("auth.submit") }).click();
    await eventually(() => textsOf(page.locator(".field-error"))).toEqual([zh("auth.password.required")]);
    expect(await password.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });

  for (const javaScript of [true, false]) {
    test(`the password link's page names the minimum length of a password (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const admin = client(app.server);
      await admin.signIn(demoAccount("admin"));
      const issued = await (await admin.post(`/admin/people/${javaScript ? "GD000005" : "GD000006"}`, { intent: "password-link" })).text();
      const link = /\/password\/[A-Za-z0-9_-]+/.exec(issued)![0];
      const page = await newPage(app.browser, { javaScript });
      await page.goto(`${app.server.url}${link}`);
      await settled(page);
      await page.getByLabel(zh("auth.setPassword.new"), { exact: true }).fill("short");
      await page.getByLabel(zh("auth.setPassword.confirm"), { exact: true }).fill("short");
      await page.getByRole("button", { name: zh("auth.setPassword.submit") }).click();
      await eventually(() => textOf(page.locator(".field-error"))).toBe(zh("auth.setPassword.tooShort", { min: passwordRules.min }));
      await settled(page);
      expect(await textOf(page.locator(".field-error"))).toBe("密码至少需要 10 个字符。");
      await expectNoAxeViolations(page);
      expectNoProblems(page);
      await page.context().close();
    });
  }

  test("the administration menu is offered to the administrator only, and /admin refuses everyone else", async () => {
    const seen: Record<string, boolean> = {};
    for (const account of demoAccounts) {
      const page = await newPage(app.browser);
      await signInWithForm(page, app.server, account.employeeNo, demoPassword);
      const nav = page.getByRole("navigation", { name: zh("nav.label") });
      await nav.getByRole("link", { name: zh("nav.people") }).waitFor();
      seen[`${account.role} ${account.employeeNo}`] = (await nav.getByRole("link", { name: zh("nav.admin") }).count()) > 0;
      if (account.role === "admin") {
        await expectNoAxeViolations(page);
        await nav.getByRole("link", { name: zh("nav.admin") }).click();
        await eventually(() => textOf(page.locator("h1"))).toBe(zh("admin.title"));
        await settled(page);
        await expectNoAxeViolations(page);
      } else {
        // Typing the address is no way round it.
        const response = await page.goto(`${app.server.url}/admin`);
        expect(response?.status()).toBe(403);
        expect(await textOf(page.locator("h1"))).toBe(zh("error.forbidden.title"));
      }
      expectNoProblems(page);
      await page.context().close();
    }
    const expected = Object.fromEntries(Object.keys(seen).map((k) => [k, k.startsWith("admin ")]));
    expect(seen).toEqual(expected);
  });
});
