import { expect, test } from "vitest";
import { messageText, translate } from "../../app/i18n/all.server";
import { findingMessages } from "../../app/domain/privacy/guard";
import type { MessageKey, Vars } from "../../app/i18n";
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
import { publishDemoCampaign, ratifyDemoCampaign, closedDemoCampaign } from "../support/published-demo";
import { client, demoAccount, demoPassword, visibleText } from "../support/server";

// The privacy guard as a manager and an administrator meet it (issue 19):
// a story pasted from a complaint ticket with the customer's mobile, ID card
// and bank card comes back, nothing saved, each finding named in its
// sentence; "Mask and continue" stores the masks. With JavaScript the warning
// appears while typing. A published roll corrected the same way shows only
// masks on its page and its poster.

const zh = (key: MessageKey, vars?: Vars) => translate("zh-CN", key, vars);
const raw = ["13812345678", "440106195001011237", "6222021234567890128"];
const masks = ["138****5678", "440106********1237", "622202*********0128"];
const story = `回访了客户王女士（${raw[0]}），核对身份证${raw[1]}和银行卡${raw[2]}后，当天为她办结了退费。`;
const maskedStory = `回访了客户王女士（${masks[0]}），核对身份证${masks[1]}和银行卡${masks[2]}后，当天为她办结了退费。`;

/** No raw number in the page's HTML, in any spacing. */
async function expectNoRawNumbers(page: Page) {
  const html = (await page.content()).replace(/[\s-]/g, "");
  for (const number of raw) expect(html).not.toContain(number);
}

describeWithBrowser("the privacy guard", () => {
  const app = useServerAndBrowser();

  // Two nominees from the hotline manager's own desk, one per test.
  async function nominationWithStory(javaScript: boolean) {
    const page = await newPage(app.browser, { javaScript });
    await signInWithForm(page, app.server, demoAccount("manager").employeeNo, demoPassword);
    await page.goto(`${app.server.url}/campaigns/2026-q4/nominate`);
    await settled(page);
    await page.locator('input[name="nominees[0]"]').fill(javaScript ? "GD000007" : "GD000004");
    await page.getByLabel(zh("nominate.citation"), { exact: true }).fill("节后逐一回访报障客户。");
    // The title asks for these two metrics before a nomination is submitted.
    for (const [name, value] of [
      [/客户满意度/, "99.2"],
      [/故障申告率/, "1.9"],
    ] as const) {
      const metric = page.getByRole("group", { name });
      await metric.getByLabel(zh("nominate.metric.value"), { exact: true }).fill(value);
      await metric.getByLabel(zh("nominate.metric.period"), { exact: true }).fill("2026-09");
    }
    const body = page.getByRole("group", { name: zh("nominate.story.legend", { n: 1 }) }).getByLabel(zh("nominate.story.body"), { exact: true });
    return { page, body };
  }

  const choice = (page: Page) => page.locator(".privacy-choice");
  const findings = (page: Page) => textsOf(choice(page).locator("li"));
  /** What the choice lists for a text: each finding named, in its sentence, masked (tests/unit/privacy-guard.test.ts pins the wording). */
  const listed = (text: string) => findingMessages(text).map((m) => messageText("zh-CN", m));
  const expected = listed(story);

  test("without JavaScript: a story with a mobile, an ID and a bank card comes back unsaved, each finding named; Mask and continue submits the masks", async () => {
    const { page, body } = await nominationWithStory(false);
    await body.fill(story);
    await page.getByRole("button", { name: zh("nominate.submit") }).click();
    await settled(page);

    expect(new URL(page.url()).pathname).toBe("/campaigns/2026-q4/nominate");
    expect(await textOf(choice(page).locator("h2"))).toBe(zh("privacy.choice.title"));
    expect(await findings(page)).toEqual(expected);
    // Everything typed is kept; the story is marked next to its field too.
    expect(await body.inputValue()).toBe(story);
    expect(await page.locator('input[name="nominees[0]"]').inputValue()).toBe("GD000004");
    expect(
      await page
        .locator(".field-error")
        .filter({ hasText: zh("privacy.kind.mobile") })
        .count(),
    ).toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: zh("privacy.choice.mask") }).click();
    await eventually(() => textOf(page.getByRole("status"))).toBe(zh("nominate.submitted"));
    await settled(page);
    // It went on as first asked (submitted, not saved as a draft), with the masks.
    expect(new URL(page.url()).pathname).toMatch(/^\/campaigns\/2026-q4\/nominations\/\d+$/);
    expect(visibleText(await page.content())).toContain(maskedStory);
    await expectNoRawNumbers(page);
    expectNoProblems(page);
    await page.context().close();
  }, 120_000);

  test("with JavaScript: the warning appears while typing, goes when the number is removed, and Mask and continue submits the masks", async () => {
    const { page, body } = await nominationWithStory(true);
    await body.click();
    await page.keyboard.type(`请回拨客户${raw[0]}。`, { delay: 10 });
    // No need to leave the field or send the form.
    await eventually(() => findings(page)).toEqual([zh("privacy.found.mobile", { excerpt: `请回拨客户${masks[0]}。` })]);
    expect(expected).toHaveLength(3);
    await body.fill("");
    await body.pressSequentially("请回拨客户。", { delay: 10 });
    await eventually(() => choice(page).count()).toBe(0);

    await body.fill(story);
    await body.press("End");
    await page.keyboard.type("谢谢", { delay: 10 });
    await eventually(() => findings(page)).toEqual(listed(`${story}谢谢`));
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: zh("nominate.submit") }).click();
    // Sent with its findings: not sent, the choice takes the focus.
    await eventually(() => page.evaluate(() => document.activeElement?.className)).toBe("privacy-choice");
    await page.getByRole("button", { name: zh("privacy.choice.mask") }).click();
    await eventually(() => textOf(page.getByRole("status"))).toBe(zh("nominate.submitted"));
    await settled(page);
    expect(visibleText(await page.content())).toContain(`${maskedStory}谢谢`);
    await expectNoRawNumbers(page);
    expectNoProblems(page);
    await page.context().close();
  }, 120_000);

  test("without JavaScript: a published roll corrected with a pasted story shows only masks on the roll and its poster", async () => {
    await ratifyDemoCampaign(app.server);
    await publishDemoCampaign(app.server);
    const page = await newPage(app.browser, { javaScript: false });
    await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
    const publish = `${app.server.url}/admin/campaigns/${closedDemoCampaign}/publish`;
    await page.goto(publish);
    await settled(page);
    const winner = page.locator("article.publish__winner").nth(0);
    // The roll and its poster show the citation; the winner's page the story.
    await winner.locator('textarea[name$=".citation"]').fill(story);
    await winner.locator('textarea[name$="].body"]').first().fill(story);
    await page.locator('textarea[name="reason"]').fill(`客户来电补充说明，电话${raw[0]}。`);
    await page.getByRole("button", { name: zh("publish.page.submit.correct", { version: 2 }) }).click();
    await settled(page);
    expect(await findings(page)).toEqual([...expected, ...expected, ...listed(`客户来电补充说明，电话${raw[0]}。`)]);
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: zh("privacy.choice.mask") }).click();
    await page.waitForURL(publish);
    await settled(page);
    expect(await textOf(page.locator(".notice"))).toContain(zh("publish.done.corrected", { version: 2 }));

    for (const path of [`/honor-roll/${closedDemoCampaign}`, `/honor-roll/${closedDemoCampaign}/print`]) {
      await page.goto(`${app.server.url}${path}`);
      await settled(page);
      expect(visibleText(await page.content())).toContain(maskedStory);
      await expectNoRawNumbers(page);
    }
    // The roll as anyone reads it, signed in or not.
    const html = (await (await client(app.server).get(`/honor-roll/${closedDemoCampaign}`)).text()).replace(/[\s-]/g, "");
    for (const number of raw) expect(html).not.toContain(number);
    expectNoProblems(page);
    await page.context().close();
  }, 300_000);
});
