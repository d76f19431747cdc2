// The published world of bench:honor-roll: on top of the demo data, a
// campaign of the demo hotline manager's centre offering three titles with
// twenty winners each, taken through its whole life by the use-cases a person
// would trigger: nominated with a photo, metrics for every template and a
// story, approved by the committee, voted on, closed, ratified as the results
// propose, and published by the administrator with the default choices.
import sharp from "sharp";
import { sql } from "kysely";
import type { Db } from "../../db/client";
import { seedDemo } from "../../app/demo/index";
import type { User } from "../../app/domain/auth/user";
import { loadUser } from "../../app/domain/auth/auth.server";
import { createCampaign } from "../../app/domain/campaigns/campaigns.server";
import { moveCampaign } from "../../app/domain/campaigns/transitions.server";
import { storeImage } from "../../app/domain/media/media.server";
import { reviewNomination } from "../../app/domain/nominations/review.server";
import { saveNomination } from "../../app/domain/nominations/saving.server";
import type { NominationInput } from "../../app/domain/nominations/schema";
import { fredPrinciples } from "../../app/domain/nominations/story";
import { nameKey } from "../../app/domain/people/name-key.server";
import { loadTitles } from "../../app/domain/titles/titles.server";
import type { Result } from "../../app/domain/result";
import { ratifyTitle } from "../../app/domain/results/ratification.server";
import { resultsFor } from "../../app/domain/results/results.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { sessionCookiesFor } from "./sessions";
import { demoUser } from "./voting";

export const rollSlug = "2026-hotline-stars";
const titleSlugs = ["best-service-star", "outstanding-service-star", "service-model"] as const;

export interface PublishedWorld {
  slug: string;
  /** Every winner's name, as the roll shows it. */
  winners: string[];
  /** A session cookie for each generated reader (staff of the centre, in the roll's scope). */
  readerCookies: string[];
}

// Distinct names (surname × given name): the check after the first fetch
// looks for every winner by name.
const surnames = ["陈", "林", "黄", "张", "李", "王", "吴", "刘", "蔡", "杨", "许", "郑", "梁", "谢", "何"];
const givenNames = ["晓明", "嘉欣", "志强", "婉婷", "浩然", "思琪", "俊杰", "雅雯", "国栋", "丽华", "文博", "佩珊"];
const nameOf = (i: number) => surnames[i % surnames.length] + givenNames[Math.floor(i / surnames.length) % givenNames.length];

/** Generated active staff in one unit, as the HR import would leave them (no password: they never sign in). */
async function givenStaff(
  db: Db,
  unitId: number,
  prefix: string,
  names: string[],
  jobTitle: string,
): Promise<Array<{ id: number; employeeNo: string; name: string }>> {
  const people = await db
    .insertInto("people")
    .values(
      names.map((name, i) => ({
        employee_no: `${prefix}${String(i + 1).padStart(5, "0")}`,
        name,
        name_pinyin: nameKey(name),
        org_unit_id: unitId,
        job_title: jobTitle,
      })),
    )
    .returning(["id", "employee_no", "name"])
    .execute();
  await db
    .insertInto("person_roles")
    .values(people.map((p) => ({ person_id: p.id, role: "staff" as const, org_unit_id: null })))
    .execute();
  return people.map((p) => ({ id: p.id, employeeNo: p.employee_no, name: p.name }));
}

/**
 * An 800-pixel photo in its own colour (the same bytes twice would be stored
 * once): three widths in the srcset like a phone photo, at a third of the
 * encoding time of a 1280-pixel one (0.4 s against 1.3 s on the busy machine).
 */
async function photo(db: Db, by: User, i: number): Promise<number> {
  const background = { r: (i * 37) % 256, g: (i * 91) % 256, b: (i * 53) % 256 };
  const bytes = await sharp({ create: { width: 800, height: 600, channels: 3, background } })
    .jpeg()
    .toBuffer();
  const stored = await storeImage(db, by, { purpose: "photo", bytes });
  if (!stored.ok) throw new Error(`photo ${i} refused: ${stored.error}`);
  return stored.value.mediaId;
}

/** The value of a use-case that must succeed here; its refusal otherwise, as an error. */
function must<T>(what: string, r: Result<T>): T {
  if (!r.ok) throw new Error(`${what}: ${r.error} ${JSON.stringify(r.vars ?? {})}`);
  return r.value;
}

/**
 * Seeds the demo data, then publishes the roll of `rollSlug`: three titles,
 * `winnersPerTitle` winners each and one more nomination per title that the
 * votes leave out, `voters` generated staff voting, and `readers` generated
 * staff signed in to read the roll.
 */
export async function preparePublishedRoll(
  db: Db,
  opts: { winnersPerTitle: number; voters: number; readers?: { count: number; sessionSecret: string } },
): Promise<PublishedWorld> {
  const seeded = await seedDemo(db, { force: true });
  if (!seeded.ok) throw new Error(`demo data not loaded: ${seeded.reason}`);
  const [admin, committee, manager] = await Promise.all([demoUser(db, "admin"), demoUser(db, "committee"), demoUser(db, "manager")]);
  const centre = manager.roles.find((r) => r.role === "manager" && r.orgCode !== null);
  if (!centre?.orgCode || centre.orgUnitId === null) throw new Error("the demo manager manages no unit");

  const perTitle = opts.winnersPerTitle + 1;
  const nominees = await givenStaff(
    db,
    centre.orgUnitId,
    "HR",
    Array.from({ length: perTitle * titleSlugs.length }, (_, i) => nameOf(i)),
    "客服代表",
  );
  const voters = await givenStaff(
    db,
    centre.orgUnitId,
    "HV",
    Array.from({ length: opts.voters }, (_, i) => `投票员${i + 1}`),
    "客服代表",
  );

  must(
    "creating the campaign",
    await createCampaign(db, admin, {
      slug: rollSlug,
      nameZh: "2026年度10000号服务之星",
      nameEn: "2026 Hotline Service Stars",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      unitCode: centre.orgCode,
      mayChangeBallot: false,
      talliesHidden: true,
      publicityDays: 0,
      // The bench measures the roll, not the committee: one member's confirmation ratifies.
      committeeQuorum: 1,
      schedule: { nominating: null, reviewing: null, voting: null, closed: null, published: null },
      offers: titleSlugs.map((titleSlug) => ({ titleSlug, winners: opts.winnersPerTitle, votesPerVoter: 5 })),
    }),
  );
  const move = async (to: string) => must(`moving ${rollSlug} to ${to}`, await moveCampaign(db, admin, rollSlug, to));
  await move("nominating");

  // Two uploads at a time, as the upload pipeline decodes two at once.
  const photos: number[] = [];
  for (let i = 0; i < nominees.length; i += 2)
    photos.push(...(await Promise.all([i, i + 1].filter((k) => k < nominees.length).map((k) => photo(db, manager, k)))));
  const titles = new Map((await loadTitles(db)).map((t) => [t.slug, t]));
  const nominations = new Map<string, number[]>();
  for (const [i, nominee] of nominees.entries()) {
    const title = titles.get(titleSlugs[i % titleSlugs.length])!;
    const input: NominationInput = {
      titleSlug: title.slug,
      kind: "individual",
      teamName: null,
      nominees: [nominee.employeeNo],
      citation: `${nominee.name}一年接听两万余通电话，零有效投诉；老人来电放慢语速，把每一步操作说到对方能复述为止。`,
      metrics: title.templates.map((t, m) => ({
        templateId: t.id,
        name: t.nameZh,
        value:
          t.target === null
            ? 40 + ((i + m) % 20)
            : t.direction === "higher"
              ? t.target + 0.1 * ((i % 15) + 1)
              : Math.max(0, t.target - 0.1 * ((i % 15) + 1)),
        unit: t.unit,
        period: "2026年",
        target: t.target,
        baseline: null,
        direction: t.direction,
        source: "10000号服务质量系统",
      })),
      stories: [
        {
          heading: "台风夜的回电",
          body: `台风过境那晚，一位独居老人的固话中断。${nominee.name}记下号码，下班后仍三次回电确认抢修进度。\n\n第二天一早，她又约了装维师傅上门，在工单里写明“老人耳背，请敲门大声些”。`,
          principles: [fredPrinciples[i % 4], fredPrinciples[(i + 1) % 4]],
          quote: "她比我女儿还上心。",
          quoteBy: "黄婆婆",
        },
      ],
      photos: [{ mediaId: photos[i], caption: `${nominee.name}在话务台` }],
    };
    const { id } = must(`nominating ${nominee.employeeNo}`, await saveNomination(db, manager, rollSlug, null, input, { submit: true }));
    must(`approving ${id}`, await reviewNomination(db, committee, rollSlug, id, { decision: "approve" }));
    nominations.set(title.slug, [...(nominations.get(title.slug) ?? []), id]);
  }
  await move("reviewing");
  await move("voting");

  // Each voter picks five per title from a window that slides with the voter,
  // so the counts differ and the last nomination of each title gets fewest.
  for (const [v, person] of voters.entries()) {
    const voter = await loadUser(db, person.id);
    if (!voter) throw new Error(`voter ${person.employeeNo} cannot be loaded`);
    for (const [titleSlug, ids] of nominations) {
      const chosen = Array.from({ length: 5 }, (_, k) => ids[(v + k) % (ids.length - 1)]);
      must(`voting as ${person.employeeNo}`, await castBallot(db, voter, rollSlug, { titleSlug, nominationIds: chosen, basedOn: 0 }));
    }
  }
  await move("closed");

  const results = must("reading the results", await resultsFor(db, committee, rollSlug));
  for (const title of results.titles) {
    const chosen = title.nominations.filter((n) => n.proposed).map((n) => n.id);
    const tieReason = title.tie ? "同票，按提名先后确定。" : "";
    must(`ratifying ${title.slug}`, await ratifyTitle(db, committee, rollSlug, { titleSlug: title.slug, nominationIds: chosen, tieReason }));
  }
  await move("published");

  const winners = await db
    .selectFrom("winners as w")
    .innerJoin("nomination_nominees as nn", "nn.nomination_id", "w.nomination_id")
    .innerJoin("people as p", "p.id", "nn.person_id")
    .innerJoin("campaigns as c", "c.id", "w.campaign_id")
    .select("p.name")
    .where("c.slug", "=", rollSlug)
    .where("w.removed_by_objection", "is", null)
    .execute();
  const readers = opts.readers?.count
    ? await givenStaff(
        db,
        centre.orgUnitId,
        "HD",
        Array.from({ length: opts.readers.count }, (_, i) => `读者${i + 1}`),
        "客服代表",
      )
    : [];
  const readerCookies = opts.readers
    ? await sessionCookiesFor(
        db,
        readers.map((r) => r.id),
        opts.readers.sessionSecret,
      )
    : [];
  await sql`analyze`.execute(db);
  return { slug: rollSlug, winners: winners.map((w) => w.name), readerCookies };
}
