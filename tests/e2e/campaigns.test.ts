import { describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, eventually, expectNoProblems, newPage, settled, signInWithForm, textOf, useServerAndBrowser } from "../support/browser";
import { client, demoAccount, demoPassword, visibleText } from "../support/server";

const zh = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate("zh-CN", key, vars);

describeWithBrowser("titles and campaigns", () => {
  const app = useServerAndBrowser();

  for (const javaScript of [true, false]) {
    describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
      const suffix = javaScript ? "js" : "nojs";

      test("the administrator defines a title with a metric template, creates a campaign offering it, and opens nominations", async () => {
        const admin = demoAccount("admin");
        const page = await newPage(app.browser, { javaScript });
        await signInWithForm(page, app.server, admin.employeeNo, demoPassword);

        // Administration → honour titles → new title.
        await page.goto(`${app.server.url}/admin`);
        await page.getByRole("link", { name: zh("titles.admin.nav") }).click();
        await eventually(() => textOf(page.locator("h1"))).toBe(zh("titles.admin.title"));
        await settled(page);
        expect(await page.getByRole("link", { name: "最佳服务明星" }).count()).toBe(1);
        await expectNoAxeViolations(page);
        await page.getByRole("link", { name: zh("titles.new") }).click();
        await eventually(() => textOf(page.locator("h1"))).toBe(zh("titles.new"));
        await settled(page);
        await expectNoAxeViolations(page);

        const titleZh = `客户之友奖-${suffix}`;
        await page.getByLabel(zh("titles.form.slug"), { exact: true }).fill(`friend-of-customers-${suffix}`);
        await page.getByLabel(zh("titles.form.nameZh"), { exact: true }).fill(titleZh);
        await page.getByLabel(zh("titles.form.nameEn"), { exact: true }).fill(`Friend of Customers (${suffix})`);
        await page.getByLabel(zh("titles.form.criteria"), { exact: true }).fill("故障申告率低于 5%。");
        const row1 = page.getByRole("group", { name: zh("titles.form.row", { n: 1 }) });
        await row1.getByLabel(zh("titles.template.nameZh"), { exact: true }).fill("故障申告率");
        await row1.getByLabel(zh("titles.template.nameEn"), { exact: true }).fill("Fault-report rate");
        await row1.getByLabel(zh("titles.template.unit"), { exact: true }).fill("%");
        await row1.getByLabel(zh("titles.template.direction"), { exact: true }).selectOption("lower");
        await row1.getByLabel(zh("titles.template.target"), { exact: true }).fill("5");
        await row1.getByLabel(zh("titles.template.required"), { exact: true }).check();

        // One more row: without JavaScript a round trip that keeps everything typed.
        await page.getByRole("button", { name: zh("titles.form.addRow") }).click();
        await eventually(() => page.getByRole("group", { name: zh("titles.form.row", { n: 3 }) }).count()).toBe(1);
        await settled(page);
        expect(await page.getByLabel(zh("titles.form.nameZh"), { exact: true }).inputValue()).toBe(titleZh);
        expect(await row1.getByLabel(zh("titles.template.nameZh"), { exact: true }).inputValue()).toBe("故障申告率");
        expect(await row1.getByLabel(zh("titles.template.required"), { exact: true }).isChecked()).toBe(true);
        await expectNoAxeViolations(page);

        // A half-filled row is refused with the reason, and nothing typed is lost.
        const row2 = page.getByRole("group", { name: zh("titles.form.row", { n: 2 }) });
        await row2.getByLabel(zh("titles.template.nameZh"), { exact: true }).fill("话务量");
        await page.getByRole("button", { name: zh("titles.form.create") }).click();
        await eventually(() => textOf(row2.locator(".field-error").first())).toBe(zh("titles.template.nameEn.required"));
        await settled(page);
        expect(await page.getByLabel(zh("titles.form.nameZh"), { exact: true }).inputValue()).toBe(titleZh);
        await expectNoAxeViolations(page);
        await row2.getByLabel(zh("titles.template.nameZh"), { exact: true }).fill("");

        await page.getByRole("button", { name: zh("titles.form.create") }).click();
        await eventually(() => textOf(page.getByRole("status"))).toBe(zh("titles.created"));
        await settled(page);
        expect(new URL(page.url()).pathname).toBe("/admin/titles");
        expect(await page.getByRole("link", { name: titleZh }).count()).toBe(1);

        // A campaign offering the new title.
        await page.goto(`${app.server.url}/admin/campaigns/new`);
        await eventually(() => textOf(page.locator("h1"))).toBe(zh("campaigns.form.new.title"));
        await settled(page);
        await expectNoAxeViolations(page);
        const slug = `e2e-${suffix}`;
        const campaignZh = `浏览器测试评选-${suffix}`;
        await page.getByLabel(zh("campaigns.form.slug"), { exact: true }).fill(slug);
        await page.getByLabel(zh("campaigns.form.nameZh"), { exact: true }).fill(campaignZh);
        await page.getByLabel(zh("campaigns.form.nameEn"), { exact: true }).fill(`Browser test (${suffix})`);
        await page.getByLabel(zh("campaigns.form.periodStart"), { exact: true }).fill("2026-10-01");
        await page.getByLabel(zh("campaigns.form.periodEnd"), { exact: true }).fill("2026-12-31");
        await page.getByLabel(zh("campaigns.form.unit"), { exact: true }).selectOption("GD");
        await page.getByLabel(zh("campaigns.form.offer", { title: titleZh }), { exact: true }).check();
        await page.getByLabel(zh("campaigns.form.winners", { title: titleZh }), { exact: true }).fill("2");
        // K for this title, and the committee's quorum: two by default; more than nine is refused and nothing typed is lost.
        await page.getByLabel(zh("campaigns.form.votes", { title: titleZh }), { exact: true }).fill("2");
        const quorum = page.getByLabel(zh("campaigns.form.quorum"), { exact: true });
        expect(await quorum.inputValue()).toBe("2");
        await quorum.fill("12");
        await page.getByRole("button", { name: zh("campaigns.form.create") }).click();
        await eventually(() => textOf(page.locator(".field", { has: quorum }).locator(".field-error"))).toBe(zh("campaigns.quorum.invalid"));
        await settled(page);
        expect(await page.getByLabel(zh("campaigns.form.slug"), { exact: true }).inputValue()).toBe(slug);
        expect(await page.getByLabel(zh("campaigns.form.votes", { title: titleZh }), { exact: true }).inputValue()).toBe("2");
        expect(await quorum.inputValue()).toBe("12");
        await expectNoAxeViolations(page);
        await quorum.fill("3");
        await page.getByRole("button", { name: zh("campaigns.form.create") }).click();
        await eventually(() => textOf(page.getByRole("status"))).toBe(zh("campaigns.created"));
        await settled(page);
        expect(new URL(page.url()).pathname).toBe(`/admin/campaigns/${slug}`);
        await expectNoAxeViolations(page);

        // Move it on, one phase.
        const nominating = zh("campaigns.phase.nominating");
        await page.getByRole("button", { name: zh("campaigns.advance.submit", { phase: nominating }) }).click();
        await eventually(() => textOf(page.getByRole("status"))).toBe(zh("campaigns.advance.done", { phase: nominating }));
        await settled(page);
        expect(await textOf(page.locator(".phase"))).toBe(nominating);
        expect(await textOf(page.locator(".hint"))).toBe(zh("campaigns.form.notDraft"));
        await expectNoAxeViolations(page);

        // The campaign page shows the phase, the timeline and the title with its metric.
        await page.goto(`${app.server.url}/campaigns/${slug}`);
        await eventually(() => textOf(page.locator("h1"))).toBe(campaignZh);
        await settled(page);
        expect(await textOf(page.locator('.timeline [aria-current="step"] .timeline__phase'))).toBe(nominating);
        expect(await textOf(page.locator(".offered-title h3"))).toBe(titleZh);
        expect(await textOf(page.locator(".metric-templates li"))).toContain("故障申告率");
        expect(await textOf(page.locator(".metric-templates li"))).toContain(zh("titles.template.targetIs", { op: "≤", target: "5%" }));
        expect(await textOf(page.locator(".offered-title .hint"))).toContain(zh("campaigns.offered.votes", { count: 2 }));
        expect(await textOf(page.locator("#rules-title + ul"))).toContain(zh("campaigns.rules.quorum", { count: 3 }));
        await expectNoAxeViolations(page);
        expectNoProblems(page);
        await page.context().close();
      });
    });
  }

  test("in English, on a phone: the campaign page reads in English, with the phase timeline and the titles' metrics", async () => {
    const manager = demoAccount("manager");
    const page = await newPage(app.browser, { language: "en", phone: true });
    await signInWithForm(page, app.server, manager.employeeNo, demoPassword);
    await page.goto(`${app.server.url}/campaigns/3-15-stars`);
    await eventually(() => textOf(page.locator("h1"))).toBe("3·15 Service Stars");
    await settled(page);
    const en = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate("en", key, vars);
    expect(await textOf(page.locator('.timeline [aria-current="step"] .timeline__phase'))).toBe(en("campaigns.phase.reviewing"));
    expect(await textOf(page.locator(".offered-title h3"))).toBe("Best Service Star");
    expect(await textOf(page.locator(".metric-templates li"))).toContain("Customer satisfaction");
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });

  test("staff see the demo campaigns of their scope, not drafts, and no administrator controls", async () => {
    const staff = demoAccount("staff");
    const page = await newPage(app.browser, { javaScript: false });
    await signInWithForm(page, app.server, staff.employeeNo, demoPassword);
    await page
      .getByRole("navigation", { name: zh("nav.label") })
      .getByRole("link", { name: zh("nav.campaigns") })
      .click();
    await eventually(() => textOf(page.locator("h1"))).toBe(zh("campaigns.title"));
    await settled(page);
    expect(await page.getByRole("link", { name: "2026 Q4 服务之星" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "2027 Q1 服务之星" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: zh("campaigns.admin.new") }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "2026 Q4 服务之星" }).click();
    await eventually(() => textOf(page.locator("h1"))).toBe("2026 Q4 服务之星");
    await settled(page);
    expect(await page.getByRole("link", { name: zh("campaigns.now.manage") }).count()).toBe(0);
    expect(await textOf(page.locator("#now-title + ul + .hint"))).toBe(zh("campaigns.now.none"));
    await expectNoAxeViolations(page);
    const response = await page.goto(`${app.server.url}/admin/campaigns/2026-q4`);
    expect(response?.status()).toBe(403);
    expectNoProblems(page);
    await page.context().close();
  });

  test("posting to the administrators' forms as someone else is refused on the server, and nothing changes", async () => {
    for (const role of ["manager", "staff"] as const) {
      const c = client(app.server);
      await c.signIn(demoAccount(role));
      const move = await c.post("/admin/campaigns/2026-q4", { intent: "move", to: "reviewing" });
      expect(move.status).toBe(403);
      const title = await c.post("/admin/titles/new", { slug: `by-${role}`, nameZh: "冒名", nameEn: "Forged" });
      expect(title.status).toBe(403);
    }
    const admin = client(app.server);
    await admin.signIn(demoAccount("admin"));
    const page = visibleText(await (await admin.get("/campaigns/2026-q4")).text());
    expect(page).toContain(`${zh("campaigns.phase.nominating")} ${zh("campaigns.phase.about.nominating")}`);
    expect((await admin.get("/admin/titles/by-staff")).status).toBe(404);
  });
});
