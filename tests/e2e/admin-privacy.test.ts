import { sql } from "kysely";
import { beforeAll, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { type Locale } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { personalDataMaskedReason } from "../../app/domain/publishing/masking.server";
import type { HonorRollSnapshot } from "../../app/domain/publishing/snapshot";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, expectNoProblems, newPage, settled, signInWithForm, textOf, useServerAndBrowser, type Page } from "../support/browser";
import { demoAccount, demoPassword, withServerDatabase } from "../support/server";

// /admin/privacy in a browser (issue 19, item 3): a customer's mobile number
// published on the demo's honour roll before the portal checked for it, and
// an ID number in a citation, both written by SQL. The administrator finds the
// page from the admin home, has the stored texts scanned, and masks one
// finding without JavaScript (the roll is published again with the reason,
// its old version masked too) and the other with JavaScript — axe-clean, in
// both languages.

const rollSlug = "2026-q3";
const mobile = "13812345678";
// 440106 1985-03-07 123 and its MOD 11-2 check character.
const idCard = "440106198503071233";
/** The published winner whose story got the mobile (set by seed). */
let winnerNomination = 0;

/** What was stored before the guard: a published story with a mobile (its nomination and the roll's newest version), and a citation with an ID. */
async function seed(db: Db) {
  const roll = await db
    .selectFrom("honor_rolls as r")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .select(["r.id", "r.snapshot"])
    .where("c.slug", "=", rollSlug)
    .orderBy("r.version", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  const snapshot = roll.snapshot as HonorRollSnapshot;
  const ti = snapshot.titles.findIndex((t) => t.winners.some((w) => w.stories.length));
  const wi = snapshot.titles[ti]!.winners.findIndex((w) => w.stories.length);
  const winner = snapshot.titles[ti]!.winners[wi]!;
  winnerNomination = winner.nominationId;
  const added = `当晚回访了客户王女士（${mobile}），确认已恢复。`;
  await db.transaction().execute(async (trx) => {
    await sql`select set_config('service_stars.masking_personal_data', 'on', true)`.execute(trx);
    await sql`
      update honor_rolls set snapshot = jsonb_set(snapshot, ${`{titles,${ti},winners,${wi},stories,0,body}`}::text[], to_jsonb(${winner.stories[0]!.body + added}::text))
      where id = ${roll.id}`.execute(trx);
    await trx
      .updateTable("nomination_stories")
      .set({ body: sql`body || ${added}` })
      .where("nomination_id", "=", winner.nominationId)
      .where("position", "=", 0)
      .execute();
    const other = await trx
      .selectFrom("nominations as n")
      .innerJoin("campaigns as c", "c.id", "n.campaign_id")
      .select("n.id")
      .where("c.status", "<>", "published")
      .orderBy("n.id")
      .limit(1)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("nominations")
      .set({ citation: sql`citation || ${`客户身份证号${idCard}。`}` })
      .where("id", "=", other.id)
      .execute();
  });
}

describeWithBrowser("personal data in stored texts, for administrators", () => {
  const app = useServerAndBrowser();
  beforeAll(() => withServerDatabase(app.server, seed), 120_000);

  const findingRow = (page: Page, masked: string) => page.locator("tbody tr", { hasText: masked });

  test("without JavaScript (zh-CN): from the admin home, Scan now, then Mask the published mobile; the roll is published again and no version shows it", async () => {
    const language: Locale = "zh-CN";
    const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(language, key, vars);
    const page = await newPage(app.browser, { language, javaScript: false });
    await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
    await page.goto(`${app.server.url}/admin`);
    await page.getByRole("link", { name: t("privacyAdmin.nav") }).click();
    await page.waitForURL(/\/admin\/privacy$/);
    expect(await textOf(page.locator("h1"))).toBe(t("privacyAdmin.title"));
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: t("privacyAdmin.scan.now") }).click();
    await page.locator(".notice", { hasText: t("privacyAdmin.scan.requested") }).waitFor();
    // The job engine's worker picks the scan up within seconds. Findings show batch by batch as
    // the scan goes; the run is recorded as the last scan once it has finished: wait for both.
    await expect
      .poll(
        async () => {
          await page.goto(`${app.server.url}/admin/privacy`);
          const found = await findingRow(page, "138****5678").count();
          return found > 0 && (await textOf(page.locator("#last-scan"))) !== t("privacyAdmin.scan.never");
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toBe(true);
    const html = await page.content();
    expect(html).not.toContain(mobile);
    expect(html).not.toContain(idCard);
    const published = findingRow(page, "138****5678").filter({ has: page.locator('a[href^="/honor-roll/"]') });
    expect(await published.count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    await published
      .first()
      .getByRole("button", { name: t("privacyAdmin.mask") })
      .click();
    await page.locator(".notice").waitFor();
    await settled(page);
    expect(await findingRow(page, "138****5678").count()).toBe(0);
    expect(await findingRow(page, "440106********1233").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    // The winner's page shows the published story masked, and says why; the roll lists the new version with the reason.
    await page.goto(`${app.server.url}/campaigns/${rollSlug}/nominations/${winnerNomination}`);
    const nomination = await page.locator("main").innerText();
    expect(nomination).toContain("王女士（138****5678）");
    expect(nomination).toContain(personalDataMaskedReason);
    await page.goto(`${app.server.url}/honor-roll/${rollSlug}`);
    expect(await page.locator("body").innerText()).toContain(personalDataMaskedReason);
    // No version of the roll shows the number.
    for (let v = 1; ; v++) {
      const r = await page.goto(`${app.server.url}/honor-roll/${rollSlug}?v=${v}`);
      if (r?.status() === 404) break;
      expect(await page.content()).not.toContain(mobile);
    }
    expectNoProblems(page);
    await page.context().close();
  });

  test("with JavaScript (en): Mask the ID in a citation", async () => {
    const language: Locale = "en";
    const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(language, key, vars);
    const page = await newPage(app.browser, { language, javaScript: true });
    await signInWithForm(page, app.server, demoAccount("admin").employeeNo, demoPassword);
    await page.goto(`${app.server.url}/admin/privacy`);
    await settled(page);
    const row = findingRow(page, "440106********1233");
    expect(await textOf(row.locator("td").nth(1))).toBe(t("privacy.kind.id_card"));
    expect(await textOf(row.locator("td").nth(0))).toContain(t("privacyAdmin.place.nominations.citation"));
    await expectNoAxeViolations(page);
    await row.getByRole("button", { name: t("privacyAdmin.mask") }).click();
    await page.locator(".notice").waitFor();
    await settled(page);
    expect(await findingRow(page, "440106********1233").count()).toBe(0);
    await expectNoAxeViolations(page);
    expectNoProblems(page);
    await page.context().close();
  });

  test("staff are refused", async () => {
    const page = await newPage(app.browser, { language: "en", javaScript: false });
    await signInWithForm(page, app.server, demoAccount("staff").employeeNo, demoPassword);
    const r = await page.goto(`${app.server.url}/admin/privacy`);
    expect(r?.status()).toBe(403);
    await page.context().close();
  });
});
