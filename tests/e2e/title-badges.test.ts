import { describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { solid, svg } from "../fixtures/media/images";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, eventually, expectNoProblems, newPage, settled, signInWithForm, textOf, useServerAndBrowser } from "../support/browser";
import { demoAccount, demoPassword } from "../support/server";

const zh = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate("zh-CN", key, vars);

describeWithBrowser("a title's badge image", () => {
  const app = useServerAndBrowser();

  // Both titles are offered by the demo campaign 3-15-stars.
  for (const [javaScript, slug, nameZh] of [
    [true, "best-service-star", "最佳服务明星"],
    [false, "fred-spirit-award", "弗雷德精神奖"],
  ] as const) {
    describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
      test("an SVG is refused next to the field; a PNG becomes the badge on the title, the list and the campaign page", async () => {
        const page = await newPage(app.browser, { javaScript });
        await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
        await page.goto(`${app.server.url}/admin/titles/${slug}`);
        await eventually(() => textOf(page.locator("h1"))).toBe(zh("titles.edit.title", { name: nameZh }));
        await settled(page);
        expect(await textOf(page.locator(".badge-form .hint").first())).toBe(zh("titles.badge.none"));

        const badgeInput = page.getByLabel(zh("titles.badge.label"), { exact: true });
        await badgeInput.setInputFiles({ name: "badge.svg", mimeType: "image/svg+xml", buffer: svg() });
        await page.getByRole("button", { name: zh("titles.badge.submit") }).click();
        await eventually(() => textOf(page.locator("#badge-error"))).toBe(zh("media.upload.svg"));
        await settled(page);
        // The rest of the page is still there, with the title's saved values.
        expect(await page.getByLabel(zh("titles.form.nameZh"), { exact: true }).inputValue()).toBe(nameZh);
        await expectNoAxeViolations(page);

        await badgeInput.setInputFiles({ name: "badge.png", mimeType: "image/png", buffer: await solid("png", 300, 300) });
        await page.getByRole("button", { name: zh("titles.badge.submit") }).click();
        await eventually(() => textOf(page.getByRole("status"))).toBe(zh("titles.badge.saved"));
        await settled(page);
        expect(await page.locator("#badge-error").count()).toBe(0);
        expect(await page.locator(".badge-form").getByRole("img", { name: nameZh }).count()).toBe(1);
        await expectNoAxeViolations(page);

        await page.goto(`${app.server.url}/admin/titles`);
        await settled(page);
        expect(await page.locator(".title-list").getByRole("img", { name: nameZh }).count()).toBe(1);

        await page.goto(`${app.server.url}/campaigns/3-15-stars`);
        await settled(page);
        const offered = page.locator(".offered-title", { has: page.locator("h3", { hasText: nameZh }) });
        expect(await offered.getByRole("img", { name: nameZh }).count()).toBe(1);
        const src = await offered.locator("img").getAttribute("src");
        expect(src).toMatch(/^\/media\/[0-9a-f]{64}\.jpg$/);
        const res = await page.request.get(`${app.server.url}${src}`);
        expect(res.status()).toBe(200);
        await expectNoAxeViolations(page);
        expectNoProblems(page);
        await page.context().close();
      });
    });
  }
});
