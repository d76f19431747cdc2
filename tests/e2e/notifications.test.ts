import { beforeAll, expect, test } from "vitest";
import { type Locale } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import {
  describeWithBrowser,
  eventually,
  expectNoProblems,
  newPage,
  phoneViewport,
  scrollWidthOf,
  settled,
  signInWithForm,
  textOf,
  useServerAndBrowser,
  type Page,
} from "../support/browser";
import { clearNotifications, givenNotice, personId } from "../support/notifications";
import { withServerDatabase } from "../support/server-database";
import { demoAccount, demoPassword, type DemoRole } from "../support/server";

// The bell, /notifications and the settings page in a browser (issue 17,
// item 2 and 5), with and without JavaScript, in both languages, axe-clean,
// and on a 360-px phone: a person sees their count on the bell, opens a
// notice (it is then read), marks the rest read, and changes what they hear
// of and how.

const campaign = { "zh-CN": "浏览器通知活动", en: "Browser notice campaign" };

describeWithBrowser("notifications in the portal", () => {
  const app = useServerAndBrowser();

  beforeAll(async () => {
    await withServerDatabase(app.server, async (db) => {
      // The demo announced its campaigns' phases: only what this test writes is counted.
      await clearNotifications(db);
      for (const role of ["staff", "committee", "manager", "admin"] as const) {
        const id = await personId(db, demoAccount(role).employeeNo);
        await givenNotice(db, id, {
          key: `e2e:${role}:roll`,
          kind: "honor-roll-published",
          params: { campaign, winners: ["王芳"] },
          link: "/honor-roll",
        });
        await givenNotice(db, id, { key: `e2e:${role}:c`, params: { from: "李强", title: { "zh-CN": "服务之星", en: "Service Star" }, campaign } });
        await givenNotice(db, id, { key: `e2e:${role}:vote`, kind: "voting-opened", params: { campaign }, link: "/campaigns" });
      }
    });
  }, 240_000);

  const words = (language: Locale) => (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) =>
    translate(language, key, vars);
  const bell = (page: Page, language: Locale, count: number) =>
    page.getByRole("link", {
      name: count ? translate(language, "inbox.bell.unread", { count }) : translate(language, "inbox.bell.none"),
      exact: true,
    });

  for (const [role, language, javaScript] of [
    ["staff", "en", true],
    ["committee", "zh-CN", false],
  ] as const satisfies readonly (readonly [DemoRole, Locale, boolean])[]) {
    test(`the bell counts, a notice opens its page and is read, Mark all as read clears the rest (${language}, ${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const t = words(language);
      const page = await newPage(app.browser, { language, javaScript });
      await signInWithForm(page, app.server, demoAccount(role).employeeNo, demoPassword);

      // Home: the bell and the newest unread.
      expect(await bell(page, language, 3).count()).toBe(1);
      const home = page.locator('section[aria-labelledby="notices-title"]');
      expect(await textOf(home.locator("h2"))).toBe(t("inbox.home.title"));
      expect(await home.getByRole("link").count()).toBe(4);
      await expectNoAxeViolations(page);

      // The list, from the bell.
      await bell(page, language, 3).click();
      await page.waitForURL(/\/notifications$/);
      await settled(page);
      expect(await textOf(page.locator("h1"))).toBe(t("inbox.title"));
      const items = page.locator(".notice-item");
      expect(await items.count()).toBe(3);
      expect(await textOf(items.first().locator(".notice-item__title"))).toBe(t("notify.voting-opened.title", { campaign: campaign[language] }));
      expect(await textOf(items.first().locator(".notice-item__unread"))).toBe(t("inbox.unread"));
      await expectNoAxeViolations(page);

      // Opening the newest goes to its page, and it is read there.
      await items.first().locator(".notice-item__title").click();
      await page.waitForURL(/\/campaigns$/);
      await settled(page);
      expect(await bell(page, language, 2).count()).toBe(1);

      // Mark all as read.
      await page.goto(`${app.server.url}/notifications`);
      await settled(page);
      expect(await page.locator(".notice-item--unread").count()).toBe(2);
      await page.getByRole("button", { name: t("inbox.markAllRead") }).click();
      await page.locator(".notice", { hasText: t("inbox.markedAllRead") }).waitFor();
      await settled(page);
      await eventually(() => bell(page, language, 0).count()).toBe(1);
      expect(await page.locator(".notice-item--unread").count()).toBe(0);
      expect(await textOf(page.locator(".inbox__status"))).toBe(t("inbox.allRead"));
      await expectNoAxeViolations(page);
      expectNoProblems(page);
      await page.context().close();
    }, 180_000);
  }

  for (const [role, language, javaScript] of [
    ["manager", "en", true],
    ["admin", "zh-CN", false],
  ] as const satisfies readonly (readonly [DemoRole, Locale, boolean])[]) {
    test(`the settings page saves what is ticked, and keeps an action's notice in the portal (${language}, ${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const t = words(language);
      const page = await newPage(app.browser, { language, javaScript });
      await signInWithForm(page, app.server, demoAccount(role).employeeNo, demoPassword);
      await page.goto(`${app.server.url}/notifications`);
      await page.getByRole("link", { name: t("inbox.settingsLink") }).click();
      await page.waitForURL(/\/settings\/notifications$/);
      await settled(page);
      expect(await textOf(page.locator("h1"))).toBe(t("inbox.settings.title"));
      await expectNoAxeViolations(page);

      const kind = (k: Parameters<typeof translate>[1]) => page.getByRole("group", { name: t(k), exact: true });
      const returnedPortal = kind("inbox.kind.nomination-returned").getByRole("checkbox", { name: t("inbox.settings.portal") });
      expect(await returnedPortal.isChecked()).toBe(true);
      expect(await returnedPortal.isDisabled()).toBe(true);

      const congratulatedEmail = kind("inbox.kind.congratulated").getByRole("checkbox", { name: t("inbox.settings.email") });
      const rollPortal = kind("inbox.kind.honor-roll-published").getByRole("checkbox", { name: t("inbox.settings.portal") });
      await congratulatedEmail.uncheck();
      await rollPortal.uncheck();
      await page.getByRole("radio", { name: t("inbox.settings.delivery.digest") }).check();
      await page.getByRole("button", { name: t("inbox.settings.save") }).click();
      await page.locator(".notice", { hasText: t("inbox.settings.saved") }).waitFor();
      await settled(page);

      await page.reload();
      await settled(page);
      expect(await congratulatedEmail.isChecked()).toBe(false);
      expect(await rollPortal.isChecked()).toBe(false);
      expect(
        await kind("inbox.kind.congratulated")
          .getByRole("checkbox", { name: t("inbox.settings.portal") })
          .isChecked(),
      ).toBe(true);
      expect(await page.getByRole("radio", { name: t("inbox.settings.delivery.digest") }).isChecked()).toBe(true);
      if (role === "admin") {
        await page.getByRole("link", { name: t("inbox.settings.defaultsLink") }).click();
        await page.waitForURL(/\/admin\/notifications$/);
        await settled(page);
        expect(await textOf(page.locator("h1"))).toBe(t("inbox.defaults.title"));
      }
      await expectNoAxeViolations(page);
      expectNoProblems(page);
      await page.context().close();
    }, 180_000);
  }

  for (const javaScript of [true, false]) {
    test(`on a 360-px phone nothing scrolls sideways and the bell with its count stays in view at the end of the header's links (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      // The administrator: the most links in the header, and (seeded above) unread notices on the bell.
      const page = await newPage(app.browser, { language: "en", javaScript, phone: true });
      await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
      expect(await textOf(page.locator(".site-header .bell__count"))).toBe("3");
      for (const path of ["/", "/notifications", "/settings/notifications"]) {
        await page.goto(`${app.server.url}${path}`);
        await settled(page);
        expect(await scrollWidthOf(page), path).toBeLessThanOrEqual(phoneViewport.width);
        const box = await page.locator(".site-header .bell").boundingBox();
        const home = await page.locator(".site-nav li a").first().boundingBox();
        expect(box, path).not.toBeNull();
        expect(box!.x + box!.width, path).toBeLessThanOrEqual(phoneViewport.width);
        expect(Math.abs(box!.y + box!.height / 2 - (home!.y + home!.height / 2)), path).toBeLessThan(12);
        // The name still shows on the first row (the bell took nothing from it).
        expect((await page.locator(".site-nav__me").boundingBox())!.width, path).toBeGreaterThan(30);
        await expectNoAxeViolations(page);
      }
      expectNoProblems(page);
      await page.context().close();
    }, 180_000);
  }
});
