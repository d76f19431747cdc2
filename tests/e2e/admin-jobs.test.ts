import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test } from "vitest";
import { type Locale } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, expectNoProblems, newPage, settled, signInWithForm, textOf, useServerAndBrowser, type Page } from "../support/browser";
import { demoAccount, demoPassword, signedInClient } from "../support/server";

// /admin/jobs in a browser (issue 16, item 4): the administrator finds it from
// the admin home, reads each queue's counts, cancels an import's waiting job
// and retries a failed one — in both languages, with and without JavaScript,
// axe-clean. The server runs with WORKERS=off, so jobs wait to be seen.

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

async function orgFile(code: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ss-jobs-"));
  const file = path.join(dir, `${code}.csv`);
  await writeFile(file, `\uFEFF编码,名称,上级编码\r\n${code},任务测试部,GD\r\n`);
  return file;
}

describeWithBrowser("background jobs for administrators", () => {
  const app = useServerAndBrowser({ env: { WORKERS: "off" } });

  test("staff may not read the page or act on a job", async () => {
    const staff = await signedInClient(app.server, "staff", "en");
    expect((await staff.get("/admin/jobs")).status).toBe(403);
    const post = await staff.post("/admin/jobs", { intent: "cancel", queue: "import", id: "00000000-0000-4000-8000-000000000000" });
    expect(post.status).toBe(403);
  });

  for (const [language, javaScript] of [
    ["zh-CN", false],
    ["en", true],
  ] as const) {
    test(`the administrator cancels an import's waiting job, and reads it in the audit log (${language}, ${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(language as Locale, key, vars);
      const page = await newPage(app.browser, { language, javaScript });
      await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);

      // From the admin home.
      await page.goto(`${app.server.url}/admin`);
      await page.getByRole("link", { name: t("admin.nav.jobs") }).click();
      await page.waitForURL(/\/admin\/jobs$/);
      await settled(page);
      expect(await textOf(page.locator("h1"))).toBe(t("jobs.title"));
      expect(await textOf(page.locator("#queue-import th"))).toBe(t("jobs.queue.import"));
      await expectNoAxeViolations(page);

      // An import, uploaded as a person would; no worker takes it.
      const code = javaScript ? "GD.JOBS1" : "GD.JOBS2";
      await page.goto(`${app.server.url}/admin/import`);
      await page.getByLabel(t("import.kind.org"), { exact: true }).check();
      await page.getByLabel(t("import.mode.merge"), { exact: true }).check();
      await page.getByLabel(t("import.file.label")).setInputFiles(await orgFile(code));
      await page.getByRole("button", { name: t("import.submit") }).click();
      await page.waitForURL(/\/admin\/imports\/\d+/);
      const importId = new URL(page.url()).pathname.split("/").pop()!;

      await page.goto(`${app.server.url}/admin/jobs`);
      await settled(page);
      const row = page.locator("tr", { has: page.getByRole("link", { name: t("jobs.about.import", { id: importId }) }) });
      expect(await textOf(row.locator("td").nth(1))).toBe(t("jobs.state.waiting"));
      await expectNoAxeViolations(page);
      await row.getByRole("button", { name: t("jobs.cancel") }).click();
      await page.locator(".notice", { hasText: t("jobs.cancelled") }).waitFor();
      await settled(page);
      expect(await page.getByRole("link", { name: t("jobs.about.import", { id: importId }) }).count()).toBe(0);
      await expectNoAxeViolations(page);

      // The import says why it stopped; the audit log says who cancelled.
      await page.goto(`${app.server.url}/admin/imports/${importId}`);
      await settled(page);
      expect(await page.locator("body").textContent()).toContain(t("import.error.cancelled"));
      await page.goto(`${app.server.url}/admin/audit?action=job.cancelled`);
      await settled(page);
      expect(await textOf(page.locator("tbody tr").first().locator("td").nth(1))).toBe(t("admin.audit.action.job.cancelled"));
      await expectNoAxeViolations(page);
      expectNoProblems(page);
      await page.context().close();
    });
  }

  test.skipIf(!onPostgres)("a failed job shows its error, when and tries, and Retry puts it back in the queue (en, without JavaScript)", async () => {
    // A job failed for good, as a worker leaves it (the test reaches the server's database: PostgreSQL only).
    const db = new pg.Client({ connectionString: app.server.databaseUrl });
    await db.connect();
    let id: string;
    try {
      const { rows } = await db.query<{ id: string }>(
        `insert into pgboss.job (name, data, state, retry_count, retry_limit, started_on, completed_on, output)
         values ('rate-limit-prune', '{}', 'failed', 2, 2, now(), now(), '{"message": "connection to the printer lost"}') returning id`,
      );
      id = rows[0].id;
    } finally {
      await db.end();
    }
    const t = (key: Parameters<typeof translate>[1]) => translate("en", key);
    const page: Page = await newPage(app.browser, { language: "en", javaScript: false });
    await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
    await page.goto(`${app.server.url}/admin/jobs`);
    const row = page.locator("tr", { has: page.locator(`[id="job-${id}"]`) });
    expect(await textOf(row.locator("td").nth(0))).toBe(t("jobs.queue.rate-limit-prune"));
    expect(await textOf(row.locator("td").nth(2))).toBe("3");
    expect(await textOf(row.locator("td").nth(3))).toBe("connection to the printer lost");
    await expectNoAxeViolations(page);
    await row.getByRole("button", { name: t("jobs.retry") }).click();
    await page.locator(".notice", { hasText: t("jobs.retried") }).waitFor();
    expect(await page.locator(`[id="job-${id}"]`).count()).toBe(1);
    expect(
      await textOf(
        page
          .locator("tr", { has: page.locator(`[id="job-${id}"]`) })
          .locator("td")
          .nth(1),
      ),
    ).toBe(t("jobs.state.retrying"));
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });
});
