import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createCampaign, getCampaign, listCampaigns, updateCampaign } from "../../app/domain/campaigns/campaigns.server";
import { applyScheduledTransitions, moveCampaign } from "../../app/domain/campaigns/transitions.server";
import type { CampaignInput } from "../../app/domain/campaigns/schema";
import { createTitle } from "../../app/domain/titles/titles.server";
import { ratifyTitle } from "../../app/domain/results/ratification.server";
import type { User } from "../../app/domain/auth/user";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
let admin: User;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD");
  await givenUnit(t.db, "HOT", { parent: "GD", kind: "centre" });
  await givenUnit(t.db, "HOT-D1", { parent: "HOT" });
  await givenUnit(t.db, "GZ", { parent: "GD", kind: "branch" });
  admin = await givenPerson(t.db, { unit: "GD", roles: ["admin", "staff"] });
  for (const slug of ["best-service-star", "service-model"]) {
    await createTitle(t.db, admin, {
      slug,
      nameZh: slug === "service-model" ? "服务标兵" : "最佳服务明星",
      nameEn: slug,
      description: "",
      criteria: "",
      templates: [{ nameZh: "客户满意度", nameEn: "Customer satisfaction", unit: "%", unitEn: "", direction: "higher", required: true, target: 98 }],
    });
  }
});
afterAll(() => t.close());

const noSchedule = { nominating: null, reviewing: null, voting: null, closed: null, published: null };
let n = 0;
const aCampaign = (over: Partial<CampaignInput> = {}): CampaignInput => ({
  slug: `c-${++n}`,
  nameZh: "2026 Q4 服务之星",
  nameEn: "2026 Q4 Service Stars",
  periodStart: "2026-10-01",
  periodEnd: "2026-12-31",
  unitCode: "HOT",
  mayChangeBallot: true,
  talliesHidden: true,
  publicityDays: 0,
  committeeQuorum: 2,
  schedule: noSchedule,
  offers: [{ titleSlug: "best-service-star", winners: 3, votesPerVoter: 1 }],
  ...over,
});

async function givenCampaign(over: Partial<CampaignInput> = {}) {
  const input = aCampaign(over);
  const r = await createCampaign(t.db, admin, input);
  if (!r.ok) throw new Error(`could not create the campaign: ${r.error}`);
  return input.slug;
}

const statusOf = async (slug: string) =>
  (await t.db.selectFrom("campaigns").select("status").where("slug", "=", slug).executeTakeFirstOrThrow()).status;
const transitionsOf = (slug: string) =>
  t.db
    .selectFrom("campaign_transitions as m")
    .innerJoin("campaigns as c", "c.id", "m.campaign_id")
    .select(["m.from_status", "m.to_status", "m.actor_id", "m.at"])
    .where("c.slug", "=", slug)
    .orderBy("m.id")
    .execute();
const auditOf = (slug: string) =>
  t.db.selectFrom("audit_log").selectAll().where("subject_type", "=", "campaign").where("subject_id", "=", slug).orderBy("id").execute();
const countCampaigns = async () =>
  Number(
    (
      await t.db
        .selectFrom("campaigns")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("creating and editing a campaign", () => {
  test("an administrator creates a draft with its titles, rules and schedule, audited", async () => {
    const input = aCampaign({
      talliesHidden: false,
      committeeQuorum: 3,
      schedule: { ...noSchedule, nominating: new Date("2026-10-01T01:00:00Z"), voting: new Date("2026-11-20T01:00:00Z") },
      offers: [
        { titleSlug: "service-model", winners: 5, votesPerVoter: 2 },
        { titleSlug: "best-service-star", winners: 1, votesPerVoter: 1 },
      ],
    });
    expect(await createCampaign(t.db, admin, input)).toEqual({ ok: true, value: { slug: input.slug } });
    const page = await getCampaign(t.db, admin, input.slug);
    if (!page.ok) throw new Error("expected the campaign");
    expect(page.value).toMatchObject({
      status: "draft",
      periodStart: "2026-10-01",
      periodEnd: "2026-12-31",
      unitCode: "HOT",
      mayChangeBallot: true,
      talliesHidden: false,
      committeeQuorum: 3,
      next: "nominating",
      canEdit: true,
    });
    // K per title: the one-winner title lets a voter choose one, the five-winner title two.
    expect(page.value.titles.map((x) => [x.slug, x.winners, x.votesPerVoter, x.templates.length])).toEqual([
      ["service-model", 5, 2, 1],
      ["best-service-star", 1, 1, 1],
    ]);
    expect(page.value.timeline.map((s) => [s.phase, s.state, s.scheduledAt?.toISOString() ?? null])).toEqual([
      ["draft", "current", null],
      ["nominating", "upcoming", "2026-10-01T01:00:00.000Z"],
      ["reviewing", "upcoming", null],
      ["voting", "upcoming", "2026-11-20T01:00:00.000Z"],
      ["closed", "upcoming", null],
      ["published", "upcoming", null],
    ]);
    const [entry] = await auditOf(input.slug);
    expect(entry).toMatchObject({ action: "campaign.created", actor_id: admin.id });
    expect(entry.after).toMatchObject({
      status: "draft",
      unit: "HOT",
      committeeQuorum: 3,
      titles: [
        { title: "service-model", winners: 5, votesPerVoter: 2 },
        { title: "best-service-star", winners: 1, votesPerVoter: 1 },
      ],
    });
  });

  test("someone who is not an administrator is refused and nothing is stored", async () => {
    const manager = await givenPerson(t.db, { unit: "HOT", roles: ["staff", { role: "manager", unit: "HOT" }] });
    const before = await countCampaigns();
    expect(await createCampaign(t.db, manager, aCampaign({ slug: "by-manager" }))).toMatchObject({ ok: false, status: 403 });
    expect(await countCampaigns()).toBe(before);
    expect(await auditOf("by-manager")).toHaveLength(0);
  });

  test("bad settings are refused with the reason and nothing is stored", async () => {
    const before = await countCampaigns();
    const cases: Array<[Partial<CampaignInput>, string]> = [
      [{ unitCode: "NOPE" }, "campaigns.unit.unknown"],
      [{ offers: [{ titleSlug: "no-such-title", winners: 1, votesPerVoter: 1 }] }, "campaigns.titles.unknown"],
      [
        {
          offers: [
            { titleSlug: "service-model", winners: 1, votesPerVoter: 1 },
            { titleSlug: "service-model", winners: 2, votesPerVoter: 1 },
          ],
        },
        "campaigns.titles.unknown",
      ],
      [{ offers: [{ titleSlug: "service-model", winners: 0, votesPerVoter: 1 }] }, "campaigns.winners.invalid"],
      [{ offers: [{ titleSlug: "service-model", winners: 1, votesPerVoter: 0 }] }, "campaigns.votes.invalid"],
      [{ offers: [{ titleSlug: "service-model", winners: 1, votesPerVoter: 51 }] }, "campaigns.votes.invalid"],
      [{ committeeQuorum: 0 }, "campaigns.quorum.invalid"],
      [{ committeeQuorum: 10 }, "campaigns.quorum.invalid"],
      [{ periodStart: "2026-12-31", periodEnd: "2026-10-01" }, "campaigns.period.order"],
      [{ schedule: { ...noSchedule, nominating: new Date("2026-11-01"), reviewing: new Date("2026-10-01") } }, "campaigns.schedule.order"],
    ];
    for (const [over, error] of cases) {
      expect(await createCampaign(t.db, admin, aCampaign({ slug: "refused", ...over }))).toMatchObject({ ok: false, error });
    }
    expect(await countCampaigns()).toBe(before);
    expect(await auditOf("refused")).toHaveLength(0);
  });

  test("a slug is used once", async () => {
    const slug = await givenCampaign();
    expect(await createCampaign(t.db, admin, aCampaign({ slug }))).toMatchObject({ ok: false, error: "campaigns.slug.taken", status: 409 });
  });

  test("a draft can be edited (audited before/after); after it opens, its settings are frozen", async () => {
    const slug = await givenCampaign();
    expect(
      await updateCampaign(
        t.db,
        admin,
        slug,
        aCampaign({ slug, nameEn: "Renamed", offers: [{ titleSlug: "service-model", winners: 2, votesPerVoter: 1 }] }),
      ),
    ).toMatchObject({ ok: true });
    const page = await getCampaign(t.db, admin, slug);
    expect(page.ok && page.value.nameEn).toBe("Renamed");
    expect(page.ok && page.value.titles.map((x) => x.slug)).toEqual(["service-model"]);
    const updated = (await auditOf(slug)).find((e) => e.action === "campaign.updated");
    expect(updated?.before).toMatchObject({ nameEn: "2026 Q4 Service Stars" });
    expect(updated?.after).toMatchObject({ nameEn: "Renamed" });

    await moveCampaign(t.db, admin, slug, "nominating");
    expect(await updateCampaign(t.db, admin, slug, aCampaign({ slug, nameEn: "Too late" }))).toMatchObject({
      ok: false,
      error: "campaigns.edit.notDraft",
    });
    const after = await getCampaign(t.db, admin, slug);
    expect(after.ok && after.value.nameEn).toBe("Renamed");
  });

  test("the database itself refuses bad statuses, votes, winners, periods and dangling references", async () => {
    const unit = await t.db.selectFrom("org_units").select("id").where("code", "=", "HOT").executeTakeFirstOrThrow();
    const base = { slug: "raw", name_zh: "x", name_en: "x", period_start: "2026-01-01", period_end: "2026-02-01", org_unit_id: unit.id };
    await expect(
      t.db
        .insertInto("campaigns")
        .values({ ...base, status: "open" as "draft" })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .insertInto("campaigns")
        .values({ ...base, committee_quorum: 0 })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .insertInto("campaigns")
        .values({ ...base, committee_quorum: 10 })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .insertInto("campaigns")
        .values({ ...base, period_end: "2025-12-31" })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .insertInto("campaigns")
        .values({ ...base, org_unit_id: 999_999 })
        .execute(),
    ).rejects.toThrow();
    const { id } = await t.db.insertInto("campaigns").values(base).returning("id").executeTakeFirstOrThrow();
    await expect(t.db.insertInto("campaigns").values(base).execute()).rejects.toThrow();
    const title = await t.db.selectFrom("titles").select("id").executeTakeFirstOrThrow();
    await expect(t.db.insertInto("campaign_titles").values({ campaign_id: id, title_id: title.id, winners: 0 }).execute()).rejects.toThrow();
    await expect(t.db.insertInto("campaign_titles").values({ campaign_id: id, title_id: title.id, votes_per_voter: 0 }).execute()).rejects.toThrow();
    await expect(t.db.insertInto("campaign_titles").values({ campaign_id: id, title_id: title.id, votes_per_voter: 51 }).execute()).rejects.toThrow();
    await expect(t.db.insertInto("campaign_titles").values({ campaign_id: id, title_id: 999_999 }).execute()).rejects.toThrow();
    await expect(
      t.db.insertInto("campaign_transitions").values({ campaign_id: id, from_status: "draft", to_status: "draft" }).execute(),
    ).rejects.toThrow();
  });
});

describe("moving a campaign through its phases", () => {
  test("an administrator moves it one phase at a time to published; each move recorded with who and when, and audited", async () => {
    const slug = await givenCampaign();
    const path = ["nominating", "reviewing", "voting", "closed", "published"] as const;
    let from = "draft";
    // The default quorum: two committee members confirm.
    const committee = [
      await givenPerson(t.db, { unit: "GD", roles: ["committee", "staff"] }),
      await givenPerson(t.db, { unit: "GD", roles: ["committee", "staff"] }),
    ];
    for (const to of path) {
      if (to === "published") {
        // Publishing waits for the committee: no nominations, so its title is ratified without winners.
        expect(await moveCampaign(t.db, admin, slug, to)).toEqual({ ok: false, error: "campaigns.move.notRatified", status: 409 });
        for (const title of ["best-service-star"]) {
          expect(await ratifyTitle(t.db, committee[0], slug, { titleSlug: title, nominationIds: [], tieReason: "" })).toMatchObject({
            ok: true,
            value: { ratified: false },
          });
          expect(await moveCampaign(t.db, admin, slug, to)).toEqual({ ok: false, error: "campaigns.move.notRatified", status: 409 });
          expect(await ratifyTitle(t.db, committee[1], slug, { titleSlug: title, nominationIds: [], tieReason: "" })).toMatchObject({
            ok: true,
            value: { ratified: true },
          });
        }
      }
      expect(await moveCampaign(t.db, admin, slug, to)).toEqual({ ok: true, value: { slug, from, to } });
      from = to;
    }
    expect(await statusOf(slug)).toBe("published");
    const moves = await transitionsOf(slug);
    expect(moves.map((m) => [m.from_status, m.to_status, m.actor_id])).toEqual([
      ["draft", "nominating", admin.id],
      ["nominating", "reviewing", admin.id],
      ["reviewing", "voting", admin.id],
      ["voting", "closed", admin.id],
      ["closed", "published", admin.id],
    ]);
    expect(moves.every((m) => m.at instanceof Date)).toBe(true);
    const audited = (await auditOf(slug)).filter((e) => e.action === "campaign.moved");
    expect(audited.map((e) => [e.before, e.after])).toEqual(
      path.map((to, i) => [{ status: i === 0 ? "draft" : path[i - 1] }, { status: to, by: "administrator" }]),
    );
    const page = await getCampaign(t.db, admin, slug);
    expect(page.ok && page.value.next).toBeNull();
    expect(page.ok && page.value.timeline.every((s) => s.enteredAt instanceof Date)).toBe(true);
  });

  test("illegal moves are refused with the reason and store nothing", async () => {
    const slug = await givenCampaign();
    await moveCampaign(t.db, admin, slug, "nominating");
    const staff = await givenPerson(t.db, { unit: "HOT-D1" });
    const refusals: Array<[User, string, string]> = [
      [admin, "voting", "campaigns.move.skip"],
      [admin, "draft", "campaigns.move.backwards"],
      [admin, "nominating", "campaigns.move.same"],
      [admin, "archived", "campaigns.move.unknownPhase"],
      [staff, "reviewing", "common.forbidden"],
    ];
    for (const [who, to, error] of refusals) expect(await moveCampaign(t.db, who, slug, to)).toMatchObject({ ok: false, error });
    expect(await statusOf(slug)).toBe("nominating");
    expect(await transitionsOf(slug)).toHaveLength(1);
    expect((await auditOf(slug)).filter((e) => e.action === "campaign.moved")).toHaveLength(1);
  });

  test("a campaign without a title cannot leave draft", async () => {
    const slug = await givenCampaign({ offers: [] });
    expect(await moveCampaign(t.db, admin, slug, "nominating")).toMatchObject({ ok: false, error: "campaigns.move.noTitles", status: 409 });
    expect(await statusOf(slug)).toBe("draft");
    expect(await transitionsOf(slug)).toHaveLength(0);
  });

  test("an unknown campaign is not found", async () => {
    expect(await moveCampaign(t.db, admin, "nope", "nominating")).toMatchObject({ ok: false, status: 404 });
  });

  test("two administrators clicking at once move it one phase, not two", async () => {
    const slug = await givenCampaign();
    const results = await Promise.all([moveCampaign(t.db, admin, slug, "nominating"), moveCampaign(t.db, admin, slug, "nominating")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: "campaigns.move.same" });
    expect(await transitionsOf(slug)).toHaveLength(1);
  });
});

describe("scheduled phase changes", () => {
  const at = (s: string) => new Date(s);

  test("a phase whose time has come opens, walking one step at a time, recorded as the schedule's", async () => {
    const slug = await givenCampaign({
      schedule: {
        nominating: at("2026-10-01T01:00:00Z"),
        reviewing: at("2026-11-01T01:00:00Z"),
        voting: at("2026-11-20T01:00:00Z"),
        closed: at("2026-11-30T01:00:00Z"),
        published: null,
      },
    });
    const moves = (await applyScheduledTransitions(t.db, at("2026-11-05T00:00:00Z"))).filter((m) => m.slug === slug);
    expect(moves).toEqual([
      { slug, from: "draft", to: "nominating" },
      { slug, from: "nominating", to: "reviewing" },
    ]);
    expect(await statusOf(slug)).toBe("reviewing");
    expect((await transitionsOf(slug)).map((m) => m.actor_id)).toEqual([null, null]);
    const audited = (await auditOf(slug)).filter((e) => e.action === "campaign.moved");
    expect(audited.map((e) => [e.actor_id, e.after])).toEqual([
      [null, { status: "nominating", by: "schedule" }],
      [null, { status: "reviewing", by: "schedule" }],
    ]);
    // Run again at the same time: nothing more is due.
    expect((await applyScheduledTransitions(t.db, at("2026-11-05T00:00:00Z"))).filter((m) => m.slug === slug)).toEqual([]);
    // Voting and closing come later; publishing has no time, so it waits for a person.
    await applyScheduledTransitions(t.db, at("2027-01-01T00:00:00Z"));
    expect(await statusOf(slug)).toBe("closed");
  });

  test("nothing opens before its time, and a phase without a time waits for an administrator", async () => {
    const future = await givenCampaign({ schedule: { ...noSchedule, nominating: at("2030-01-01T00:00:00Z") } });
    const gap = await givenCampaign({ schedule: { ...noSchedule, reviewing: at("2026-01-01T00:00:00Z") } });
    await applyScheduledTransitions(t.db, at("2026-11-05T00:00:00Z"));
    expect(await statusOf(future)).toBe("draft");
    // Reviewing is due, but nominating has no time and never opened: nothing skips a phase.
    expect(await statusOf(gap)).toBe("draft");
  });

  test("a draft without a title stays a draft even when its time has come", async () => {
    const slug = await givenCampaign({ offers: [], schedule: { ...noSchedule, nominating: at("2026-01-01T00:00:00Z") } });
    expect((await applyScheduledTransitions(t.db, at("2026-11-05T00:00:00Z"))).filter((m) => m.slug === slug)).toEqual([]);
    expect(await statusOf(slug)).toBe("draft");
    expect(await transitionsOf(slug)).toHaveLength(0);
  });
});

describe("who sees which campaign", () => {
  test("staff see the campaigns whose scope holds their unit, never a draft; administrators see all", async () => {
    const inScope = await givenCampaign({ unitCode: "HOT" });
    await moveCampaign(t.db, admin, inScope, "nominating");
    const elsewhere = await givenCampaign({ unitCode: "GZ" });
    await moveCampaign(t.db, admin, elsewhere, "nominating");
    const draft = await givenCampaign({ unitCode: "HOT" });

    const deskAgent = await givenPerson(t.db, { unit: "HOT-D1" });
    const seen = (await listCampaigns(t.db, deskAgent)).campaigns.map((c) => c.slug);
    expect(seen).toContain(inScope);
    expect(seen).not.toContain(elsewhere);
    expect(seen).not.toContain(draft);
    expect(await getCampaign(t.db, deskAgent, elsewhere)).toMatchObject({ ok: false, status: 404 });
    expect(await getCampaign(t.db, deskAgent, draft)).toMatchObject({ ok: false, status: 404 });
    const page = await getCampaign(t.db, deskAgent, inScope);
    expect(page.ok && [page.value.next, page.value.canEdit]).toEqual([null, false]);

    const all = (await listCampaigns(t.db, admin)).campaigns.map((c) => c.slug);
    expect(all).toEqual(expect.arrayContaining([inScope, elsewhere, draft]));

    const committee = await givenPerson(t.db, { unit: "GD", roles: ["staff", "committee"] });
    const committeeSees = (await listCampaigns(t.db, committee)).campaigns.map((c) => c.slug);
    expect(committeeSees).toEqual(expect.arrayContaining([inScope, elsewhere]));
    expect(committeeSees).not.toContain(draft);

    // A manager of the GZ branch, sitting at head office, sees the GZ campaign.
    const manager = await givenPerson(t.db, { unit: "GD", roles: ["staff", { role: "manager", unit: "GZ" }] });
    expect((await listCampaigns(t.db, manager)).campaigns.map((c) => c.slug)).toContain(elsewhere);
  });
});
