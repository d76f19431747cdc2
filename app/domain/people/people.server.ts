import { sql } from "kysely";
import { todayInShanghai } from "~/i18n";
import type { Db } from "../../../db/client";
import type { Role } from "../../../db/schema";
import { audit } from "../audit/audit.server";
import { createPasswordToken } from "../auth/auth.server";
import { allRoles, isAdmin, type User } from "../auth/user";
import { unitPath, type UnitName } from "../org/org.server";
import { escapeLike } from "../org/unit-path.server";
import type { PictureData } from "../media/picture";
import { fredPrinciples, parseStory, type FredPrinciple, type StoryBlock } from "../nominations/story";
import { pageWindow } from "../paging";
import { mayHide } from "../publishing/congratulation-rules";
import { congratulationsFor, type HonourCongratulations } from "../publishing/congratulations.server";
import { honoursOf } from "../publishing/honours.server";
import { yearOf, type SnapshotCorrection, type SnapshotMetric, type SnapshotPhoto } from "../publishing/snapshot";
import { err, ok, type Result } from "../result";
import { cutChars } from "../text";

export const directoryPageSize = 24;

export interface DirectoryQuery {
  q?: string;
  unit?: string;
  page?: number;
  /** Administrators may include people who have left. */
  includeLeft?: boolean;
  /** Administrators may list only the holders of one role (the committee, the managers). */
  role?: Role;
}

export interface DirectoryRow {
  employeeNo: string;
  name: string;
  jobTitle: string | null;
  unitZh: string;
  unitEn: string | null;
  status: "active" | "left";
}

/**
 * The staff directory: search by name, employee number or unit name, filter
 * by unit (with everything below it), newest-first pages of a fixed size.
 */
export async function searchDirectory(
  db: Db,
  user: User,
  query: DirectoryQuery,
): Promise<{ rows: DirectoryRow[]; total: number; page: number; pageCount: number }> {
  let q = db.selectFrom("people as p").innerJoin("org_units as u", "u.id", "p.org_unit_id");
  if (!(query.includeLeft && isAdmin(user))) q = q.where("p.status", "=", "active");
  const text = query.q === undefined ? undefined : cutChars(query.q.trim(), 100);
  if (text) {
    const like = `%${escapeLike(text)}%`;
    q = q.where((eb) =>
      eb.or([
        eb("p.name", "ilike", like),
        // Pinyin: "qiu", "qiujunting" or the initials "qjt" find 邱俊廷.
        eb("p.name_pinyin", "ilike", `%${escapeLike(text.toLowerCase().replace(/\s+/g, " "))}%`),
        eb("p.employee_no", "ilike", like),
        eb("u.name_zh", "ilike", like),
        eb("u.name_en", "ilike", like),
        eb("p.job_title", "ilike", like),
      ]),
    );
  }
  const role = query.role && isAdmin(user) && allRoles.includes(query.role) ? query.role : undefined;
  if (role)
    q = q.where((eb) =>
      eb.exists(eb.selectFrom("person_roles as r").select("r.person_id").whereRef("r.person_id", "=", "p.id").where("r.role", "=", role)),
    );
  if (query.unit) {
    const unit = await db.selectFrom("org_units").select(["id", "path"]).where("code", "=", query.unit).executeTakeFirst();
    if (!unit) return { rows: [], total: 0, page: 1, pageCount: 1 };
    const prefix = `${unit.path}${unit.id}/`;
    q = q.where((eb) => eb.or([eb("u.id", "=", unit.id), eb("u.path", "like", `${escapeLike(prefix)}%`)]));
  }
  const activeOnly = !(query.includeLeft && isAdmin(user));
  // The unfiltered count (the directory's first view) needs no join: every
  // person has a unit (not null, foreign key), and the partial index on
  // active people answers it from the index alone.
  const counted =
    text || query.unit || role ? q : activeOnly ? db.selectFrom("people as p").where("p.status", "=", "active") : db.selectFrom("people as p");
  const [{ total }] = await counted.select((eb) => eb.fn.countAll<number>().as("total")).execute();
  const count = Number(total);
  // A page beyond the last shows the last one (a stale link after people left).
  const { page, pageCount, offset } = pageWindow(count, directoryPageSize, query.page);
  const rows = await q
    .select(["p.employee_no", "p.name", "p.job_title", "p.status", "u.name_zh", "u.name_en"])
    // Pinyin order, as a Chinese reader expects (邓 before 王 before 张).
    .orderBy(sql`p.name_pinyin collate "C"`)
    .orderBy("p.employee_no")
    .limit(directoryPageSize)
    .offset(offset)
    .execute();
  return {
    rows: rows.map((r) => ({
      employeeNo: r.employee_no,
      name: r.name,
      jobTitle: r.job_title,
      unitZh: r.name_zh,
      unitEn: r.name_en,
      status: r.status,
    })),
    total: count,
    page,
    pageCount,
  };
}

export interface Profile {
  employeeNo: string;
  name: string;
  jobTitle: string | null;
  hireDate: string | null;
  yearsOfService: number | null;
  status: "active" | "left";
  unitPath: UnitName[];
}

/** Whole years between hire date and today (Asia/Shanghai calendar). */
export function yearsBetween(hireDate: string, today: string): number {
  const [hy, hm, hd] = hireDate.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  let years = ty - hy;
  if (tm < hm || (tm === hm && td < hd)) years -= 1;
  return Math.max(0, years);
}

const isoDate = (d: Date | null) =>
  d ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}` : null;

/** A person and their page's facts; people who left are shown to administrators only. */
async function readProfile(db: Db, user: User, employeeNo: string): Promise<Result<{ id: number; profile: Profile }>> {
  const p = await db
    .selectFrom("people")
    .select(["id", "employee_no", "name", "job_title", "hire_date", "status", "org_unit_id"])
    .where("employee_no", "=", employeeNo)
    .executeTakeFirst();
  if (!p || (p.status === "left" && !isAdmin(user))) return err("people.notFound", 404);
  const hireDate = isoDate(p.hire_date);
  return ok({
    id: p.id,
    profile: {
      employeeNo: p.employee_no,
      name: p.name,
      jobTitle: p.job_title,
      hireDate,
      yearsOfService: hireDate ? yearsBetween(hireDate, todayInShanghai()) : null,
      status: p.status,
      unitPath: await unitPath(db, p.org_unit_id),
    },
  });
}

/** A person's page; people who left are shown to administrators only. */
export async function getProfile(db: Db, user: User, employeeNo: string): Promise<Result<Profile>> {
  const r = await readProfile(db, user, employeeNo);
  return r.ok ? ok(r.value.profile) : r;
}

// ---- the profile page: the person's lasting page ------------------------

export interface ProfileHonour {
  nominationId: number;
  rollSlug: string;
  version: number;
  publishedAt: Date;
  /** The year of the honour roll (its campaign's period end). */
  year: number;
  campaign: { nameZh: string; nameEn: string; periodEnd: string };
  title: { nameZh: string; nameEn: string; badge: PictureData | null };
  citation: string;
  /** The correction that last changed the citation or the stories, with its reason; null: as first published. */
  citationCorrected: SnapshotCorrection | null;
  storiesCorrected: SnapshotCorrection | null;
  /** A team honour: the team's name and the other members' names. */
  team: { name: string; others: string[] } | null;
  /** The headline metrics chosen at publication. */
  metrics: Array<Omit<SnapshotMetric, "id" | "comparison">>;
  congratulations: HonourCongratulations;
}

export interface ProfileStory {
  /** The honour it was told for. */
  nominationId: number;
  heading: string;
  /** Parsed here, rendered as text nodes by <Story>: never HTML. */
  blocks: StoryBlock[];
  principles: FredPrinciple[];
  quote: string | null;
  quoteBy: string | null;
}

export interface ProfilePage {
  profile: Profile;
  /** The chosen photo of the most recent honour that has one (an individual honour's first); null: initials. */
  photo: SnapshotPhoto | null;
  /** Newest first. */
  honours: ProfileHonour[];
  stories: ProfileStory[];
  /** Each of the four principles in the canonical order, with how many stories show it. */
  principles: Array<{ principle: FredPrinciple; stories: number }>;
  may: { congratulate: boolean; hide: boolean };
}

/**
 * Everything the profile page shows, in one call: the person (as
 * getProfile), and their honours from published honour rolls only — each
 * as the newest version of its roll shows it — with the stories, metrics,
 * photo and congratulations. Drafts and unpublished results never appear:
 * honoursOf reads snapshots, and a snapshot exists only once published.
 */
export async function profilePage(db: Db, viewer: User, employeeNo: string): Promise<Result<ProfilePage>> {
  const found = await readProfile(db, viewer, employeeNo);
  if (!found.ok) return found;
  const { id: personId, profile } = found.value;
  const [published, congratulations] = await Promise.all([honoursOf(db, personId), congratulationsFor(db, viewer, personId)]);
  // Newest first by the period honoured, then by publication (two rolls of one year).
  const honours = [...published].sort(
    (a, b) => b.campaign.periodEnd.localeCompare(a.campaign.periodEnd) || b.publishedAt.getTime() - a.publishedAt.getTime(),
  );
  const photo =
    honours.find((h) => h.winner.kind === "individual" && h.winner.photo)?.winner.photo ?? honours.find((h) => h.winner.photo)?.winner.photo ?? null;
  const stories: ProfileStory[] = honours.flatMap((h) =>
    h.winner.stories.map((s) => ({
      nominationId: h.winner.nominationId,
      heading: s.heading,
      blocks: parseStory(s.body),
      principles: s.principles,
      quote: s.quote,
      quoteBy: s.quoteBy,
    })),
  );
  return ok({
    profile,
    photo,
    honours: honours.map((h) => ({
      nominationId: h.winner.nominationId,
      rollSlug: h.rollSlug,
      version: h.version,
      publishedAt: h.publishedAt,
      year: yearOf(h),
      campaign: { nameZh: h.campaign.nameZh, nameEn: h.campaign.nameEn, periodEnd: h.campaign.periodEnd },
      title: { nameZh: h.title.nameZh, nameEn: h.title.nameEn, badge: h.title.badge },
      citation: h.winner.citation,
      citationCorrected: h.winner.citationCorrected ?? null,
      storiesCorrected: h.winner.storiesCorrected ?? null,
      team:
        h.winner.kind === "team"
          ? { name: h.winner.teamName ?? "", others: h.winner.nominees.filter((p) => p.personId !== personId).map((p) => p.name) }
          : null,
      metrics: h.winner.metrics.map(({ id: _id, comparison: _c, ...m }) => m),
      congratulations: congratulations.find((c) => c.nominationId === h.winner.nominationId) ?? {
        nominationId: h.winner.nominationId,
        count: 0,
        mine: false,
        items: [],
      },
    })),
    stories,
    principles: fredPrinciples.map((principle) => ({ principle, stories: stories.filter((s) => s.principles.includes(principle)).length })),
    may: {
      // The domain refuses the rest (own page, a person who left); the page only offers what would succeed.
      congratulate: viewer.id !== personId && profile.status === "active",
      hide: mayHide({ id: viewer.id, isAdmin: isAdmin(viewer) }, personId),
    },
  });
}

// ---- administration of one person --------------------------------------

export interface PersonAdminView {
  id: number;
  employeeNo: string;
  name: string;
  email: string | null;
  status: "active" | "left";
  hasPassword: boolean;
  /** The post kind from the staff import (decision 0052); null: unknown. */
  post: "frontline" | "management" | "support" | null;
  unitPath: UnitName[];
  roles: Array<{ role: Role; unitCode: string | null; unitZh: string | null; unitEn: string | null }>;
}

export async function getPersonForAdmin(db: Db, user: User, employeeNo: string): Promise<Result<PersonAdminView>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const p = await db
    .selectFrom("people")
    .select(["id", "employee_no", "name", "email", "status", "password_hash", "org_unit_id", "post"])
    .where("employee_no", "=", employeeNo)
    .executeTakeFirst();
  if (!p) return err("people.notFound", 404);
  const roles = await db
    .selectFrom("person_roles as r")
    .leftJoin("org_units as u", "u.id", "r.org_unit_id")
    .select(["r.role", "u.code", "u.name_zh", "u.name_en"])
    .where("r.person_id", "=", p.id)
    .orderBy("r.role")
    .orderBy("u.code")
    .execute();
  return ok({
    id: p.id,
    employeeNo: p.employee_no,
    name: p.name,
    email: p.email,
    status: p.status,
    hasPassword: p.password_hash !== null,
    post: p.post,
    unitPath: await unitPath(db, p.org_unit_id),
    roles: roles.map((r) => ({ role: r.role, unitCode: r.code, unitZh: r.name_zh, unitEn: r.name_en })),
  });
}

export interface RoleChange {
  employeeNo: string;
  role: Role;
  /** Required for managers (the unit they act for), optional for committee. */
  unitCode?: string | null;
}

type RoleSnapshot = Array<{ role: Role; unit: string | null }>;

async function roleSnapshot(db: Db, personId: number): Promise<RoleSnapshot> {
  const rows = await db
    .selectFrom("person_roles as r")
    .leftJoin("org_units as u", "u.id", "r.org_unit_id")
    .select(["r.role", "u.code"])
    .where("r.person_id", "=", personId)
    .orderBy("r.role")
    .orderBy("u.code")
    .execute();
  return rows.map((r) => ({ role: r.role, unit: r.code }));
}

/** Grants a role (idempotent); administrators only; audited with before/after. */
export async function grantRole(db: Db, actor: User, change: RoleChange): Promise<Result<RoleSnapshot>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  if (!allRoles.includes(change.role)) return err("admin.roles.unknownRole");
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom("people")
      .select(["id", "status"])
      .where("employee_no", "=", change.employeeNo)
      .forUpdate()
      .executeTakeFirst();
    if (!person) return err("people.notFound", 404);
    let unitId: number | null = null;
    if (change.role === "manager" || (change.role === "committee" && change.unitCode)) {
      if (!change.unitCode) return err("admin.roles.unitRequired");
      const unit = await trx.selectFrom("org_units").select("id").where("code", "=", change.unitCode).executeTakeFirst();
      if (!unit) return err("admin.roles.unknownUnit");
      unitId = unit.id;
    }
    const before = await roleSnapshot(trx, person.id);
    const inserted = await trx
      .insertInto("person_roles")
      .values({ person_id: person.id, role: change.role, org_unit_id: unitId, granted_by: actor.id })
      .onConflict((oc) => oc.columns(["person_id", "role", "org_unit_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    const after = await roleSnapshot(trx, person.id);
    if (inserted) {
      await audit(trx, actor, { action: "role.granted", subjectType: "person", subjectId: change.employeeNo, before, after });
    }
    return ok(after);
  });
}

/** Removes a role; an administrator cannot remove their own admin role (no lock-out). */
export async function revokeRole(db: Db, actor: User, change: RoleChange): Promise<Result<RoleSnapshot>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  if (change.role === "admin" && change.employeeNo === actor.employeeNo) return err("admin.roles.selfAdmin");
  return db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom("people").select("id").where("employee_no", "=", change.employeeNo).forUpdate().executeTakeFirst();
    if (!person) return err("people.notFound", 404);
    const unit = change.unitCode ? await trx.selectFrom("org_units").select("id").where("code", "=", change.unitCode).executeTakeFirst() : undefined;
    if (change.unitCode && !unit) return err("admin.roles.unknownUnit");
    const before = await roleSnapshot(trx, person.id);
    const deleted = await trx
      .deleteFrom("person_roles")
      .where("person_id", "=", person.id)
      .where("role", "=", change.role)
      .where((eb) => (unit ? eb("org_unit_id", "=", unit.id) : eb("org_unit_id", "is", null)))
      .executeTakeFirst();
    const after = await roleSnapshot(trx, person.id);
    if (Number(deleted.numDeletedRows) > 0) {
      await audit(trx, actor, { action: "role.revoked", subjectType: "person", subjectId: change.employeeNo, before, after });
    }
    return ok(after);
  });
}

/**
 * Issues a one-time link for a person to set (or reset) their password. The
 * old password keeps working until the link is used; using it signs them out
 * everywhere. The token is shown once to the administrator, stored hashed.
 */
export async function issuePasswordLink(db: Db, actor: User, employeeNo: string): Promise<Result<{ token: string; name: string }>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom("people")
      .select(["id", "name", "status", "password_hash"])
      .where("employee_no", "=", employeeNo)
      .executeTakeFirst();
    if (!person) return err("people.notFound", 404);
    if (person.status !== "active") return err("admin.password.personLeft");
    const token = await createPasswordToken(trx, person.id, actor.id);
    await audit(trx, actor, {
      action: "password.link_issued",
      subjectType: "person",
      subjectId: employeeNo,
      before: { hasPassword: person.password_hash !== null },
    });
    return ok({ token, name: person.name });
  });
}
