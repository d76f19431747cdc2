import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getCampaign, listCampaigns } from "../../app/domain/campaigns/campaigns.server";
import { campaignPageFor } from "../../app/domain/campaigns/page.server";
import { applyScheduledTransitions } from "../../app/domain/campaigns/transitions.server";
import { newestUnread } from "../../app/domain/notifications/inbox.server";
import { loadTitles } from "../../app/domain/titles/titles.server";
import { seedIfEmpty } from "../../app/demo/index";
import { createTestDb, type TestDb } from "../support/db";
import { demoUser } from "../support/demo";
import { value } from "../support/result";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedIfEmpty(t.db);
}, 600_000);
afterAll(() => t.close());

const userOf = (role: string) => demoUser(t.db, role);

test("the demo data ships the four titles with their metric templates", async () => {
  const titles = await loadTitles(t.db);
  expect(titles.map((x) => x.nameZh)).toEqual(["最佳服务明星", "优秀服务明星", "服务标兵", "弗雷德精神奖"]);
  const faultRate = titles[0].templates.find((m) => m.nameEn === "Fault-report rate");
  expect(faultRate).toMatchObject({ direction: "lower", target: 5, unit: "%", required: true });
  expect(titles.every((x) => x.templates.length > 0)).toBe(true);
});

test("demo campaigns wait in different phases, and the scheduler leaves them there on the first start", async () => {
  const admin = await userOf("admin");
  const { campaigns } = await listCampaigns(t.db, admin);
  expect(Object.fromEntries(campaigns.map((c) => [c.nameZh, c.status]))).toEqual({
    "2026 Q4 服务之星": "nominating",
    "3·15 服务明星": "reviewing",
    "2027 Q1 服务之星": "draft",
    "2026年11月 服务之星": "voting",
    "2026年10月 服务之星": "closed",
    "2025年度 服务之星": "published",
    "2026年第三季度 服务之星": "published",
  });
  expect(await applyScheduledTransitions(t.db, new Date())).toEqual([]);
  const q4 = await getCampaign(t.db, admin, "2026-q4");
  expect(q4.ok && q4.value.timeline.find((s) => s.state === "current")?.enteredAt).toBeInstanceOf(Date);
});

test("the demo staff account finds the company-wide campaign but not the draft", async () => {
  const staff = await userOf("staff");
  const slugs = (await listCampaigns(t.db, staff)).campaigns.map((c) => c.slug);
  expect(slugs).toContain("2026-q4");
  expect(slugs).not.toContain("2027-q1");
});

test("a campaign's page is read in one call: the campaign, its nominations as this person sees them, whether they may vote there", async () => {
  const staff = await userOf("staff");
  const voting = value(await campaignPageFor(t.db, staff, "2026-11"));
  expect(voting.campaign).toMatchObject({ slug: "2026-11", status: "voting" });
  expect(voting.mayVote).toBe(true);
  expect(voting.nominations.listed.length).toBeGreaterThan(0);
  expect(voting.nominations.listed.every((n) => n.status === "approved")).toBe(true);
  const nominating = value(await campaignPageFor(t.db, staff, "2026-q4"));
  expect(nominating).toMatchObject({ campaign: { slug: "2026-q4", status: "nominating" }, mayVote: false });
  expect(await campaignPageFor(t.db, staff, "2027-q1")).toMatchObject({ ok: false, error: "campaigns.notFound", status: 404 });
});

test("each demo account finds a few unread notices about what waits now; what is over is read and dated in the past, its email not sent", async () => {
  for (const role of ["admin", "manager", "committee", "staff"]) {
    const user = await userOf(role);
    const { unread } = await newestUnread(t.db, user, "en");
    expect(unread, role).toBeGreaterThan(0);
    expect(unread, role).toBeLessThanOrEqual(8);
    // Nothing unread says a vote is open that has closed, or announces an honour roll that is not the newest.
    const { rows } = await sql<{ kind: string; link: string }>`
      select kind, link from notifications where person_id = ${user.id} and read_at is null`.execute(t.db);
    for (const n of rows) {
      if (n.kind === "voting-opened") expect(n.link, role).toMatch(/^\/campaigns\/2026-11(\/|$)/);
      if (n.kind === "honor-roll-published") expect(n.link, role).toContain("2026-q3");
    }
  }
  const { rows } = await sql<{ kind: string; created_at: Date; read_at: Date | null; status: string | null }>`
    select n.kind, n.created_at, n.read_at, d.status from notifications n
    left join notification_deliveries d on d.notification_id = n.id
    where n.event_key like 'campaign:' || (select id from campaigns where slug = '2025-annual') || ':%'`.execute(t.db);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.read_at, r.kind).not.toBeNull();
    expect(new Date(r.created_at).getTime(), r.kind).toBeLessThan(Date.now() - 30 * 86_400_000);
    if (r.status) expect(r.status, r.kind).toBe("cancelled");
  }
});
