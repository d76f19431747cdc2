import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { type MessageKey, type Vars } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import {
  describeWithBrowser,
  eventually,
  expectNoProblems,
  newPage,
  settled,
  signInWithForm,
  textOf,
  textsOf,
  useServerAndBrowser,
  type Page,
} from "../support/browser";
import { demoAccount, demoPassword } from "../support/server";

// Metric definitions and a CSV of metric values, as an administrator does it
// without JavaScript (issue 20, decision 0049): every form a plain HTML form.

const zh = (key: MessageKey, vars?: Vars) => translate("zh-CN", key, vars);
const staff = demoAccount("staff");

async function csvFile(name: string, lines: string[]) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ss-metrics-"));
  const file = path.join(dir, name);
  await writeFile(file, "\uFEFF" + lines.join("\r\n") + "\r\n");
  return file;
}

async function finalStatus(page: Page): Promise<string | null> {
  const finished = [zh("import.status.done"), zh("import.status.failed")];
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await textOf(page.locator(".import-status"));
    if ((status && finished.includes(status)) || Date.now() > deadline) return status;
    await page.getByRole("link", { name: zh("import.job.refresh") }).click();
    await settled(page);
  }
}

describeWithBrowser("metric definitions and metric values, without JavaScript", () => {
  const app = useServerAndBrowser();

  test("an administrator defines a metric, imports a small CSV of values, sees where they came from, makes a token and shares the metric with a title", async () => {
    const page = await newPage(app.browser, { javaScript: false });
    await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);

    await page.goto(`${app.server.url}/admin`);
    await page.getByRole("link", { name: zh("metrics.nav") }).click();
    await page.getByRole("link", { name: zh("metrics.new") }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel(zh("metrics.form.code"), { exact: true }).fill("e2e_satisfaction");
    await page.getByLabel(zh("metrics.form.nameZh"), { exact: true }).fill("客户满意度");
    await page.getByLabel(zh("metrics.form.nameEn"), { exact: true }).fill("Customer satisfaction");
    await page.getByLabel(zh("metrics.form.unit"), { exact: true }).fill("%");
    await page.getByLabel(zh("metrics.form.decimals"), { exact: true }).selectOption("1");
    await page.getByLabel(zh("metrics.form.grain"), { exact: true }).selectOption("month");
    await page.getByRole("button", { name: zh("metrics.form.create") }).click();
    await settled(page);
    await eventually(() => textOf(page.locator("h1"))).toBe(zh("metrics.title"));
    expect(await textsOf(page.locator("tbody td code"))).toContain("e2e_satisfaction");
    await expectNoAxeViolations(page);

    const file = await csvFile("metrics.csv", [
      "工号,单位编码,指标编码,周期,数值,来源系统",
      `${staff.employeeNo},,e2e_satisfaction,2026-03,98.6,呼叫中心CTI`,
      `${staff.employeeNo},,e2e_satisfaction,2026-04,97.9,呼叫中心CTI`,
    ]);
    await page.goto(`${app.server.url}/admin/import`);
    await page.getByLabel(zh("import.kind.metrics"), { exact: true }).check();
    await page.getByLabel(zh("import.file.label")).setInputFiles(file);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: zh("import.submit") }).click();
    await page.waitForURL(/\/admin\/imports\/\d+/);
    expect(await finalStatus(page)).toBe(zh("import.status.done"));
    const dt = await textsOf(page.locator("section.card .facts dt"));
    const dd = await textsOf(page.locator("section.card .facts dd"));
    expect(Object.fromEntries(dt.map((k, i) => [k, dd[i]]))).toMatchObject({ [zh("import.job.created")]: "2" });
    await expectNoAxeViolations(page);

    await page.goto(`${app.server.url}/admin/metrics/e2e_satisfaction`);
    await page.getByLabel(zh("metrics.history.subject"), { exact: true }).fill(staff.employeeNo);
    await page.getByLabel(zh("metrics.history.period"), { exact: true }).fill("2026-03");
    await page.getByRole("button", { name: zh("metrics.history.find") }).click();
    await settled(page);
    const cells = await textsOf(page.locator("table").last().locator("tbody td"));
    expect(cells[0]).toBe("98.6");
    expect(cells[1]).toBe("呼叫中心CTI");
    expect(cells[4]).toBe(zh("metrics.history.current"));
    await expectNoAxeViolations(page);

    // A token for a measuring system: shown once, listed afterwards.
    await page.goto(`${app.server.url}/admin/api-tokens`);
    await page.getByLabel(zh("bearerTokens.field.name"), { exact: true }).fill("呼叫中心CTI");
    await page.getByRole("button", { name: zh("bearerTokens.create") }).click();
    await settled(page);
    expect(await page.getByTestId("api-token").inputValue()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expectNoAxeViolations(page);

    // A title's template can stand for the definition: its names then come from it.
    await page.goto(`${app.server.url}/admin/titles`);
    await page.locator('a[href^="/admin/titles/"]:not([href="/admin/titles/new"])').first().click();
    await settled(page);
    const titleUrl = page.url();
    const select = page.getByLabel(zh("metrics.template.label"), { exact: true }).first();
    await select.selectOption({ label: "e2e_satisfaction — 客户满意度" });
    await page.getByRole("button", { name: zh("titles.form.save") }).click();
    await settled(page);
    await page.goto(titleUrl);
    expect(await page.getByLabel(zh("titles.template.nameZh"), { exact: true }).first().inputValue()).toBe("客户满意度");
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });

  test("an administrator makes someone a data owner; they find the import of metric values in the header, and are asked only what applies to them", async () => {
    const owner = demoAccount("staff");
    const page = await newPage(app.browser, { javaScript: false });
    await signInWithForm(page, app.server, owner.employeeNo, demoPassword);
    // Before the role: no such link.
    expect(await page.getByRole("link", { name: zh("nav.import") }).count()).toBe(0);

    // The administrator grants the role on the person's page (docs/metrics.md).
    const admin = await newPage(app.browser, { javaScript: false });
    await signInWithForm(admin, app.server, demoAccount("admin").employeeNo, demoPassword);
    await admin.goto(`${app.server.url}/admin/people/${owner.employeeNo}`);
    await admin.getByRole("combobox", { name: zh("admin.roles.role"), exact: true }).selectOption({ label: zh("role.data_owner") });
    await admin.getByRole("button", { name: zh("admin.roles.grantSubmit") }).click();
    await settled(admin);
    expect(await textsOf(admin.locator(".role-rows .badge"))).toContain(zh("role.data_owner"));
    expectNoProblems(admin);
    await admin.context().close();

    await page.goto(`${app.server.url}/`);
    await page
      .getByRole("navigation", { name: zh("nav.label") })
      .getByRole("link", { name: zh("nav.import") })
      .click();
    await settled(page);
    expect(await textOf(page.locator("h1"))).toBe(zh("import.title.metrics"));
    // Only metric values, and no mode: a period's value is always replaced.
    expect(await page.getByLabel(zh("import.kind.metrics"), { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel(zh("import.kind.people"), { exact: true }).count()).toBe(0);
    expect(await page.getByRole("group", { name: zh("import.mode.label") }).count()).toBe(0);
    await expectNoAxeViolations(page);

    // A value of the metric the administrator defined above.
    const file = await csvFile("owner.csv", [
      "工号,单位编码,指标编码,周期,数值,来源系统",
      `${owner.employeeNo},,e2e_satisfaction,2026-05,99.1,呼叫中心CTI`,
    ]);
    await page.getByLabel(zh("import.file.label")).setInputFiles(file);
    await page.getByRole("button", { name: zh("import.submit") }).click();
    await page.waitForURL(/\/admin\/imports\/\d+/);
    expect(await finalStatus(page)).toBe(zh("import.status.done"));
    expectNoProblems(page);
    await page.context().close();
  });
});
