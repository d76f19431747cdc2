import { expect, test } from "vitest";
import { type MessageKey, type Vars } from "../../app/i18n";
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
  useServerAndBrowser,
  type Page,
} from "../support/browser";
import { givenMetric, givenMetricValues } from "../support/metrics";
import { demoAccount, demoPassword, withServerDatabase } from "../support/server";

// A title with a rule (satisfaction ≥ 98 % in each month of the campaign):
// the hotline manager reads who in their centre meets it and who narrowly
// misses, in Chromium, with and without JavaScript; then tries to nominate
// the near miss without JavaScript and is refused with the reason, keeping
// everything typed. Every page checked with axe.

const zh = (key: MessageKey, vars?: Vars) => translate("zh-CN", key, vars);
const meets = { no: "GD000004", name: "程嘉朗" };
const near = { no: "GD000007", name: "何嘉欣" };

const titleChoice = (page: Page, name: RegExp) => page.getByRole("radio", { name });

async function open(page: Page, url: string) {
  await page.goto(url);
  await settled(page);
}

describeWithBrowser("titles state their rules", () => {
  const app = useServerAndBrowser();

  test("the manager reads who meets the rules, and who narrowly misses, with the reasons", async () => {
    await withServerDatabase(app.server, async (db) => {
      const metric = await givenMetric(db, { code: "e2e_satisfaction", nameZh: "满意度", nameEn: "Satisfaction", decimals: 1 });
      const months = ["2026-10", "2026-11", "2026-12"];
      await givenMetricValues(db, [
        ...months.map((period) => ({ metric, subject: meets.no, period, value: 99.1, source: "10000号质检系统" })),
        ...months.map((period, i) => ({ metric, subject: near.no, period, value: i === 1 ? 97.6 : 99, source: "10000号质检系统" })),
      ]);
      const title = await db.selectFrom("titles").select("id").where("slug", "=", "best-service-star").executeTakeFirstOrThrow();
      await db
        .insertInto("title_rules")
        .values({ title_id: title.id, position: 0, kind: "metric", metric_id: metric.id, scope: "each", comparator: "gte", threshold: "98" })
        .execute();
    });

    for (const javaScript of [true, false]) {
      const manager = await newPage(app.browser, { javaScript });
      await signInWithForm(manager, app.server, demoAccount("manager").employeeNo, demoPassword);
      await open(manager, `${app.server.url}/campaigns/2026-q4`);
      await manager.getByRole("link", { name: zh("eligibility.eligible.link") }).click();
      await eventually(() => textOf(manager.locator("h1"))).toBe(zh("eligibility.eligible.title"));
      await settled(manager);

      const section = manager.getByRole("region", { name: "最佳服务明星" });
      expect(await section.getByText("满意度每月 ≥ 98%", { exact: true }).count()).toBe(1);
      const meetList = section.getByRole("list", { name: /^符合条件/ });
      const nearList = section.getByRole("list", { name: /^差一点符合/ });
      expect(await meetList.getByText(meets.name).count()).toBe(1);
      expect(await nearList.getByText(near.name).count()).toBe(1);
      const reason = await textOf(nearList.getByRole("listitem").filter({ hasText: near.no }).locator(".reason--unmet"));
      expect(reason).toContain("97.6%，要求 ≥ 98%（2026-11；来自10000号质检系统");
      expect(await meetList.getByRole("link", { name: zh("eligibility.eligible.nominate", { name: meets.name }) }).count()).toBe(1);
      await expectNoAxeViolations(manager);
      expectNoProblems(manager);

      // "Nominate" opens the form on that title with that person typed in.
      await meetList.getByRole("link", { name: zh("eligibility.eligible.nominate", { name: meets.name }) }).click();
      await eventually(() => new URL(manager.url()).pathname).toBe("/campaigns/2026-q4/nominate");
      await settled(manager);
      // By role, not by label: with script the address changes a moment before React draws the form,
      // and the list page's region "最佳服务明星" is a label match too. A radio waits for the form.
      expect(await titleChoice(manager, /^最佳服务明星/).isChecked()).toBe(true);
      const nomineeField = manager.locator('input[name="nominees[0]"]');
      expect(await nomineeField.inputValue()).toBe(meets.no);
      await open(manager, `${app.server.url}/campaigns/2026-q4/nominate?title=outstanding-service-star&nominee=${meets.no}`);
      expect(await titleChoice(manager, /^优秀服务明星/).isChecked()).toBe(true);
      // A title the campaign does not offer, or a nominee that is no employee number, opens the form as usual.
      await open(manager, `${app.server.url}/campaigns/2026-q4/nominate?title=nope&nominee=%3Cb%3E`);
      expect(await titleChoice(manager, /^最佳服务明星/).isChecked()).toBe(true);
      expect(await nomineeField.inputValue()).toBe("");
      await manager.context().close();
    }
  });

  test("without JavaScript, nominating the near miss is refused with the reason, and nothing typed is lost", async () => {
    const manager = await newPage(app.browser, { javaScript: false });
    await signInWithForm(manager, app.server, demoAccount("manager").employeeNo, demoPassword);
    await open(manager, `${app.server.url}/campaigns/2026-q4/nominate`);
    await manager.getByLabel(/^最佳服务明星/).check();
    await manager.getByRole("button", { name: zh("nominate.title.refresh") }).click();
    const satisfaction = manager.getByRole("group", { name: /客户满意度/ });
    await eventually(() => satisfaction.count()).toBe(1);
    await settled(manager);
    await manager.getByLabel(zh("nominate.nominee.label"), { exact: true }).fill(near.no);
    const citation = "台风夜连续接听五个小时，逐一回访报障客户。";
    await manager.getByLabel(zh("nominate.citation"), { exact: true }).fill(citation);
    await satisfaction.getByLabel(zh("nominate.metric.value"), { exact: true }).fill("98.6");
    await satisfaction.getByLabel(zh("nominate.metric.period"), { exact: true }).fill("2026年第四季度");
    const faultRate = manager.getByRole("group", { name: /故障申告率/ });
    await faultRate.getByLabel(zh("nominate.metric.value"), { exact: true }).fill("1.5");
    await faultRate.getByLabel(zh("nominate.metric.period"), { exact: true }).fill("2026年第四季度");
    const story = manager.getByRole("group", { name: zh("nominate.story.legend", { n: 1 }) });
    await story.getByLabel(zh("nominate.story.body"), { exact: true }).fill("台风过境那晚，她守在话务台前，一台一台回电确认抢修进度。");
    await manager.getByRole("button", { name: zh("nominate.submit") }).click();
    await settled(manager);

    const errors = await manager
      .locator(".field-error, .form-error")
      .allTextContents()
      .then((t) => t.join(" "));
    expect(errors).toContain("不符合该称号的评选条件");
    expect(errors).toContain("97.6%，要求 ≥ 98%（2026-11");
    expect(await manager.getByLabel(zh("nominate.citation"), { exact: true }).inputValue()).toBe(citation);
    expect(await satisfaction.getByLabel(zh("nominate.metric.value"), { exact: true }).inputValue()).toBe("98.6");
    expect(await manager.getByLabel(zh("nominate.nominee.label"), { exact: true }).inputValue()).toBe(near.no);
    // The title allows no exception: no justification is asked for.
    expect(await manager.getByLabel(zh("eligibility.exception.field")).count()).toBe(0);
    expect(new URL(manager.url()).pathname).toBe("/campaigns/2026-q4/nominate");
    await expectNoAxeViolations(manager);
  });

  test("without JavaScript, an administrator adds a rule in words and sees it as a sentence", async () => {
    const admin = await newPage(app.browser, { javaScript: false });
    await signInWithForm(admin, app.server, demoAccount("admin").employeeNo, demoPassword);
    await open(admin, `${app.server.url}/admin/titles`);
    await admin
      .getByRole("listitem")
      .filter({ hasText: "服务标兵" })
      .getByRole("link", { name: zh("eligibility.rules.link") })
      .click();
    await settled(admin);
    expect(await textOf(admin.locator("h1"))).toBe(zh("eligibility.rules.title", { title: "服务标兵" }));
    await expectNoAxeViolations(admin);
    // A threshold that is no number comes back with its message.
    await admin.getByLabel(zh("eligibility.rule.kind.service")).check();
    await admin.getByLabel(zh("eligibility.rule.threshold"), { exact: true }).fill("一年");
    await admin.getByRole("button", { name: zh("eligibility.rules.add.submit") }).click();
    await settled(admin);
    expect(await admin.locator(".field-error").allTextContents()).toContain(zh("eligibility.rule.threshold.invalid"));
    await admin.getByLabel(zh("eligibility.rule.kind.service")).check();
    await admin.getByLabel(zh("eligibility.rule.threshold"), { exact: true }).fill("12");
    await admin.getByRole("button", { name: zh("eligibility.rules.add.submit") }).click();
    await eventually(() => textOf(admin.getByRole("status"))).toBe(zh("eligibility.rules.saved"));
    await settled(admin);
    expect(await admin.getByText("司龄（月） ≥ 12", { exact: true }).count()).toBe(1);
    await admin.getByLabel(zh("eligibility.exception.label")).check();
    await admin.getByRole("button", { name: zh("eligibility.exception.save") }).click();
    await eventually(() => textOf(admin.getByRole("status"))).toBe(zh("eligibility.exception.saved"));
    expect(await admin.getByLabel(zh("eligibility.exception.label")).isChecked()).toBe(true);
    await expectNoAxeViolations(admin);
  });
});
