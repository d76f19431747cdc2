// Builders for the nominations tests: one small organisation with a campaign
// taking nominations, so each test states only what it is about.
import type { Db } from "../../db/client";
import type { User } from "../../app/domain/auth/user";
import { ratifyTitle } from "../../app/domain/results/ratification.server";
import { resultsFor } from "../../app/domain/results/results.server";
import { createCampaign } from "../../app/domain/campaigns/campaigns.server";
import { moveCampaign } from "../../app/domain/campaigns/transitions.server";
import type { Phase } from "../../app/domain/campaigns/life-cycle";
import type { NominationInput } from "../../app/domain/nominations/schema";
import { createTitle } from "../../app/domain/titles/titles.server";
import { givenPerson, givenUnit } from "./builders";

let worlds = 0;

export interface NominatingCampaign {
  slug: string;
  campaignId: number;
  /** The two titles the campaign offers, and one it does not. */
  star: { slug: string; id: number; requiredTemplateId: number; optionalTemplateId: number };
  model: { slug: string; id: number; templateId: number };
  notOffered: { slug: string };
  /** Unit codes: company → centre (the campaign's scope) → teams A and B; a branch outside the scope; HR. */
  units: { company: string; centre: string; teamA: string; teamB: string; branch: string; hr: string };
  admin: User;
  /** Manages team A. */
  manager: User;
  /** Manages team B. */
  managerB: User;
  /** Manages the centre (teams A and B). */
  centreManager: User;
  /** Manages the whole company, so also people outside the campaign's scope; works in team A. */
  companyManager: User;
  /** A committee member working in HR, outside the campaign's units. */
  committee: User;
  /** Staff of team A. */
  alice: User;
  bob: User;
  /** Staff of team B. */
  carol: User;
  /** Staff in the branch outside the campaign's scope. */
  dave: User;
  /** Left the company; was in team A. */
  eve: User;
}

/**
 * A company (GD) with a hotline centre (HOT) of two teams (A, B), a branch
 * outside the centre and an HR unit; an administrator, managers, a committee
 * member and staff; two titles with metric templates (the star title's first
 * one is required); a campaign scoped to the centre offering both titles,
 * moved on to `phase` (default: nominating). Codes and slugs are unique per
 * call, so a test file builds as many as it needs.
 */
export async function givenNominatingCampaign(db: Db, opts: { phase?: Phase } = {}): Promise<NominatingCampaign> {
  const p = `W${++worlds}${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
  const units = { company: `${p}-GD`, centre: `${p}-HOT`, teamA: `${p}-A`, teamB: `${p}-B`, branch: `${p}-GZ`, hr: `${p}-HR` };
  await givenUnit(db, units.company, { kind: "company", nameZh: "广东公司" });
  await givenUnit(db, units.centre, { parent: units.company, kind: "centre", nameZh: "10000号客服中心" });
  await givenUnit(db, units.teamA, { parent: units.centre, kind: "team", nameZh: "投诉处理班" });
  await givenUnit(db, units.teamB, { parent: units.centre, kind: "team", nameZh: "装维一班" });
  await givenUnit(db, units.branch, { parent: units.company, kind: "branch", nameZh: "广州分公司" });
  await givenUnit(db, units.hr, { parent: units.company, kind: "team", nameZh: "人力资源部" });

  const admin = await givenPerson(db, { unit: units.company, name: "管理员", roles: ["admin", "staff"] });
  const manager = await givenPerson(db, { unit: units.teamA, name: "王主管", roles: ["staff", { role: "manager", unit: units.teamA }] });
  const managerB = await givenPerson(db, { unit: units.teamB, name: "赵主管", roles: ["staff", { role: "manager", unit: units.teamB }] });
  const centreManager = await givenPerson(db, { unit: units.centre, name: "孙经理", roles: ["staff", { role: "manager", unit: units.centre }] });
  const companyManager = await givenPerson(db, { unit: units.teamA, name: "周总", roles: ["staff", { role: "manager", unit: units.company }] });
  const committee = await givenPerson(db, { unit: units.hr, name: "吴评审", roles: ["staff", "committee"] });
  const alice = await givenPerson(db, { unit: units.teamA, name: "李明", jobTitle: "客服代表" });
  const bob = await givenPerson(db, { unit: units.teamA, name: "陈芳" });
  const carol = await givenPerson(db, { unit: units.teamB, name: "黄伟" });
  const dave = await givenPerson(db, { unit: units.branch, name: "刘洋" });
  const eve = await givenPerson(db, { unit: units.teamA, name: "林静", status: "left" });

  const star = `${p.toLowerCase()}-star`;
  const model = `${p.toLowerCase()}-model`;
  const other = `${p.toLowerCase()}-fred`;
  const titles: Array<[string, string, Parameters<typeof createTitle>[2]["templates"]]> = [
    [
      star,
      "最佳服务明星",
      [
        { nameZh: "客户满意度", nameEn: "Customer satisfaction", unit: "%", unitEn: "", direction: "higher", required: true, target: 98 },
        { nameZh: "平均处理时长", nameEn: "Average handling time", unit: "秒", unitEn: "s", direction: "lower", required: false, target: 300 },
      ],
    ],
    [
      model,
      "服务标兵",
      [{ nameZh: "一次解决率", nameEn: "First-contact resolution", unit: "%", unitEn: "", direction: "higher", required: true, target: 90 }],
    ],
    [other, "弗雷德精神奖", []],
  ];
  for (const [slug, nameZh, templates] of titles) {
    const r = await createTitle(db, admin, { slug, nameZh, nameEn: slug, description: "", criteria: "", templates });
    if (!r.ok) throw new Error(`could not create the title ${slug}: ${r.error}`);
  }
  const templates = await db
    .selectFrom("title_metric_templates as m")
    .innerJoin("titles as t", "t.id", "m.title_id")
    .select(["m.id", "t.slug", "t.id as title_id"])
    .where("t.slug", "in", [star, model])
    .orderBy("m.title_id")
    .orderBy("m.position")
    .execute();
  const of = (slug: string) => templates.filter((t) => t.slug === slug);

  const slug = `${p.toLowerCase()}-q4`;
  const created = await createCampaign(db, admin, {
    slug,
    nameZh: "2026年第四季度服务之星",
    nameEn: "2026 Q4 Service Stars",
    periodStart: "2026-10-01",
    periodEnd: "2026-12-31",
    unitCode: units.centre,
    mayChangeBallot: true,
    talliesHidden: true,
    publicityDays: 0,
    // One committee member in this world: a quorum of one, as for a small team; the quorum's own tests raise it.
    committeeQuorum: 1,
    schedule: { nominating: null, reviewing: null, voting: null, closed: null, published: null },
    offers: [
      { titleSlug: star, winners: 3, votesPerVoter: 1 },
      { titleSlug: model, winners: 2, votesPerVoter: 1 },
    ],
  });
  if (!created.ok) throw new Error(`could not create the campaign: ${created.error}`);
  const campaignId = (await db.selectFrom("campaigns").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
  const world: NominatingCampaign = {
    slug,
    campaignId,
    star: { slug: star, id: of(star)[0].title_id, requiredTemplateId: of(star)[0].id, optionalTemplateId: of(star)[1].id },
    model: { slug: model, id: of(model)[0].title_id, templateId: of(model)[0].id },
    notOffered: { slug: other },
    units,
    admin,
    manager,
    managerB,
    centreManager,
    companyManager,
    committee,
    alice,
    bob,
    carol,
    dave,
    eve,
  };
  await moveTo(db, world, opts.phase ?? "nominating");
  return world;
}

const order: Phase[] = ["draft", "nominating", "reviewing", "voting", "closed", "published"];

/**
 * The committee ratifies every title not yet ratified, as the results page
 * proposes (the top N; at a tie, lowest id first, with a reason): each of
 * `members` (default: the world's committee member) confirms in turn.
 */
export async function ratifyAll(db: Db, w: Pick<NominatingCampaign, "slug" | "committee">, members: readonly User[] = [w.committee]): Promise<void> {
  const page = await resultsFor(db, members[0], w.slug);
  if (!page.ok) throw new Error(`could not read the results of ${w.slug}: ${page.error}`);
  for (const title of page.value.titles.filter((t) => t.ratification === null)) {
    const chosen = title.nominations.filter((n) => n.proposed).map((n) => n.id);
    for (const member of members) {
      const r = await ratifyTitle(db, member, w.slug, {
        titleSlug: title.slug,
        nominationIds: chosen,
        tieReason: title.tie ? "同票，按提名先后确定。" : "",
      });
      if (!r.ok) throw new Error(`could not ratify ${title.slug}: ${r.error}`);
    }
  }
}

/** The administrator moves the campaign on, phase by phase, up to `phase` (the committee ratifies before it is published). */
export async function moveTo(db: Db, w: Pick<NominatingCampaign, "slug" | "admin" | "committee">, phase: Phase): Promise<void> {
  const { status } = await db.selectFrom("campaigns").select("status").where("slug", "=", w.slug).executeTakeFirstOrThrow();
  for (const to of order.slice(order.indexOf(status) + 1, order.indexOf(phase) + 1)) {
    if (to === "published") await ratifyAll(db, w);
    const r = await moveCampaign(db, w.admin, w.slug, to);
    if (!r.ok) throw new Error(`could not move ${w.slug} to ${to}: ${r.error}`);
  }
}

/**
 * A nomination ready to submit: Alice for the star title, with a citation,
 * the required metric, a story. `over` replaces any part.
 */
export function aNomination(w: Pick<NominatingCampaign, "star" | "alice">, over: Partial<NominationInput> = {}): NominationInput {
  return {
    titleSlug: w.star.slug,
    kind: "individual",
    teamName: null,
    nominees: [w.alice.employeeNo],
    citation: "一年接听两万通电话，零投诉，把每位老人的来电都当成家里人的事。",
    metrics: [
      {
        templateId: w.star.requiredTemplateId,
        name: "客户满意度",
        value: 99.2,
        unit: "%",
        period: "2026年第三季度",
        target: 98,
        baseline: null,
        direction: "higher",
        source: "10000号质检系统",
      },
    ],
    stories: [
      {
        heading: "台风夜的回电",
        body: "台风过境那晚，一位独居老人的固话中断。她记下号码，下班后仍三次回电确认抢修进度。",
        principles: ["difference", "relationships"],
        quote: "她比我女儿还上心。",
        quoteBy: "黄婆婆",
      },
    ],
    photos: [],
    ...over,
  };
}

/** The nominations stored in a campaign, with their nominees (工号) and evidence counts, oldest first. */
export async function nominationsOf(db: Db, w: Pick<NominatingCampaign, "campaignId">) {
  const rows = await db
    .selectFrom("nominations as n")
    .innerJoin("titles as t", "t.id", "n.title_id")
    .innerJoin("people as p", "p.id", "n.nominator_id")
    .select((eb) => [
      "n.id",
      "t.slug as title",
      "n.kind",
      "n.team_name",
      "n.status",
      "n.citation",
      "p.employee_no as nominator",
      "n.submitted_at",
      "n.updated_at",
      eb
        .selectFrom("nomination_metrics as m")
        .select((e) => e.fn.countAll<string | number>().as("c"))
        .whereRef("m.nomination_id", "=", "n.id")
        .as("metrics"),
      eb
        .selectFrom("nomination_stories as s")
        .select((e) => e.fn.countAll<string | number>().as("c"))
        .whereRef("s.nomination_id", "=", "n.id")
        .as("stories"),
      eb
        .selectFrom("nomination_photos as f")
        .select((e) => e.fn.countAll<string | number>().as("c"))
        .whereRef("f.nomination_id", "=", "n.id")
        .as("photos"),
    ])
    .where("n.campaign_id", "=", w.campaignId)
    .orderBy("n.id")
    .execute();
  const nominees = rows.length
    ? await db
        .selectFrom("nomination_nominees as nn")
        .innerJoin("people as p", "p.id", "nn.person_id")
        .select(["nn.nomination_id", "p.employee_no"])
        .where(
          "nn.nomination_id",
          "in",
          rows.map((r) => r.id),
        )
        .orderBy("nn.position")
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    teamName: r.team_name,
    status: r.status,
    citation: r.citation,
    nominator: r.nominator,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
    nominees: nominees.filter((x) => x.nomination_id === r.id).map((x) => x.employee_no),
    metrics: Number(r.metrics),
    stories: Number(r.stories),
    photos: Number(r.photos),
  }));
}

/** A nomination's status changes, in order. */
export function eventsOf(db: Db, nominationId: number) {
  return db
    .selectFrom("nomination_events")
    .select(["from_status", "to_status", "actor_id", "comment"])
    .where("nomination_id", "=", nominationId)
    .orderBy("at")
    .orderBy("id")
    .execute();
}

/** Audit entries about nominations (all of them, or one). */
export function nominationAudit(db: Db, nominationId?: number) {
  let q = db.selectFrom("audit_log").select(["action", "actor_id", "subject_id", "before", "after"]).where("subject_type", "=", "nomination");
  if (nominationId !== undefined) q = q.where("subject_id", "=", String(nominationId));
  return q.orderBy("id").execute();
}

/**
 * Everything a nomination use-case may write in this campaign: compare before
 * and after a refusal to show nothing was stored or changed.
 */
export async function storedState(db: Db, w: Pick<NominatingCampaign, "campaignId">) {
  const nominations = await nominationsOf(db, w);
  const ids = nominations.map((n) => n.id);
  const [metrics, stories, photos, events, audit] = await Promise.all([
    ids.length ? db.selectFrom("nomination_metrics").selectAll().where("nomination_id", "in", ids).orderBy("id").execute() : [],
    ids.length ? db.selectFrom("nomination_stories").selectAll().where("nomination_id", "in", ids).orderBy("id").execute() : [],
    ids.length
      ? db.selectFrom("nomination_photos").selectAll().where("nomination_id", "in", ids).orderBy("nomination_id").orderBy("position").execute()
      : [],
    ids.length ? db.selectFrom("nomination_events").selectAll().where("nomination_id", "in", ids).orderBy("id").execute() : [],
    nominationAudit(db),
  ]);
  return { nominations, metrics, stories, photos, events, audit };
}

let campaigns = 0;

/** A second campaign over the same centre, offering the star title, taking nominations. */
export async function givenAnotherCampaign(db: Db, w: NominatingCampaign): Promise<{ slug: string; campaignId: number }> {
  const slug = `${w.slug}-extra${++campaigns}`;
  const created = await createCampaign(db, w.admin, {
    slug,
    nameZh: "3·15服务之星",
    nameEn: "3·15 Service Stars",
    periodStart: "2027-01-01",
    periodEnd: "2027-03-15",
    unitCode: w.units.centre,
    mayChangeBallot: true,
    talliesHidden: true,
    publicityDays: 0,
    committeeQuorum: 1,
    schedule: { nominating: null, reviewing: null, voting: null, closed: null, published: null },
    offers: [{ titleSlug: w.star.slug, winners: 1, votesPerVoter: 1 }],
  });
  if (!created.ok) throw new Error(`could not create the campaign: ${created.error}`);
  await moveTo(db, { slug, admin: w.admin, committee: w.committee }, "nominating");
  const { id } = await db.selectFrom("campaigns").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
  return { slug, campaignId: id };
}
