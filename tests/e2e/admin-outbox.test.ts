import { beforeAll, expect, test } from "vitest";
import { messageText } from "../../app/domain/notifications/message";
import type { Locale } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, expectNoProblems, newPage, settled, signInWithForm, textOf, useServerAndBrowser } from "../support/browser";
import { clearNotifications, given, sampleParams, withoutQuietHours } from "../support/notifications";
import { demoAccount, demoPassword, serverStartTimeout, signedInClient, visibleText } from "../support/server";
import { withServerDatabase } from "../support/server-database";

// /admin/outbox in a browser (issue 17, item 3): without SMTP_URL the
// server's own worker keeps each email in the outbox, and the administrator
// reads it there as it would be sent — from the admin home, in both
// languages, with and without JavaScript, axe-clean — the HTML part
// rendered with its inline styles in a sandboxed frame. A voting reminder
// shows no address.

const staff = demoAccount("staff");
const manager = demoAccount("manager");
const link = "/campaigns";

describeWithBrowser("the outbox for administrators", () => {
  const app = useServerAndBrowser();

  beforeAll(async () => {
    await withServerDatabase(app.server, async (db) => {
      // The demo announced its campaigns' phases: only what this test writes is counted.
      await clearNotifications(db);
      const id = async (employeeNo: string) =>
        (await db.selectFrom("people").select("id").where("employee_no", "=", employeeNo).executeTakeFirstOrThrow()).id;
      await db.updateTable("people").set({ locale: "en" }).where("employee_no", "=", staff.employeeNo).execute();
      // Kept in the outbox at once whatever the hour in Beijing when the test runs.
      await withoutQuietHours(db, [await id(staff.employeeNo), await id(manager.employeeNo)]);
      await given(db, "voting-opened", [await id(staff.employeeNo)], { link });
      await given(db, "voting-reminder", [await id(manager.employeeNo)], { link });
    });
    // The server's worker keeps them (at start on PGlite; nudged on PostgreSQL).
    const admin = await signedInClient(app.server, "admin", "en");
    const deadline = Date.now() + 120_000;
    while (!visibleText(await (await admin.get("/admin/outbox")).text()).includes(translate("en", "mail.outbox.count", { count: 2 }))) {
      if (Date.now() > deadline) throw new Error(`the outbox did not fill:\n${app.server.logs().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, serverStartTimeout);

  test("staff may read neither the outbox nor an email in it", async () => {
    const c = await signedInClient(app.server, "staff", "en");
    expect((await c.get("/admin/outbox")).status).toBe(403);
    expect((await c.get("/admin/outbox/1/preview")).status).toBe(403);
  });

  test("an email's preview has a policy of its own: its inline styles, nothing else, sandboxed, framed only by our pages", async () => {
    const admin = await signedInClient(app.server, "admin", "en");
    const html = await (await admin.get("/admin/outbox")).text();
    const id = /\/admin\/outbox\/(\d+)\/preview/.exec(html)![1];
    const preview = await admin.get(`/admin/outbox/${id}/preview`);
    expect(preview.status).toBe(200);
    const policy = preview.headers.get("content-security-policy")!;
    expect(policy.split(";").map((d) => d.trim())).toEqual(
      expect.arrayContaining(["default-src 'none'", "style-src 'unsafe-inline'", "frame-ancestors 'self'", "sandbox", "form-action 'none'"]),
    );
    expect(policy).not.toContain("script-src");
    expect(preview.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(await preview.text()).toMatch(/^<!DOCTYPE html>/);
    // Every other page keeps the strict policy.
    const page = await admin.get("/admin/outbox");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("content-security-policy")).toContain("style-src 'self'");
    expect((await admin.get("/admin/outbox/nope/preview")).status).toBe(404);
  });

  for (const [language, javaScript] of [
    ["zh-CN", false],
    ["en", true],
  ] as const) {
    test(`the administrator reads each email as it would be sent (${language}, ${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(language as Locale, key, vars);
      const page = await newPage(app.browser, { language, javaScript });
      await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
      await page.goto(`${app.server.url}/admin`);
      await page.getByRole("link", { name: t("mail.outbox.nav") }).click();
      await page.waitForURL(/\/admin\/outbox$/);
      await settled(page);
      expect(await textOf(page.locator("h1"))).toBe(t("mail.emails.title"));
      // The delivery: no mail server, so everything is kept; nothing failed, nothing in doubt.
      const delivery = page.getByRole("region", { name: t("mail.delivery.title") });
      expect(await delivery.innerText()).toContain(t("mail.delivery.target.outbox"));
      expect(await textOf(delivery.getByRole("definition").nth(2))).toBe("0");
      expect(await delivery.innerText()).toContain(t("mail.delivery.noProblems"));
      const outbox = page.getByRole("region", { name: t("mail.outbox.title") });
      expect(await textOf(outbox.locator(".hint").first())).toBe(t("mail.outbox.count", { count: 2 }));

      // The reminder in the manager's language (none set: Chinese), without an address; the other in the staff member's.
      const reminderTitle = messageText("zh-CN", "voting-reminder", sampleParams["voting-reminder"], link).title;
      const openedTitle = messageText("en", "voting-opened", sampleParams["voting-opened"], link).title;
      const card = (title: string) => page.locator(".outbox > li", { has: page.locator("h3", { hasText: title }) });
      const [reminder, opened] = [card(reminderTitle), card(openedTitle)];
      expect(await reminder.count()).toBe(1);
      expect(await opened.count()).toBe(1);
      expect(await textOf(reminder.locator("dd").nth(1))).toBe(t("mail.outbox.withheld"));
      expect(await reminder.innerText()).not.toContain(manager.email);
      expect(await textOf(opened.locator("dd").nth(1))).toBe(staff.email);

      // The HTML part, rendered with its inline styles in its frame.
      const frameElement = opened.locator("iframe");
      expect(await frameElement.getAttribute("title")).toBe(t("mail.outbox.previewTitle", { subject: openedTitle }));
      await frameElement.scrollIntoViewIfNeeded();
      const frame = opened.frameLocator("iframe");
      const button = frame.getByRole("link", { name: translate("en", "mail.open") });
      await button.waitFor();
      expect(await button.getAttribute("href")).toBe(`http://localhost:${app.server.port}${link}`);
      expect(await button.evaluate((a) => getComputedStyle(a).color)).toBe("rgb(255, 255, 255)");

      // The headers and both parts, folded away.
      await opened.locator("summary", { hasText: t("mail.outbox.headers") }).click();
      const headers = (await opened.locator("pre").first().innerText()).split("\n");
      expect(headers).toEqual(
        expect.arrayContaining([`To: ${staff.email}`, "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "Content-Language: en"]),
      );
      expect(headers.find((h) => h.startsWith("List-Unsubscribe: "))).toMatch(
        /^List-Unsubscribe: <http:\/\/localhost:\d+\/unsubscribe\/\d+\.voting-opened\.[\w-]{22}>$/,
      );
      await reminder.locator("summary", { hasText: t("mail.outbox.headers") }).click();
      const reminderHeaders = await reminder.locator("pre").first().innerText();
      expect(reminderHeaders).not.toMatch(/^To:/m);
      expect(reminderHeaders).toContain("/unsubscribe/withheld>");

      await expectNoAxeViolations(page);
      expectNoProblems(page);
      await page.context().close();
    });
  }
});
