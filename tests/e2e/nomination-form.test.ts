import { expect, test } from "vitest";
import { type MessageKey, type Vars } from "../../app/i18n";
import { translate } from "../../app/i18n/all.server";
import { limits } from "../../app/domain/nominations/schema";
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
import { demoAccount, demoPassword } from "../support/server";

// Two rough edges of the nomination form (issue 14): with JavaScript, focus
// jumped back into an over-long citation while the manager typed a metric;
// without JavaScript, changing the title and sending lost what the metric rows
// meant. The demo's hotline manager works on the 2026 Q4 campaign.

const zh = (key: MessageKey, vars?: Vars) => translate("zh-CN", key, vars);

async function openForm(page: Page, url: string) {
  await signInWithForm(page, { url }, demoAccount("manager").employeeNo, demoPassword);
  await page.goto(`${url}/campaigns/2026-q4/nominate`);
  await settled(page);
}

const metricGroup = (page: Page, name: RegExp) => page.getByRole("group", { name });
const valueOf = (page: Page, name: RegExp) => metricGroup(page, name).getByLabel(zh("nominate.metric.value"), { exact: true });

describeWithBrowser("the nomination form", () => {
  const app = useServerAndBrowser();

  test("with JavaScript: after an over-long citation, typing a metric's value stays in that field", async () => {
    const page = await newPage(app.browser);
    await openForm(page, app.server.url);
    const citation = page.getByLabel(zh("nominate.citation"), { exact: true });
    const tooLong = "除夕夜主动守大夜班，节后逐一回访报障客户。".repeat(10).slice(0, limits.citation + 5);
    await citation.fill(tooLong);

    // A person clicks the first metric's value and types.
    const value = page.locator('input[name="metrics[0].value"]');
    await value.click();
    // Leaving the citation showed its error…
    await eventually(() =>
      page
        .locator(".field-error")
        .filter({ hasText: zh("nominations.citation.tooLong") })
        .count(),
    ).toBe(1);
    await page.keyboard.type("99.2", { delay: 30 });
    await settled(page);

    expect(await value.inputValue()).toBe("99.2");
    expect(await citation.inputValue()).toBe(tooLong);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("metrics[0].value");
    expectNoProblems(page);
    await page.context().close();
  });

  test("without JavaScript: sending with another title shows that title's metrics, keeps what was typed and says so", async () => {
    const page = await newPage(app.browser, { javaScript: false });
    await openForm(page, app.server.url);
    // The form opens on the first title, Best Service Star: satisfaction, fault-report rate, complaints.
    await valueOf(page, /客户满意度/).fill("99.2");
    await metricGroup(page, /客户满意度/)
      .getByLabel(zh("nominate.metric.period"), { exact: true })
      .fill("2026-09");
    await page.getByLabel(zh("nominate.nominee.label"), { exact: true }).fill("GD000004");
    await page.getByLabel(zh("nominate.citation"), { exact: true }).fill("节后逐一回访报障客户。");
    const story = page.getByRole("group", { name: zh("nominate.story.legend", { n: 1 }) });
    await story.getByLabel(zh("nominate.story.body"), { exact: true }).fill("春节假期里的每一宗故障，他都回访到客户满意。");

    // Another title, and straight to "submit" without asking for its metrics first.
    await page.getByLabel(/^优秀服务明星/).check();
    await page.getByRole("button", { name: zh("nominate.submit") }).click();
    await settled(page);

    // Not sent: the form is back for the new title, with a notice saying why.
    expect(new URL(page.url()).pathname).toBe("/campaigns/2026-q4/nominate");
    expect(await textOf(page.getByRole("status"))).toBe(zh("nominate.title.changed", { title: "优秀服务明星" }));
    expect(await page.getByLabel(/^优秀服务明星/).isChecked()).toBe(true);
    // The satisfaction typed for the old title is the new title's satisfaction row, not a row of its own.
    expect(await metricGroup(page, /客户满意度/).count()).toBe(1);
    expect(await valueOf(page, /客户满意度/).inputValue()).toBe("99.2");
    expect(await metricGroup(page, /话务量/).count()).toBe(1);
    expect(await metricGroup(page, /故障申告率/).count()).toBe(0);
    expect(await page.locator('input[name$=".name"]:not([type="hidden"])').count()).toBe(0);
    expect(await page.getByLabel(zh("nominate.citation"), { exact: true }).inputValue()).toBe("节后逐一回访报障客户。");
    expect(await page.getByLabel(zh("nominate.nominee.label"), { exact: true }).inputValue()).toBe("GD000004");
    expect(await story.getByLabel(zh("nominate.story.body"), { exact: true }).inputValue()).toBe("春节假期里的每一宗故障，他都回访到客户满意。");
    expect(await page.locator(".field-error, .form-error").count()).toBe(0);
    await expectNoAxeViolations(page);

    // Sent again as it is now shown: submitted.
    await page.getByRole("button", { name: zh("nominate.submit") }).click();
    await eventually(() => textOf(page.getByRole("status"))).toBe(zh("nominate.submitted"));
    await settled(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/campaigns\/2026-q4\/nominations\/\d+$/);
    expectNoProblems(page);
    await page.context().close();
  });
});
