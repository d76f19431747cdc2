import { beforeAll, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, expectNoProblems, newPage, settled, signInWithForm, textOf, useServerAndBrowser } from "../support/browser";
import { clearNotifications, givenEmailProblem, personId, withoutQuietHours } from "../support/notifications";
import { demoAccount, demoPassword, serverStartTimeout, signedInClient, visibleText } from "../support/server";
import { withServerDatabase } from "../support/server-database";

// Send again on /admin/outbox in a browser without JavaScript (decision
// 0039, addendum 2026-12-06): the administrator sends an email in doubt
// again only once its box is ticked, then every failed email at once; a
// voting reminder whose voting has closed is cancelled instead; the notices
// say so, and the server's worker keeps what went in the outbox (no
// SMTP_URL). Axe-clean, the refusal included.

const staff = demoAccount("staff");
const manager = demoAccount("manager");
const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate("zh-CN", key, vars);

describeWithBrowser("sending failed emails again", () => {
  const app = useServerAndBrowser();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await withServerDatabase(app.server, async (db) => {
      // The demo announced its campaigns' phases: only what this test writes is listed.
      await clearNotifications(db);
      const [staffId, managerId] = [await personId(db, staff.employeeNo), await personId(db, manager.employeeNo)];
      // Kept in the outbox at once whatever the hour in Beijing when the test runs.
      await withoutQuietHours(db, [staffId, managerId]);
      const published = await db.selectFrom("campaigns").select("id").where("status", "=", "published").executeTakeFirstOrThrow();
      ids.opened = await givenEmailProblem(db, staffId, "voting-opened", "failed");
      ids.reminder = await givenEmailProblem(db, managerId, "voting-reminder", "failed", { key: `voting-reminder:${published.id}` });
      ids.roll = await givenEmailProblem(db, staffId, "honor-roll-published", "in_doubt");
    });
  }, serverStartTimeout);

  test("staff may send nothing again; a request the page would not send is refused in the reader's language", async () => {
    const c = await signedInClient(app.server, "staff", "en");
    expect((await c.post("/admin/outbox", { intent: "all" })).status).toBe(403);
    expect((await c.post("/admin/outbox", { intent: "one", id: ids.opened! })).status).toBe(403);
    const admin = await signedInClient(app.server, "admin", "en");
    const unknown = await admin.post("/admin/outbox", { intent: "one", id: "999999999" });
    expect(unknown.status).toBe(404);
    expect(visibleText(await unknown.text())).toContain(translate("en", "mail.again.notFound"));
    expect((await admin.post("/admin/outbox", { intent: "again" })).status).toBe(400);
  });

  test("the administrator sends the email in doubt again once its box is ticked, then every failed one (zh-CN, without JavaScript)", async () => {
    const page = await newPage(app.browser, { language: "zh-CN", javaScript: false });
    await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
    await page.goto(`${app.server.url}/admin/outbox`);
    await settled(page);
    const delivery = page.getByRole("region", { name: t("mail.delivery.title") });
    const row = (kind: "voting-opened" | "voting-reminder" | "honor-roll-published") =>
      delivery.locator("tbody tr", { has: page.getByText(t(`mail.kind.${kind}`), { exact: true }) });
    expect(await delivery.locator("tbody tr").count()).toBe(3);
    expect(await delivery.innerText()).toContain(t("mail.again.explain"));
    // Each button is named by its row; only the email in doubt asks for the box.
    for (const kind of ["voting-opened", "voting-reminder", "honor-roll-published"] as const) {
      const label = await row(kind).getByRole("button").getAttribute("aria-label");
      expect(label).toContain(t("mail.again.button"));
      expect(label).toContain(t(`mail.kind.${kind}`));
      expect(await row(kind).getByRole("checkbox").count()).toBe(kind === "honor-roll-published" ? 1 : 0);
    }
    const all = delivery.getByRole("button", { name: t("mail.again.all", { count: 2 }) });
    expect(await all.count()).toBe(1);
    await expectNoAxeViolations(page);

    // Without the box: refused, in words, next to it.
    await row("honor-roll-published").getByRole("button").click();
    await settled(page);
    expect(await textOf(row("honor-roll-published").getByRole("alert"))).toBe(t("mail.again.notConfirmed"));
    expect(await row("honor-roll-published").getByRole("checkbox").getAttribute("aria-invalid")).toBe("true");
    await expectNoAxeViolations(page);

    // With it: back in the queue.
    await row("honor-roll-published").getByLabel(t("mail.again.confirmBox")).check();
    await row("honor-roll-published").getByRole("button").click();
    await page.waitForURL(/\/admin\/outbox$/);
    await settled(page);
    expect(await textOf(page.getByRole("status"))).toBe(t("mail.again.queued", { count: 1 }));
    expect(await delivery.locator("tbody tr").count()).toBe(2);

    // Every failed one: the reminder's voting has closed, so it is cancelled instead.
    await all.click();
    await page.waitForURL(/\/admin\/outbox$/);
    await settled(page);
    expect(await textOf(page.getByRole("status"))).toBe(t("mail.again.queuedAndCancelled", { count: 1, cancelled: 1 }));
    expect(await delivery.innerText()).toContain(t("mail.delivery.noProblems"));
    expect(await delivery.getByRole("button").count()).toBe(0);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();

    // The server's worker keeps the two that went; the audit log says what was done, in words.
    const admin = await signedInClient(app.server, "admin", "zh-CN");
    const deadline = Date.now() + 60_000;
    while (!visibleText(await (await admin.get("/admin/outbox")).text()).includes(t("mail.outbox.count", { count: 2 }))) {
      if (Date.now() > deadline) throw new Error(`the outbox did not fill:\n${app.server.logs().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const log = visibleText(await (await admin.get("/admin/audit")).text());
    expect(log).toContain(t("admin.audit.action.email.sent_again"));
    expect(log).toContain(t("admin.audit.action.email.failed_sent_again"));
  });
});
