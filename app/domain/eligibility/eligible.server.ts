import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { hasRole, isAdmin, type User } from "../auth/user";
import { offeredTitles, type CampaignRef } from "../campaigns/visibility.server";
import type { Phase } from "../campaigns/life-cycle";
import { personFigures } from "../metrics/figures.server";
import { campaignOr404, nomineeScope } from "../nominations/queries.server";
import { ownPathOfU, uWithin } from "../org/unit-path.server";
import { err, ok, type Result } from "../result";
import { makeT } from "~/i18n/all.server";
import { formatList, todayInShanghai } from "~/i18n";
import { evaluate, metricIdsOf, type Evaluation, type PersonFacts, type Period, type Rule, type RuleOutcome } from "./rules";
import { failedText } from "./sentences";
import { exceptionsAllowed, rulesOfTitles } from "./title-rules.server";

// Who meets a title's rules (issue 20, decision 0050): the eligible list a
// manager reads for their units, and the check a nomination passes at submit.
// Both judge people set-wise: one read of the people, one personFigures call
// per chunk of them, evaluate() in memory; never a query per person.

/** People judged per read of their figures. */
const chunkSize = 1000;
/** People judged per page at most: a larger selection asks for a smaller unit. */
export const maxPeoplePerPage = 5000;
/** People shown per list (eligible, narrowly missing) of one title. */
export const maxListed = 200;

export interface EligiblePerson {
  employeeNo: string;
  name: string;
  jobTitle: string | null;
  unitZh: string;
  unitEn: string | null;
  outcomes: RuleOutcome[];
  /** Already put forward for this title in this campaign. */
  nominated: boolean;
}

export interface EligibleTitle {
  slug: string;
  nameZh: string;
  nameEn: string;
  allowsException: boolean;
  rules: Rule[];
  eligible: EligiblePerson[];
  eligibleCount: number;
  nearMisses: EligiblePerson[];
  nearMissCount: number;
}

export interface EligiblePage {
  campaign: Pick<CampaignRef, "slug" | "nameZh" | "nameEn" | "status"> & { periodStart: string; periodEnd: string };
  /** The units this person may narrow the list to; `unit` is the one chosen ("" for all of them). */
  units: Array<{ code: string; nameZh: string; nameEn: string | null }>;
  unit: string;
  /** People judged, and whether the selection held more than maxPeoplePerPage. */
  judged: number;
  truncated: boolean;
  titles: EligibleTitle[];
  /** The manager may nominate now (the "Nominate" links). */
  mayNominate: boolean;
}

/** Who may read the eligible list: managers (for their units) and administrators (all units). */
export function whyCannotSeeEligible(user: User, status: Phase) {
  if (!isAdmin(user) && !hasRole(user, "manager")) return "eligibility.eligible.forbidden" as const;
  if (status === "draft") return "eligibility.eligible.notYet" as const;
  return null;
}

async function campaignPeriod(db: Db, campaignId: number): Promise<Period> {
  const row = await db
    .selectFrom("campaigns")
    .select([sql<string>`period_start::text`.as("start"), sql<string>`period_end::text`.as("end")])
    .where("id", "=", campaignId)
    .executeTakeFirstOrThrow();
  // Judged today: a month still running is not required (decision 0050).
  return { start: row.start, end: row.end, asOf: todayInShanghai() };
}

interface Candidate {
  id: number;
  employeeNo: string;
  name: string;
  jobTitle: string | null;
  unitZh: string;
  unitEn: string | null;
  status: "active" | "left";
  hireDate: string | null;
}

const candidateColumns = [
  "p.id",
  "p.employee_no",
  "p.name",
  "p.job_title",
  "p.status",
  sql<string | null>`p.hire_date::text`.as("hire_date"),
  "u.name_zh",
  "u.name_en",
] as const;

const asCandidate = (r: {
  id: number;
  employee_no: string;
  name: string;
  job_title: string | null;
  status: "active" | "left";
  hire_date: string | null;
  name_zh: string;
  name_en: string | null;
}): Candidate => ({
  id: r.id,
  employeeNo: r.employee_no,
  name: r.name,
  jobTitle: r.job_title,
  unitZh: r.name_zh,
  unitEn: r.name_en,
  status: r.status,
  hireDate: r.hire_date,
});

/** Judges people against several titles' rules, one figures read per chunk of people. */
async function judge(
  db: Db,
  people: readonly Candidate[],
  rulesByTitle: ReadonlyMap<number, Rule[]>,
  period: Period,
  each: (person: Candidate, titleId: number, evaluation: Evaluation) => void,
) {
  const metricIds = [...new Set([...rulesByTitle.values()].flatMap(metricIdsOf))];
  for (let i = 0; i < people.length; i += chunkSize) {
    const chunk = people.slice(i, i + chunkSize);
    const figures = metricIds.length
      ? await personFigures(db, { personIds: chunk.map((p) => p.id), metricIds, from: period.start, to: period.end })
      : new Map();
    for (const person of chunk) {
      const facts: PersonFacts = { status: person.status, hireDate: person.hireDate, figures: figures.get(person.id) ?? new Map() };
      for (const [titleId, rules] of rulesByTitle) each(person, titleId, evaluate(rules, facts, period));
    }
  }
}

/**
 * The eligible list of a campaign: per title with rules, the active people
 * of the reader's units (administrators: the campaign's whole scope) who
 * meet the rules and those who narrowly miss, each with the reasons.
 * `unit` narrows it to one unit and those below it.
 */
export async function eligibleList(db: Db, user: User, slug: string, opts: { unit?: string } = {}): Promise<Result<EligiblePage>> {
  const found = await campaignOr404(db, user, slug);
  if (!found.ok) return found;
  const c = found.value;
  const refusal = whyCannotSeeEligible(user, c.status);
  if (refusal) return err(refusal, refusal === "eligibility.eligible.forbidden" ? 403 : 409);
  const admin = isAdmin(user);
  // The same scope the nomination form allows a manager to nominate from.
  const scope = admin ? uWithin(c.unitPath) : nomineeScope(user, c);
  const period = await campaignPeriod(db, c.id);

  const units = await db
    .selectFrom("org_units as u")
    .select(["u.code", "u.name_zh", "u.name_en"])
    .where(scope)
    .orderBy("u.path")
    .orderBy("u.id")
    .limit(500)
    .execute();
  const unit = opts.unit && units.some((u) => u.code === opts.unit) ? opts.unit : "";
  const unitPath = unit
    ? (await db.selectFrom("org_units as u").select(ownPathOfU.as("path")).where("u.code", "=", unit).executeTakeFirstOrThrow()).path
    : null;

  const offered = await offeredTitles(db, c.id);
  const rulesAll = await rulesOfTitles(
    db,
    offered.map((t) => t.id),
  );
  const withRules = offered.filter((t) => (rulesAll.get(t.id) ?? []).length > 0);
  const rulesByTitle = new Map(withRules.map((t) => [t.id, rulesAll.get(t.id)!]));
  const allows = await exceptionsAllowed(
    db,
    withRules.map((t) => t.id),
  );

  let people: Candidate[] = [];
  if (withRules.length) {
    let q = db
      .selectFrom("people as p")
      .innerJoin("org_units as u", "u.id", "p.org_unit_id")
      .select(candidateColumns)
      // Only active staff are recognised (the built-in rule): those who left are not listed at all.
      .where("p.status", "=", "active")
      .where(scope);
    if (unitPath) q = q.where(uWithin(unitPath));
    people = (
      await q
        .orderBy("p.employee_no")
        .limit(maxPeoplePerPage + 1)
        .execute()
    ).map(asCandidate);
  }
  const truncated = people.length > maxPeoplePerPage;
  if (truncated) people = people.slice(0, maxPeoplePerPage);

  const lists = new Map(withRules.map((t) => [t.id, { eligible: [] as EligiblePerson[], nearMisses: [] as EligiblePerson[], e: 0, n: 0 }]));
  const listed: Array<{ titleId: number; personId: number; entry: EligiblePerson }> = [];
  await judge(db, people, rulesByTitle, period, (person, titleId, evaluation) => {
    const list = lists.get(titleId)!;
    if (!evaluation.eligible && !evaluation.nearMiss) return;
    const entry: EligiblePerson = {
      employeeNo: person.employeeNo,
      name: person.name,
      jobTitle: person.jobTitle,
      unitZh: person.unitZh,
      unitEn: person.unitEn,
      outcomes: evaluation.outcomes,
      nominated: false,
    };
    if (evaluation.eligible) {
      list.e += 1;
      if (list.eligible.length < maxListed) {
        list.eligible.push(entry);
        listed.push({ titleId, personId: person.id, entry });
      }
    } else {
      list.n += 1;
      if (list.nearMisses.length < maxListed) list.nearMisses.push(entry);
    }
  });

  if (listed.length) {
    const taken = await db
      .selectFrom("nomination_nominees")
      .select(["title_id", "person_id"])
      .where("campaign_id", "=", c.id)
      .where("person_id", "in", [...new Set(listed.map((l) => l.personId))])
      .execute();
    const key = new Set(taken.map((t) => `${t.title_id}:${t.person_id}`));
    for (const l of listed) l.entry.nominated = key.has(`${l.titleId}:${l.personId}`);
  }

  return ok({
    campaign: { slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, status: c.status, periodStart: period.start, periodEnd: period.end },
    units: units.map((u) => ({ code: u.code, nameZh: u.name_zh, nameEn: u.name_en })),
    unit,
    judged: people.length,
    truncated,
    titles: withRules.map((t) => {
      const list = lists.get(t.id)!;
      return {
        slug: t.slug,
        nameZh: t.nameZh,
        nameEn: t.nameEn,
        allowsException: allows.get(t.id) ?? false,
        rules: rulesByTitle.get(t.id)!,
        eligible: list.eligible,
        eligibleCount: list.e,
        nearMisses: list.nearMisses,
        nearMissCount: list.n,
      };
    }),
    mayNominate: c.status === "nominating" && hasRole(user, "manager"),
  });
}

/** What a nomination stores of the evaluation it was submitted with (nominations.eligibility). */
export interface StoredEligibility {
  evaluatedAt: string;
  period: Period;
  eligible: boolean;
  /** Submitted with a written justification although a nominee does not meet the rules. */
  exception: boolean;
  nominees: Array<{ employeeNo: string; name: string; eligible: boolean; nearMiss: boolean; outcomes: RuleOutcome[] }>;
}

/**
 * The check at submit (saveNomination calls it inside its transaction): each
 * nominee, every member of a team too, must meet the title's rules. One who
 * does not is refused with the reasons in both languages (the form shows its
 * reader's), unless the title allows an exception and the nominator wrote a
 * justification. Returns what the nomination stores: the evaluation (null
 * for a title without rules) and the justification (kept only when needed).
 */
export async function judgeAtSubmit(
  db: Db,
  campaignId: number,
  titleId: number,
  personIds: readonly number[],
  exceptionReason: string | null,
): Promise<Result<{ eligibility: string | null; exceptionReason: string | null }>> {
  const rules = (await rulesOfTitles(db, [titleId])).get(titleId) ?? [];
  if (!rules.length || !personIds.length) return ok({ eligibility: null, exceptionReason: null });
  const period = await campaignPeriod(db, campaignId);
  const rows = await db
    .selectFrom("people as p")
    .innerJoin("org_units as u", "u.id", "p.org_unit_id")
    .select(candidateColumns)
    .where("p.id", "in", [...personIds])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, asCandidate(r)]));
  const people = personIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  const judged: StoredEligibility["nominees"] = [];
  await judge(db, people, new Map([[titleId, rules]]), period, (p, _titleId, e) => {
    judged.push({ employeeNo: p.employeeNo, name: p.name, eligible: e.eligible, nearMiss: e.nearMiss, outcomes: e.outcomes });
  });
  const failing = judged.filter((n) => !n.eligible);
  const reason = exceptionReason?.trim() || null;
  if (failing.length) {
    const allowed = (await exceptionsAllowed(db, [titleId])).get(titleId) ?? false;
    if (!allowed || !reason) {
      // Both languages travel with the refusal; the form picks its reader's (localisedVars).
      const vars = {
        who: formatList(
          "en",
          failing.map((n) => `${n.name} (${n.employeeNo})`),
        ),
        reasons: reasonsIn("en", failing),
        "who.zh-CN": formatList(
          "zh-CN",
          failing.map((n) => `${n.name}（${n.employeeNo}）`),
        ),
        "reasons.zh-CN": reasonsIn("zh-CN", failing),
      };
      return err(allowed ? "eligibility.submit.exceptionRequired" : "eligibility.submit.refused", 400, vars);
    }
  }
  const stored: StoredEligibility = {
    evaluatedAt: new Date().toISOString(),
    period,
    eligible: failing.length === 0,
    exception: failing.length > 0,
    nominees: judged,
  };
  return ok({ eligibility: JSON.stringify(stored), exceptionReason: failing.length ? reason : null });
}

/** The failed rules of each nominee, in one language: "李明（T0001）：…；…". */
function reasonsIn(locale: "en" | "zh-CN", failing: StoredEligibility["nominees"]): string {
  const t = makeT(locale);
  return failing
    .map((n) =>
      failing.length > 1 ? `${n.name}${locale === "en" ? ": " : "："}${failedText(t, locale, n.outcomes)}` : failedText(t, locale, n.outcomes),
    )
    .join(locale === "en" ? " / " : " / ");
}
