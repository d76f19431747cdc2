import { expect, test } from "vitest";
import { type MessageKey, type Vars } from "../../app/i18n";
import { translate } from "../../app/i18n/all.server";
import { phoneJpeg, svg } from "../fixtures/media/images";
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

// The whole life of a nomination as people live it, in Chromium, once with
// JavaScript and once without: the hotline manager nominates an agent with a
// metric, a story and a photo (a bad file on the way is refused, and nothing
// typed is lost); the committee returns it with a comment; the manager reads
// the comment on the home page, fixes it and resubmits; the committee approves.

const zh = (key: MessageKey, vars?: Vars) => translate("zh-CN", key, vars);
// A story that tries to be HTML and a link: it must stay text on every page.
const hostileStory = [
  "除夕夜她守在话务台前，接起了第一个电话。",
  "",
  '<img src="/x.png" onerror="document.title=\'pwned\'">',
  "- <a href=\"javascript:document.title='pwned'\">点这里</a>",
  "- javascript:alert(1)",
  "",
  "> 谢谢你们，这个年过得安心。",
].join("\n");

async function expectHarmless(page: Page) {
  expect(await page.title()).not.toBe("pwned");
  expect(await page.locator("img[onerror], [onerror], a[href^='javascript:' i]").count()).toBe(0);
}

async function open(page: Page, url: string) {
  await page.goto(url);
  await settled(page);
}

describeWithBrowser("a nomination from draft to approval", () => {
  const app = useServerAndBrowser();

  for (const javaScript of [true, false]) {
    // Two nominees from the hotline manager's own desk, one per run.
    const nominee = javaScript ? { no: "GD000004", name: "程嘉朗" } : { no: "GD000007", name: "何嘉欣" };

    test(`manager nominates, committee returns, manager fixes, committee approves (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const manager = await newPage(app.browser, { javaScript });
      await signInWithForm(manager, app.server, demoAccount("manager").employeeNo, demoPassword);

      // From the campaign page to the form.
      await open(manager, `${app.server.url}/campaigns/2026-q4`);
      await manager.getByRole("link", { name: zh("review.campaign.nominate") }).click();
      await eventually(() => textOf(manager.locator("h1"))).toBe(zh("nominate.new.title"));
      await settled(manager);
      await expectNoAxeViolations(manager);

      // The title: its metric rows appear (with script at once, without after asking for them).
      await manager.getByLabel(/^最佳服务明星/).check();
      if (!javaScript) await manager.getByRole("button", { name: zh("nominate.title.refresh") }).click();
      const satisfaction = manager.getByRole("group", { name: /客户满意度/ });
      await eventually(() => satisfaction.count()).toBe(1);
      await settled(manager);

      if (javaScript) {
        // Search as you type: two characters of the name, then pick from the list with the keyboard.
        const box = manager.getByRole("combobox", { name: zh("nominate.nominee.label") });
        await box.pressSequentially(nominee.name.slice(0, 2), { delay: 50 });
        const option = manager.getByRole("option").filter({ hasText: nominee.no });
        await eventually(() => option.count()).toBe(1);
        await expectNoAxeViolations(manager);
        await option.click();
        await eventually(() => box.inputValue()).toBe(nominee.no);
      } else {
        await manager.getByLabel(zh("nominate.nominee.label"), { exact: true }).fill(nominee.no);
      }
      await manager.getByLabel(zh("nominate.citation"), { exact: true }).fill("除夕夜主动守大夜班，节后逐一回访报障客户。");
      await satisfaction.getByLabel(zh("nominate.metric.value"), { exact: true }).fill("99.2");
      await satisfaction.getByLabel(zh("nominate.metric.period"), { exact: true }).fill("2026-09");
      const faultRate = manager.getByRole("group", { name: /故障申告率/ });
      await faultRate.getByLabel(zh("nominate.metric.value"), { exact: true }).fill("1.5");
      await faultRate.getByLabel(zh("nominate.metric.period"), { exact: true }).fill("2026-09");
      const story = manager.getByRole("group", { name: zh("nominate.story.legend", { n: 1 }) });
      await story.getByLabel(zh("nominate.story.heading"), { exact: true }).fill("除夕的大夜班");
      await story.getByLabel(zh("nominate.story.body"), { exact: true }).fill(hostileStory);
      await story.getByLabel(zh("evidence.fred.value"), { exact: true }).check();

      // A photo and an SVG "photo": the SVG is refused by name, the photo kept, and so is the text.
      await manager.getByLabel(zh("nominate.photos.add"), { exact: true }).setInputFiles([
        { name: "night-shift.jpg", mimeType: "image/jpeg", buffer: await phoneJpeg(1200, 900) },
        { name: "logo.svg", mimeType: "image/svg+xml", buffer: svg() },
      ]);
      await manager.getByRole("button", { name: zh("nominate.submit") }).click();
      await eventually(() =>
        manager
          .locator(".field-error, .form-error")
          .allTextContents()
          .then((t) => t.join(" ")),
      ).toContain("logo.svg");
      await settled(manager);
      expect(await manager.getByLabel(zh("nominate.citation"), { exact: true }).inputValue()).toBe("除夕夜主动守大夜班，节后逐一回访报障客户。");
      expect(await story.getByLabel(zh("nominate.story.body"), { exact: true }).inputValue()).toBe(hostileStory);
      expect(await satisfaction.getByLabel(zh("nominate.metric.value"), { exact: true }).inputValue()).toBe("99.2");
      expect(await story.getByLabel(zh("evidence.fred.value"), { exact: true }).isChecked()).toBe(true);
      expect(await manager.getByLabel(zh("nominate.photo.caption", { n: 1 }), { exact: true }).count()).toBe(1);
      await expectNoAxeViolations(manager);
      await manager.getByLabel(zh("nominate.photo.caption", { n: 1 }), { exact: true }).fill("除夕夜的话务台");

      // Submitted: the nomination page shows the evidence, and the story stays text.
      await manager.getByRole("button", { name: zh("nominate.submit") }).click();
      await eventually(() => textOf(manager.getByRole("status"))).toBe(zh("nominate.submitted"));
      await settled(manager);
      const nominationUrl = manager.url();
      expect(new URL(nominationUrl).pathname).toMatch(/^\/campaigns\/2026-q4\/nominations\/\d+$/);
      expect(await textOf(manager.locator("h1"))).toContain(nominee.name);
      expect(await manager.getByText('<img src="/x.png" onerror', { exact: false }).count()).toBe(1);
      expect(await manager.getByText(zh("evidence.fred.value")).count()).toBeGreaterThan(0);
      expect(await manager.locator("figure img").count()).toBe(1);
      await expectHarmless(manager);
      await expectNoAxeViolations(manager);

      // The committee returns it with a comment.
      const committee = await newPage(app.browser, { javaScript });
      await signInWithForm(committee, app.server, demoAccount("committee").employeeNo, demoPassword);
      await open(committee, `${app.server.url}/campaigns/2026-q4/review`);
      await expectNoAxeViolations(committee);
      await committee.getByRole("link", { name: zh("review.item.decide", { names: nominee.name }) }).click();
      await settled(committee);
      await expectHarmless(committee);
      await committee.getByLabel(zh("review.form.return"), { exact: true }).check();
      await committee.getByLabel(zh("review.form.comment"), { exact: true }).fill("请补充节后回访的客户数。");
      await committee.getByRole("button", { name: zh("review.form.submit") }).click();
      await eventually(() => textOf(committee.getByRole("status"))).toBe(zh("review.decided.returned"));
      await settled(committee);

      // The manager is told on the home page, fixes it and submits again.
      await open(manager, `${app.server.url}/`);
      const returned = manager.getByRole("link", { name: new RegExp(nominee.name) }).filter({ hasText: "请补充节后回访的客户数。" });
      await eventually(() => returned.count()).toBe(1);
      await expectNoAxeViolations(manager);
      await returned.click();
      await eventually(() => textOf(manager.locator("h1"))).toBe(zh("nominate.edit.title"));
      await settled(manager);
      expect(await manager.getByText("请补充节后回访的客户数。").count()).toBeGreaterThan(0);
      await manager.getByRole("button", { name: zh("nominate.metric.add") }).click();
      const added = manager.getByRole("group", { name: zh("nominate.metric.legend", { n: 4 }) });
      await eventually(() => added.count()).toBe(1);
      await settled(manager);
      await added.getByLabel(zh("nominate.metric.name"), { exact: true }).fill("节后回访客户");
      await added.getByLabel(zh("nominate.metric.unit"), { exact: true }).fill("户");
      await added.getByLabel(zh("nominate.metric.direction"), { exact: true }).selectOption("higher");
      await added.getByLabel(zh("nominate.metric.value"), { exact: true }).fill("46");
      await added.getByLabel(zh("nominate.metric.period"), { exact: true }).fill("2026年春节");
      await expectNoAxeViolations(manager);
      await manager.getByRole("button", { name: zh("nominate.submit") }).click();
      await eventually(() => textOf(manager.getByRole("status"))).toBe(zh("nominate.submitted"));
      await settled(manager);
      expect(manager.url()).toBe(nominationUrl);
      expect(await manager.getByText("节后回访客户").count()).toBeGreaterThan(0);

      // The committee approves; the history tells the whole story.
      await open(committee, nominationUrl);
      await committee.getByLabel(zh("review.form.approve"), { exact: true }).check();
      await committee.getByRole("button", { name: zh("review.form.submit") }).click();
      await eventually(() => textOf(committee.getByRole("status"))).toBe(zh("review.decided.approved"));
      await settled(committee);
      const history = await committee.locator(".history li, ol.history > li").allTextContents();
      expect(history.length).toBe(5);
      expect(history.at(-1)).toContain(zh("nominations.status.approved"));
      await expectHarmless(committee);
      await expectNoAxeViolations(committee);

      expectNoProblems(manager);
      expectNoProblems(committee);
      await manager.context().close();
      await committee.context().close();
    });
  }
});
