import { expect, test } from "vitest";
import { type Locale, type MessageKey } from "../../app/i18n/index";
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
  type Page,
} from "../support/browser";
import { demoAccount, demoPassword } from "../support/server";

const t = (locale: Locale, key: MessageKey, vars?: Record<string, string>) => translate(locale, key, vars);

async function pageLanguage(page: Page) {
  return page.locator("html").getAttribute("lang");
}

/** Presses the header's language button and waits for the page in the other language. */
async function switchTo(page: Page, locale: Locale) {
  const other: Locale = locale === "en" ? "zh-CN" : "en";
  await page.getByRole("button", { name: t(other, "nav.language.switch") }).click();
  await eventually(() => pageLanguage(page)).toBe(locale);
  await settled(page);
}

describeWithBrowser("language", () => {
  const app = useServerAndBrowser();

  test("a Chinese browser gets Chinese, an English browser English", async () => {
    for (const [language, locale] of [
      ["zh-CN", "zh-CN"],
      ["zh-TW", "zh-CN"],
      ["en-US", "en"],
      ["en-GB", "en"],
    ] as const) {
      const page = await newPage(app.browser, { language });
      await page.goto(`${app.server.url}/login`);
      expect(await pageLanguage(page)).toBe(locale);
      expect(await textOf(page.locator("h1"))).toBe(t(locale, "auth.title"));
      expect(await textOf(page.getByRole("button", { name: t(locale, "auth.submit") }))).toBe(t(locale, "auth.submit"));
      if (language === "zh-CN" || language === "en-US") await expectNoAxeViolations(page);
      expectNoProblems(page);
      await page.context().close();
    }
  });

  test("switching to English in the header is remembered for the person, after sign-out and on another browser", async () => {
    const manager = demoAccount("manager");
    const page = await newPage(app.browser, { language: "zh-CN" });
    await signInWithForm(page, app.server, manager.employeeNo, demoPassword);
    expect(await textOf(page.locator("h1"))).toBe(t("zh-CN", "home.title", { name: manager.name }));

    await switchTo(page, "en");
    expect(new URL(page.url()).pathname).toBe("/");
    await eventually(() => textOf(page.locator("h1"))).toBe(t("en", "home.title", { name: manager.name }));
    expect(
      await textOf(
        page
          .getByRole("navigation", { name: t("en", "nav.label") })
          .getByRole("link")
          .first(),
      ),
    ).toBe(t("en", "nav.home"));
    await expectNoAxeViolations(page);

    // It stays English on the next page and after signing out.
    await page.goto(`${app.server.url}/people`);
    expect(await textOf(page.locator("h1"))).toBe(t("en", "people.title"));
    await signOutWithButton(page);
    expect(await pageLanguage(page)).toBe("en");
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();

    // A fresh Chinese browser (no cookies): Chinese until the person signs in.
    const other = await newPage(app.browser, { language: "zh-CN" });
    await other.goto(`${app.server.url}/login`);
    expect(await pageLanguage(other)).toBe("zh-CN");
    await signInWithForm(other, app.server, manager.employeeNo, demoPassword);
    await eventually(() => textOf(other.locator("h1"))).toBe(t("en", "home.title", { name: manager.name }));
    expect(await pageLanguage(other)).toBe("en");

    // And back to Chinese, again remembered.
    await switchTo(other, "zh-CN");
    await eventually(() => textOf(other.locator("h1"))).toBe(t("zh-CN", "home.title", { name: manager.name }));
    await expectNoAxeViolations(other);
    expectNoProblems(other);
    await other.context().close();
  });

  test("without JavaScript the switch is a plain form, remembered by a cookie before sign-in", async () => {
    const page = await newPage(app.browser, { language: "zh-CN", javaScript: false });
    await page.goto(`${app.server.url}/login?redirectTo=%2Fpeople`);
    await switchTo(page, "en");
    // Back on the same page, with its query string.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe("/login?redirectTo=%2Fpeople");
    expect(await textOf(page.locator("h1"))).toBe(t("en", "auth.title"));
    await page.reload();
    expect(await pageLanguage(page)).toBe("en");
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });
});
