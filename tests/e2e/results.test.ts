import { expect, test } from "vitest";
import { type Locale, type MessageKey } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import {
  describeWithBrowser,
  eventually,
  expectNoProblems,
  newPage,
  phoneViewport,
  problems,
  scrollWidthOf,
  settled,
  signInWithForm,
  textOf,
  textsOf,
  useServerAndBrowser,
  type Page,
} from "../support/browser";
import { formatList } from "../../app/i18n/index";
import { demoTieReason } from "../../app/demo/voting";
import { closedDemoCampaign, demoCommitteeColleague, givePassword } from "../support/published-demo";
import { demoAccount, demoPassword } from "../support/server";

// After the vote, in the demo's 2026-10 (closed, awaiting ratification, a tie
// at the cut-off of 优秀服务明星). The committee decides together (quorum 2,
// decision 0028): a colleague on the committee has confirmed the vote's
// winners of both titles; the demo committee member confirms them, which
// ratifies each title and starts the publicity period; the demo agent objects
// to a proposed winner from a phone; the administrator cannot publish
// meanwhile; the committee member proposes to uphold the objection with a
// replacement, and the colleague's confirmation resolves it.
// One server, the tests in order: each starts where the last left off.

const slug = closedDemoCampaign;
const tied = "outstanding-service-star";
const single = "best-service-star";
const results = `/campaigns/${slug}/results`;

/** A message's text before its first placeholder (for sentences that carry a date). */
const lead = (locale: Locale, key: MessageKey, vars: Record<string, string> = {}) =>
  translate(locale, key, { ...vars, date: "\u0000" }).split("\u0000")[0];
const noticeOf = (page: Page) => textOf(page.locator(".notice"));
const colleague = demoCommitteeColleague();
/** With JavaScript, waits until Remix has hydrated, so a click submits through it. */
const hydrated = (page: Page) => page.waitForFunction(() => "__remixRouter" in window);

describeWithBrowser("results after close: ratification, publicity, an objection", () => {
  const app = useServerAndBrowser();
  const committee = demoAccount("committee");
  const staff = demoAccount("staff");
  const admin = demoAccount("admin");
  // Set by test 3, read by tests 5 and 6; set by test 5, read by test 6.
  let objectedTo = "";
  let replacementName = "";

  async function signedIn(employeeNo: string, options: { language: string; javaScript: boolean; phone?: boolean }) {
    const page = await newPage(app.browser, options);
    await signInWithForm(page, app.server, employeeNo, demoPassword);
    return page;
  }

  test("while 2026-11 is voting, the administrator sees how many have voted per unit so far, never who; the committee does not (zh-CN, en)", async () => {
    for (const language of ["zh-CN", "en"] as const) {
      const page = await signedIn(admin.employeeNo, { language, javaScript: language === "en" });
      await page.goto(`${app.server.url}/campaigns/2026-11/results`);
      await settled(page);
      expect(await textOf(page.locator("#live-turnout-title"))).toBe(translate(language, "results.live.title"));
      const rows = page.locator("#live-turnout tbody tr");
      expect(await rows.count()).toBeGreaterThan(1);
      // Every row covers at least ten people who can vote.
      const eligible = await rows.evaluateAll((trs) =>
        trs.map((tr) => Number((tr.querySelector("td.num")?.textContent ?? "").replace(/[^\d]/g, ""))),
      );
      expect(eligible.every((n) => n >= 10)).toBe(true);
      expect(await page.locator(".vote-chart, .results__recount").count()).toBe(0);
      await expectNoAxeViolations(page);
      expectNoProblems(page);
      await page.context().close();
    }
    const page = await signedIn(committee.employeeNo, { language: "zh-CN", javaScript: false });
    await page.goto(`${app.server.url}/campaigns/2026-11/results`);
    await settled(page);
    expect(await page.locator("#live-turnout").count()).toBe(0);
    await page.context().close();
  });

  test("without JavaScript the committee member confirms the tied title's winners a colleague proposed, after trying others without a reason (zh-CN)", async () => {
    const page = await signedIn(committee.employeeNo, { language: "zh-CN", javaScript: false });
    await page.goto(`${app.server.url}/`);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: translate("zh-CN", "results.home.toRatify", { campaign: "2026年10月 服务之星", count: 2 }) }).click();
    await page.waitForURL(new RegExp(`${results}$`));
    await settled(page);

    expect(await page.locator(`#title-${single} svg.vote-chart`).count()).toBe(1);
    expect(await page.locator(`#title-${tied} svg.vote-chart`).count()).toBe(1);
    expect(await textOf(page.locator(".results__turnout caption"))).toBe(translate("zh-CN", "results.page.turnoutUnit"));
    expect(await page.locator(".results__turnout tbody tr").count()).toBeGreaterThan(0);
    expect(await textOf(page.locator(".results__recount p"))).toContain(lead("zh-CN", "results.page.recountOk", { ballots: "\u0000" }));
    expect(await page.locator(".results__ok").count()).toBe(1);
    expect(await textOf(page.locator(`#title-${tied} .results__tie`))).toBe(translate("zh-CN", "results.page.tie"));
    expect(await page.locator(`#title-${single} .results__tie`).count()).toBe(0);
    expect(await textsOf(page.locator(`#title-${tied} .results__table tbody td.num:nth-of-type(3)`))).toEqual(["27", "19", "19", "12"]);
    await expectNoAxeViolations(page);

    // The colleague's proposal, with who has confirmed it: one of the two needed.
    const proposal = page.locator(`#title-${tied} .results__proposal`);
    expect(await proposal.count()).toBe(1);
    expect(await textOf(proposal.locator("strong"))).toMatch(
      new RegExp(`^${escape(lead("zh-CN", "results.page.proposed.by", { name: colleague.name }))}`),
    );
    expect(await textsOf(proposal.locator("p"))).toEqual(
      expect.arrayContaining([
        translate("zh-CN", "results.page.tieReason", { reason: demoTieReason }),
        translate("zh-CN", "results.page.confirmedBy", { names: colleague.name, confirmations: 1, quorum: 2 }),
      ]),
    );
    await expectNoAxeViolations(page);

    // Other winners at the tie, without a reason: refused on the reason box, the choice kept.
    const form = page.locator(`#ratify-${tied}`);
    // Each title's group is named by its title too (for a screen reader's list of groups).
    expect(await textOf(form.locator("legend"))).toMatch(new RegExp(`^${escape(translate("zh-CN", "results.page.proposeOther"))}\\s*: \\S`));
    const tiedBoxes = form.locator("li", { hasText: translate("zh-CN", "results.page.tied") }).locator('input[name="nominationIds"]');
    expect(await tiedBoxes.count()).toBe(2);
    const [firstTied, secondTied] = await tiedBoxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked));
    expect([firstTied, secondTied]).toEqual([true, false]);
    await tiedBoxes.nth(0).uncheck();
    await tiedBoxes.nth(1).check();
    const chosen = await form.locator('input[name="nominationIds"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked));
    await form.locator("button[type=submit]").click();
    // Said on the reason box itself, where it is fixed.
    await eventually(() => textOf(page.locator(`#ratify-${tied} .field-error`))).toBe(translate("zh-CN", "results.ratify.tieReason"));
    await settled(page);
    expect(
      await page.locator(`#ratify-${tied} input[name="nominationIds"]`).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked)),
    ).toEqual(chosen);
    expect(await page.locator(`#title-${tied} .results__ratified`).count()).toBe(0);
    await expectNoAxeViolations(page);

    // The member agrees with the colleague after all: their confirmation is the second, and ratifies.
    await page.locator(`#confirm-${tied}-0 button[type=submit]`).click();
    await eventually(() => noticeOf(page)).toBe(translate("zh-CN", "results.page.ratified"));
    await settled(page);
    const ratified = await textsOf(page.locator(`#title-${tied} .results__ratified p`));
    expect(ratified[0]).toContain(lead("zh-CN", "results.page.ratifiedBy", { name: formatList("zh-CN", [colleague.name, committee.name]) }));
    expect(ratified[1]).toBe(translate("zh-CN", "results.page.tieReason", { reason: demoTieReason }));
    expect(await page.locator(`#ratify-${tied}`).count()).toBe(0);
    expect(await page.locator(`#title-${tied} .results__proposal`).count()).toBe(0);
    expect(await page.locator(`#confirm-${single}-0`).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test("with JavaScript on a phone the committee confirms the other title, which starts the publicity period (en)", async () => {
    const page = await signedIn(committee.employeeNo, { language: "en", javaScript: true, phone: true });
    await page.goto(`${app.server.url}${results}`);
    await settled(page);
    await hydrated(page);
    // The turnout table's long English unit names stay inside the phone.
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(phoneViewport.width);
    expect(await textOf(page.locator(`#title-${single} .results__proposals h3`))).toBe(translate("en", "results.page.pending"));
    await expectNoAxeViolations(page);
    await page.locator(`#confirm-${single}-0 button[type=submit]`).click();
    await eventually(() => noticeOf(page)).toBe(translate("en", "results.page.ratifiedAll"));
    await settled(page);
    expect(await textOf(page.locator(".results > .lede"))).toMatch(new RegExp(`^${escape(lead("en", "results.page.publicity"))}\\S`));
    expect(await textOf(page.locator(`#title-${single} .results__ratified p`))).toContain(
      lead("en", "results.page.ratifiedBy", { name: formatList("en", [colleague.name, committee.name]) }),
    );
    expect(await page.locator("form[id^='ratify-'], form[id^='confirm-']").count()).toBe(0);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });

  test("without JavaScript on a phone the agent sees the proposed winners, no counts, and objects to one (zh-CN)", async () => {
    const page = await signedIn(staff.employeeNo, { language: "zh-CN", javaScript: false, phone: true });
    await page.goto(`${app.server.url}/`);
    expect(await textOf(page.locator("#publicity-title"))).toBe(translate("zh-CN", "results.home.publicity"));
    await expectNoAxeViolations(page);
    await page.locator("#publicity-title + ul a", { hasText: "2026年10月 服务之星" }).click();
    await page.waitForURL(new RegExp(`${results}$`));
    await settled(page);

    expect(await textsOf(page.locator(".results__winners h3"))).toEqual([
      translate("zh-CN", "results.page.winners"),
      translate("zh-CN", "results.page.winners"),
    ]);
    expect(await page.locator(".vote-chart").count()).toBe(0);
    expect(await page.locator(".results__table").count()).toBe(0);
    expect(await page.locator(".results__recount").count()).toBe(0);
    expect(await page.locator(`#title-${single} .results__winner-list > li`).count()).toBe(1);
    expect(await page.locator(`#title-${tied} .results__winner-list > li`).count()).toBe(2);
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(phoneViewport.width);
    await expectNoAxeViolations(page);

    const winner = page.locator(`#title-${single} .results__winner-list > li`).first();
    objectedTo = (await textOf(winner.locator(".results__winner-name a")))!;
    const details = winner.locator("details.results__object");
    await details.locator("summary").click();
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await details.locator('textarea[name="reason"]').fill("不公平");
    await details.locator("button[type=submit]").click();

    const answered = page.locator(`#title-${single} details.results__object`);
    await eventually(() => textOf(answered.locator(".field-error"))).toBe(translate("zh-CN", "results.reason.short"));
    await settled(page);
    expect(await answered.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await answered.locator('textarea[name="reason"]').inputValue()).toBe("不公平");
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(phoneViewport.width);
    await expectNoAxeViolations(page);

    const reason = "据我所知，该同事十月份的满意度数据统计口径与其他人不同，请评审委员会核实。";
    await answered.locator('textarea[name="reason"]').fill(reason);
    await answered.locator("button[type=submit]").click();
    await eventually(() => noticeOf(page)).toBe(translate("zh-CN", "results.page.objected"));
    await settled(page);
    expect(await textOf(page.locator("#objections-h"))).toBe(translate("zh-CN", "results.page.myObjections"));
    const mine = page.locator("#objections .results__objection");
    expect(await mine.count()).toBe(1);
    expect(await textOf(mine.locator(".status"))).toBe(translate("zh-CN", "results.page.status.open"));
    expect(await textOf(mine.locator("blockquote"))).toBe(reason);
    expect(await textOf(mine.locator("strong"))).toContain(objectedTo);
    // Objected once: that winner offers no second objection.
    expect(await page.locator(`#title-${single} details.results__object`).count()).toBe(0);
    expect(await scrollWidthOf(page)).toBeLessThanOrEqual(phoneViewport.width);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test("with JavaScript the administrator is told, before choosing anything, that publication waits for the publicity period, and finds the downloads (en)", async () => {
    const page = await signedIn(admin.employeeNo, { language: "en", javaScript: true });
    await page.goto(`${app.server.url}/admin/campaigns/${slug}`);
    await settled(page);
    await hydrated(page);
    expect(await textOf(page.locator(".phase"))).toBe(translate("en", "campaigns.phase.closed"));
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: translate("en", "publish.admin.publish") }).click();
    await page.waitForURL(new RegExp(`/admin/campaigns/${slug}/publish$`));
    await settled(page);
    // The router is idle before React has drawn the new page (its updates are transitions): wait for it.
    await page.locator("#blocked-title").waitFor();
    expect(await textOf(page.locator("#blocked-title"))).toBe(translate("en", "publish.page.blocked"));
    expect(await textOf(page.locator("#blocked-title + p"))).toBe(translate("en", "campaigns.move.publicity"));
    expect(await page.locator("form#publish").count()).toBe(0);
    await expectNoAxeViolations(page);

    await page.goto(`${app.server.url}${results}`);
    await settled(page);
    for (const [ext, key, type] of [
      ["csv", "results.page.csv", "text/csv"],
      ["json", "results.page.json", "application/json"],
    ] as const) {
      const link = page.locator(`a[href="${results}.${ext}"]`);
      expect(await textOf(link)).toBe(translate("en", key));
      const response = await page.request.get(`${app.server.url}${results}.${ext}`);
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toContain(type);
    }
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });

  test("with JavaScript the committee member proposes to uphold the objection with a replacement; it waits for a second member (en)", async () => {
    const page = await signedIn(committee.employeeNo, { language: "en", javaScript: true });
    await page.goto(`${app.server.url}${results}#objections`);
    await settled(page);
    await hydrated(page);
    const objection = page.locator("#objections .results__objection");
    expect(await objection.count()).toBe(1);
    expect(await textOf(objection.locator("strong"))).toMatch(
      new RegExp(`^${escape(lead("en", "results.page.objectionAbout", { who: staff.name, nominee: objectedTo, title: "Best Service Star" }))}\\S`),
    );
    expect(await textOf(objection.locator("blockquote"))).toContain("十月份的满意度数据");
    await expectNoAxeViolations(page);

    const form = objection.locator("form[id^='resolve-']");
    await form.locator('input[name="decision"][value="uphold"]').check();
    await form
      .locator('textarea[name="resolution"]')
      .fill("Checked with the hotline's quality team: the October figure was counted on a different basis.");
    const select = form.locator('select[name="replacementId"]');
    const options = await select
      .locator("option")
      .evaluateAll((els) => els.map((e) => ({ value: (e as HTMLOptionElement).value, text: e.textContent ?? "" })));
    const replacement = options.find((o) => o.value !== "")!;
    expect(replacement).toBeDefined();
    await select.selectOption(replacement.value);
    await form.locator("button[type=submit]").click();
    await eventually(() => noticeOf(page)).toBe(translate("en", "results.page.confirmed", { confirmations: 1, quorum: 2 }));
    await settled(page);
    replacementName = replacement.text.split(" (")[0];
    const pending = objection.locator(".results__proposal");
    expect(await textOf(pending.locator("strong"))).toBe(
      translate("en", "results.page.resolution.proposed", { name: committee.name, decision: translate("en", "results.page.uphold") }),
    );
    expect(await textsOf(pending.locator("p"))).toEqual(
      expect.arrayContaining([
        translate("en", "results.page.resolution.replacement", { name: replacementName }),
        translate("en", "results.page.confirmedBy", { names: committee.name, confirmations: 1, quorum: 2 }),
        translate("en", "results.page.youConfirmed"),
      ]),
    );
    expect(await textOf(objection.locator(".status"))).toBe(translate("en", "results.page.status.open"));
    expect(await pending.getByRole("button", { name: translate("en", "results.page.withdraw") }).count()).toBe(1);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });

  test("without JavaScript the colleague on the committee confirms it: the winner removed, the next in line in, both named (zh-CN)", async () => {
    const password = "Colleague-2026-confirms";
    await givePassword(app.server, colleague.employeeNo, password);
    const page = await newPage(app.browser, { language: "zh-CN", javaScript: false });
    await signInWithForm(page, app.server, colleague.employeeNo, password);
    await page.goto(`${app.server.url}${results}#objections`);
    await settled(page);
    const objection = page.locator("#objections .results__objection");
    expect(await textOf(objection.locator(".results__proposal strong"))).toBe(
      translate("zh-CN", "results.page.resolution.proposed", { name: committee.name, decision: translate("zh-CN", "results.page.uphold") }),
    );
    await expectNoAxeViolations(page);
    await objection.getByRole("button", { name: translate("zh-CN", "results.page.resolution.confirm") }).click();
    await eventually(() => noticeOf(page)).toBe(translate("zh-CN", "results.page.resolved"));
    await settled(page);

    const winners = page.locator(`#title-${single} .results__winner-list > li`);
    const standings = await winners.evaluateAll((els) =>
      els.map((li) => ({
        name: li.querySelector(".results__winner-name a")?.textContent ?? "",
        status: li.querySelector(".status")?.textContent ?? "",
      })),
    );
    expect(standings).toContainEqual({ name: objectedTo, status: translate("zh-CN", "results.page.winner.removed") });
    expect(standings).toContainEqual({ name: replacementName, status: translate("zh-CN", "results.page.winner.replacement") });
    const resolved = page.locator("#objections .results__objection");
    expect(await textOf(resolved.locator(".status"))).toBe(translate("zh-CN", "results.page.status.upheld"));
    expect(await textsOf(resolved.locator("p"))).toEqual(
      expect.arrayContaining([expect.stringContaining(formatList("zh-CN", [committee.name, colleague.name]))]),
    );
    expect(await resolved.locator("form").count()).toBe(0);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });

  test("the turnout meters are drawn to scale, without a CSP refusal", async () => {
    const page = await signedIn(committee.employeeNo, { language: "en", javaScript: true });
    await page.goto(`${app.server.url}${results}`);
    await settled(page);
    const meters = await page.locator(".results__turnout tbody tr").evaluateAll((rows) =>
      rows.map((row) => {
        const meter = row.querySelector(".results__meter")!;
        const fill = meter.querySelector(".results__meter-fill")!;
        const rate = Number(/([\d.]+)%/.exec(row.lastElementChild!.textContent ?? "")![1]);
        return { rate, drawn: Math.round((fill.getBoundingClientRect().width / meter.getBoundingClientRect().width) * 100) };
      }),
    );
    await page.context().close();
    expect(meters.length).toBeGreaterThan(0);
    for (const m of meters) expect(Math.abs(m.drawn - m.rate), JSON.stringify(m)).toBeLessThanOrEqual(3);
    expect(problems(page)).toEqual([]);
  });
});

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
