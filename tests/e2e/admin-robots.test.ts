import { beforeAll, afterAll, expect, test } from "vitest";
import { type Locale } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import {
  describeWithBrowser,
  expectNoProblems,
  newPage,
  scrollWidthOf,
  settled,
  signInWithForm,
  textOf,
  useServerAndBrowser,
} from "../support/browser";
import { demoAccount, demoPassword, signedInClient } from "../support/server";
import { startWebhookServer, type WebhookServer } from "../support/webhooks";

// /admin/robots in a browser (issue 17, item 4): the administrator finds it
// from the admin home, registers a DingTalk robot (a webhook on an address
// that is not allowed is refused next to its field, in the page's language,
// and what was typed is kept), sees its secret masked, sends a test message
// that reaches the stand-in platform signed as DingTalk documents, edits it
// leaving the secret empty (kept: the next test message is still signed
// right) and deletes it — in both languages, with and without JavaScript,
// one pass on a phone, axe-clean.

let hooks: WebhookServer;
const env: Record<string, string> = { WORKERS: "off", PUBLIC_URL: "https://stars.example.com" };
beforeAll(async () => {
  hooks = await startWebhookServer();
  env.WEBHOOK_ALLOWED_HOSTS = hooks.host;
});
afterAll(() => hooks?.close());

describeWithBrowser("group robots for administrators", () => {
  const app = useServerAndBrowser({ env });

  test("staff may not read the page, its form, or send a test message", async () => {
    const staff = await signedInClient(app.server, "staff", "en");
    expect((await staff.get("/admin/robots")).status).toBe(403);
    expect((await staff.get("/admin/robots/new")).status).toBe(403);
    expect((await staff.post("/admin/robots", { intent: "test", id: "1" })).status).toBe(403);
    const form = { name: "x", unit: "x", platform: "wecom", locale: "en", webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x" };
    expect((await staff.post("/admin/robots/new", form)).status).toBe(403);
  });

  for (const [language, javaScript, phone] of [
    ["zh-CN", false, false],
    ["en", true, true],
  ] as const) {
    test(`the administrator registers, tests, edits and deletes a DingTalk robot (${language}, ${javaScript ? "with" : "without"} JavaScript${phone ? ", on a phone" : ""})`, async () => {
      const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(language as Locale, key, vars);
      const token = `e2e${language}`;
      const secret = `SEC${language === "en" ? "e" : "z"}${"0123456789abcdef".repeat(4)}`;
      const webhook = hooks.robot("dingtalk", token, secret);
      const name = language === "en" ? "Hotline leads" : "热线班组长群";
      const page = await newPage(app.browser, { language, javaScript, phone });
      await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);

      await page.goto(`${app.server.url}/admin`);
      await page.getByRole("link", { name: t("robots.nav") }).click();
      await page.waitForURL(/\/admin\/robots$/);
      await settled(page);
      expect(await textOf(page.locator("h1"))).toBe(t("robots.title"));
      await expectNoAxeViolations(page);

      await page.getByRole("link", { name: t("robots.new") }).click();
      await page.waitForURL(/\/admin\/robots\/new$/);
      await settled(page);
      await expectNoAxeViolations(page);

      // An address the portal will not fetch: refused next to its field, everything typed kept.
      await page.getByLabel(t("robots.field.unit")).selectOption({ index: 1 });
      await page.getByLabel(t("robots.field.name")).fill(name);
      await page.getByLabel(t("robots.field.platform")).selectOption("dingtalk");
      await page.getByLabel(t("robots.field.webhookUrl")).fill("https://169.254.169.254/latest/meta-data/");
      await page.getByLabel(t("robots.field.secret")).fill(secret);
      await page.getByLabel(t("robots.event.publicity-started")).uncheck();
      await page.getByRole("button", { name: t("robots.create") }).click();
      const urlError = page.locator(`[id$="-webhookUrl-error"]`);
      await urlError.waitFor();
      await settled(page);
      expect(await textOf(urlError)).toBe(t("robots.url.host", { hosts: "oapi.dingtalk.com", path: "/robot/send" }));
      expect(await page.getByLabel(t("robots.field.name")).inputValue()).toBe(name);
      expect(await page.getByLabel(t("robots.field.platform")).inputValue()).toBe("dingtalk");
      expect(await page.getByLabel(t("robots.event.publicity-started")).isChecked()).toBe(false);
      expect(await page.getByLabel(t("robots.event.voting-opened")).isChecked()).toBe(true);
      await expectNoAxeViolations(page);

      await page.getByLabel(t("robots.field.webhookUrl")).fill(webhook);
      await page.getByLabel(t("robots.field.secret")).fill(secret);
      await page.getByRole("button", { name: t("robots.create") }).click();
      await page.locator(".notice", { hasText: t("robots.created") }).waitFor();
      await settled(page);
      const robotUrl = page.url();
      expect(robotUrl).toMatch(/\/admin\/robots\/\d+$/);
      // Shown back masked only: neither the secret nor the webhook's token is on the page.
      const html = await page.content();
      expect(html).not.toContain(secret);
      expect(html).not.toContain(token);
      expect(await page.locator("body").innerText()).toContain(`••••${secret.slice(-4)}`);
      await expectNoAxeViolations(page);
      if (phone) expect(await scrollWidthOf(page)).toBeLessThanOrEqual(360);

      // Send a test message: it reaches the group, signed as DingTalk documents.
      await page.getByRole("button", { name: t("robots.test") }).click();
      await page.locator(".notice", { hasText: t("robots.test.sent", { name }) }).waitFor();
      await settled(page);
      const first = hooks.received.filter((r) => r.token === token);
      expect(first.map((r) => r.problem)).toEqual([null]);
      expect(JSON.stringify(first[0]!.body)).toContain(t("robots.test.message.title"));
      expect(await textOf(page.locator(".robot-message--sent td").nth(1))).toBe(t("robots.msgState.sent"));
      await expectNoAxeViolations(page);

      // Renamed with the webhook and secret left empty: both kept (the next test message is still signed right).
      await page.getByLabel(t("robots.field.name")).fill(`${name} 2`);
      await page.getByRole("button", { name: t("robots.save") }).click();
      await page.locator(".notice", { hasText: t("robots.saved") }).waitFor();
      await page.waitForURL(/\/admin\/robots$/);
      await settled(page);
      const card = page.locator("article.robot", { has: page.getByRole("heading", { name: `${name} 2` }) });
      await card.getByRole("button", { name: t("robots.test") }).click();
      await page.locator(".notice", { hasText: t("robots.test.sent", { name: `${name} 2` }) }).waitFor();
      await settled(page);
      expect(hooks.received.filter((r) => r.token === token).map((r) => r.problem)).toEqual([null, null]);
      await expectNoAxeViolations(page);
      if (phone) expect(await scrollWidthOf(page)).toBeLessThanOrEqual(360);

      await page.goto(robotUrl);
      await settled(page);
      await page.getByRole("button", { name: t("robots.delete") }).click();
      await page.locator(".notice", { hasText: t("robots.deleted", { name: `${name} 2` }) }).waitFor();
      await settled(page);
      expect(await page.getByRole("heading", { name: `${name} 2` }).count()).toBe(0);
      await expectNoAxeViolations(page);
      expectNoProblems(page);
      await page.context().close();
    });
  }
});
