import { beforeAll, expect, test } from "vitest";
import { periodsBetween } from "../../app/domain/metrics/periods";
import { type MessageKey, type Vars } from "../../app/i18n";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import {
  describeWithBrowser,
  expectNoProblems,
  newPage,
  settled,
  signInWithForm,
  signOutWithButton,
  textOf,
  useServerAndBrowser,
  type Page,
} from "../support/browser";
import { givenMetric, givenMetricValues } from "../support/metrics";
import { withServerDatabase } from "../support/server-database";
import { demoAccount, demoPassword } from "../support/server";

// Issue 20, item 2 (decision 0051), as a manager does it without
// JavaScript: name the nominee, "Fill from imported data", submit; the
// nomination page and the committee's review queue say which figure came
// from the system that measures it and which the manager typed.

const zh = (key: MessageKey, vars?: Vars) => translate("zh-CN", key, vars);
const nominee = "GD000004";
const source = "10000号质检系统";

const metricGroup = (page: Page, name: RegExp) => page.getByRole("group", { name });
const field = (page: Page, row: RegExp, label: MessageKey) => metricGroup(page, row).getByLabel(zh(label), { exact: true });

describeWithBrowser("a nomination's figures from the source", () => {
  const app = useServerAndBrowser();
  let nomineeName = "";

  beforeAll(async () => {
    // What the metrics import would have left: monthly satisfaction for the nominee over the
    // campaign's period, and the titles' satisfaction template pointing at it (set directly here;
    // the title editor's part is another helper's).
    await withServerDatabase(app.server, async (db) => {
      nomineeName = (await db.selectFrom("people").select("name").where("employee_no", "=", nominee).executeTakeFirstOrThrow()).name;
      const satisfaction = await givenMetric(db, { code: "e2e_satisfaction", nameZh: "客户满意度", nameEn: "Customer satisfaction", decimals: 1 });
      await db.updateTable("title_metric_templates").set({ metric_id: satisfaction.id }).where("name_zh", "=", "客户满意度").execute();
      const values = ["98.8", "99.4", "99.3"];
      await givenMetricValues(
        db,
        periodsBetween("month", "2026-10-01", "2026-12-31").map((period, i) => ({
          metric: satisfaction,
          subject: nominee,
          period,
          value: values[i],
          source,
        })),
      );
    });
  });

  test("without JavaScript: fill from imported data, submit, and see the marks on the nomination and in the review queue", async () => {
    const page = await newPage(app.browser, { javaScript: false });
    await signInWithForm(page, { url: app.server.url }, demoAccount("manager").employeeNo, demoPassword);
    await page.goto(`${app.server.url}/campaigns/2026-q4/nominate`);
    await settled(page);
    await page.getByLabel(/^优秀服务明星/).check();
    await page.getByRole("button", { name: zh("nominate.title.refresh") }).click();
    await settled(page);
    await page.getByLabel(zh("nominate.nominee.label"), { exact: true }).fill(nominee);
    await page.getByLabel(zh("nominate.citation"), { exact: true }).fill("暴雨那几天逐一回访报障客户。");
    const story = page.getByRole("group", { name: zh("nominate.story.legend", { n: 1 }) });
    await story.getByLabel(zh("nominate.story.body"), { exact: true }).fill("暴雨那几天，她把每一宗报障都回访到客户满意。");

    await page.getByRole("button", { name: zh("evidence.fill.button") }).click();
    await settled(page);

    // Back unsaved, filled, everything typed kept.
    expect(new URL(page.url()).pathname).toBe("/campaigns/2026-q4/nominate");
    // Two figures: satisfaction (planted above) and calls handled (the demo's own import, its template pointed at it).
    expect(await textOf(page.locator(".nominate-fill [role=status]"))).toBe(zh("evidence.fill.done", { count: 2, name: nomineeName }));
    // (98.8 + 99.4 + 99.3) / 3 = 99.166… → 99.2, over the campaign's months.
    expect(await field(page, /客户满意度/, "nominate.metric.value").inputValue()).toBe("99.2");
    expect(await field(page, /客户满意度/, "nominate.metric.period").inputValue()).toBe("2026-10 – 2026-12");
    expect(await field(page, /客户满意度/, "nominate.metric.source").inputValue()).toBe(source);
    expect(await textOf(metricGroup(page, /客户满意度/).locator(".figure-origin"))).toContain(zh("evidence.origin.imported.badge"));
    expect(await page.getByLabel(zh("nominate.citation"), { exact: true }).inputValue()).toBe("暴雨那几天逐一回访报障客户。");
    expect(await story.getByLabel(zh("nominate.story.body"), { exact: true }).inputValue()).toBe("暴雨那几天，她把每一宗报障都回访到客户满意。");
    await expectNoAxeViolations(page);

    // A figure typed by hand beside it.
    await field(page, /话务量/, "nominate.metric.value").fill("5200");
    await field(page, /话务量/, "nominate.metric.period").fill("2026年第四季度");
    await field(page, /话务量/, "nominate.metric.source").fill("班组台账");
    await page.getByRole("button", { name: zh("nominate.submit") }).click();
    await settled(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/campaigns\/2026-q4\/nominations\/\d+$/);
    const nominationUrl = page.url();

    const cards = page.locator(".metric-card");
    const satisfaction = cards.filter({ hasText: "客户满意度" });
    expect(await textOf(satisfaction.locator(".figure-origin__badge"))).toContain(zh("evidence.origin.imported.badge"));
    expect(await textOf(satisfaction.locator(".figure-origin"))).toContain(`来自${source}`);
    const calls = cards.filter({ hasText: "话务量" });
    expect(await textOf(calls.locator(".figure-origin__badge"))).toContain(zh("evidence.origin.entered.badge"));
    expect(await textOf(calls.locator(".figure-origin"))).toContain(zh("evidence.origin.entered"));
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await signOutWithButton(page);

    // The committee's queue: each figure with its mark, at a glance.
    await signInWithForm(page, { url: app.server.url }, demoAccount("committee").employeeNo, demoPassword);
    await page.goto(`${app.server.url}/campaigns/2026-q4/review`);
    await settled(page);
    const id = new URL(nominationUrl).pathname.split("/").at(-1);
    const item = page.locator(".nomination-card").filter({ has: page.locator(`a[href$="/nominations/${id}"]`) });
    const figures = item.locator(".nomination-card__figures li");
    expect(await figures.count()).toBe(2);
    expect(await textOf(figures.filter({ hasText: "客户满意度" }))).toContain(zh("evidence.origin.imported.badge"));
    expect(await textOf(figures.filter({ hasText: "话务量" }))).toContain(zh("evidence.origin.entered.badge"));
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });
});
