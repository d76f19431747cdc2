import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
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

const zh = (key: MessageKey, vars?: Vars) => translate("zh-CN", key, vars);
const header = "工号,姓名,邮箱,部门编码,岗位,入职日期";

async function csvFile(name: string, lines: string[], encoding: "utf8-bom" | "utf8" = "utf8-bom") {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ss-import-"));
  const file = path.join(dir, name);
  const text = lines.join("\r\n") + "\r\n";
  await writeFile(file, encoding === "utf8-bom" ? "\uFEFF" + text : text);
  return file;
}

/** Chooses the options and the file on /admin/import and submits, as a person would. */
async function upload(page: Page, baseUrl: string, file: string, mode: "merge" | "full" = "merge") {
  await page.goto(`${baseUrl}/admin/import`);
  await page.getByLabel(zh("import.kind.people"), { exact: true }).check();
  await page.getByLabel(zh(mode === "merge" ? "import.mode.merge" : "import.mode.full"), { exact: true }).check();
  await page.getByLabel(zh("import.file.label")).setInputFiles(file);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: zh("import.submit") }).click();
  await page.waitForURL(/\/admin\/imports\/\d+/);
}

/** Waits for the job to end: the page updates itself with JavaScript; without it, the person asks again. */
async function finalStatus(page: Page, javaScript: boolean): Promise<string | null> {
  const finished = [zh("import.status.done"), zh("import.status.failed")];
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await textOf(page.locator(".import-status"));
    if (status && finished.includes(status)) return status;
    if (Date.now() > deadline) return status;
    if (javaScript) await page.waitForTimeout(300);
    else {
      // While running, the page offers "check again now" (no unrequested refresh).
      await expectNoAxeViolations(page);
      await page.getByRole("link", { name: zh("import.job.refresh") }).click();
      await settled(page);
    }
  }
}

async function directoryCount(page: Page, baseUrl: string, q: string) {
  await page.goto(`${baseUrl}/people?q=${encodeURIComponent(q)}`);
  return Number(((await textOf(page.locator(".result-count"))) ?? "").replace(/\D/g, ""));
}

describeWithBrowser("importing staff", () => {
  const app = useServerAndBrowser();

  for (const javaScript of [true, false]) {
    describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
      const prefix = javaScript ? "GD9100" : "GD9200";
      // 𠮷 (Extension B, two UTF-16 units) in a name once failed the whole import.
      const rare = javaScript ? "吉𠮷祥" : "吉𠮷瑞";
      const rows = (email2: string, unit3: string) => [
        header,
        `${prefix}01,${rare},${prefix}01@demo.example,GD.10000.GZ.D1,话务员,2024-03-01`,
        `${prefix}02,黄伟明,${email2},GD.10000.GZ.D2,业务代表,2023/7/15`,
        `${prefix}03,吴嘉怡,${prefix}03@demo.example,${unit3},线路维护员,2022年9月1日`,
      ];

      test("a bad file is refused with every bad row by line number and reason, and nothing is imported", async () => {
        const page = await newPage(app.browser, { javaScript });
        await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
        const bad = await csvFile("staff-bad.csv", rows("not-an-email", "NO.SUCH.UNIT"));
        await upload(page, app.server.url, bad);

        expect(await finalStatus(page, javaScript)).toBe(zh("import.status.failed"));
        await eventually(() => textOf(page.getByRole("alert"))).toBe(zh("import.job.failed"));
        const cells = await textsOf(page.locator("tbody tr td"));
        expect(cells).toEqual([
          "3",
          zh("import.error.email", { value: "not-an-email" }),
          "4",
          zh("import.error.unknownUnit", { value: "NO.SUCH.UNIT" }),
        ]);
        await expectNoAxeViolations(page);

        // All-or-nothing: not even the good first row is there.
        expect(await directoryCount(page, app.server.url, prefix)).toBe(0);
        expectNoProblems(page);
        await page.context().close();
      });

      test("the corrected file imports every row, and importing it again changes nothing", async () => {
        const page = await newPage(app.browser, { javaScript });
        await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
        const good = await csvFile("staff-good.csv", rows(`${prefix}02@demo.example`, "GD.10000.GZ.D3"));

        await upload(page, app.server.url, good);
        expect(await finalStatus(page, javaScript)).toBe(zh("import.status.done"));
        const facts = async () => {
          const dt = await textsOf(page.locator("section.card .facts dt"));
          const dd = await textsOf(page.locator("section.card .facts dd"));
          return Object.fromEntries(dt.map((k, i) => [k, dd[i]]));
        };
        expect(await facts()).toMatchObject({ [zh("import.job.created")]: "3", [zh("import.job.unchanged")]: "0" });
        await expectNoAxeViolations(page);

        expect(await directoryCount(page, app.server.url, prefix)).toBe(3);
        expect(await directoryCount(page, app.server.url, rare)).toBe(1);
        expect(await textsOf(page.locator(".person-card .avatar"))).toEqual([[...rare].slice(-2).join("")]);
        await page.getByRole("link", { name: rare }).click();
        await eventually(() => textOf(page.locator("h1"))).toBe(rare);
        expect(await textOf(page.locator(".profile-hero__initials"))).toBe([...rare].slice(-2).join(""));
        await expectNoAxeViolations(page);
        expect(await directoryCount(page, app.server.url, prefix)).toBe(3);
        await page.getByRole("link", { name: "吴嘉怡" }).click();
        await eventually(() => textOf(page.locator("h1"))).toBe("吴嘉怡");
        await settled(page);
        expect(await textOf(page.locator(".profile-hero__role"))).toContain("线路维护员");

        await upload(page, app.server.url, good);
        expect(await finalStatus(page, javaScript)).toBe(zh("import.status.done"));
        expect(await facts()).toMatchObject({ [zh("import.job.created")]: "0", [zh("import.job.unchanged")]: "3" });
        expectNoProblems(page);
        await page.context().close();
      });
    });
  }

  test("the HR system's GB18030 export of the demo staff is understood and changes nothing", async () => {
    const page = await newPage(app.browser);
    await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
    await upload(page, app.server.url, path.resolve("docs/samples/demo-staff-gbk.csv"));
    expect(await finalStatus(page, true)).toBe(zh("import.status.done"));
    expect(await textOf(page.locator(".facts"))).toContain(zh("import.encoding.gb18030"));
    const dt = await textsOf(page.locator("section.card .facts dt"));
    const dd = await textsOf(page.locator("section.card .facts dd"));
    const facts = Object.fromEntries(dt.map((k, i) => [k, dd[i]]));
    expect(facts[zh("import.job.created")]).toBe("0");
    expect(facts[zh("import.job.updated")]).toBe("0");
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
