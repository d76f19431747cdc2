import { sql } from "kysely";
import { audit } from "../domain/audit/audit.server";
import { hashPassword } from "../domain/auth/password.server";
import { rebuildUnitPaths } from "../domain/org/org.server";
import { nameKey } from "../domain/people/name-key.server";
import type { Db } from "../../db/client";
import { demoUnitDepths, demoUnits } from "./org";
import { demoPassword, demoPeople } from "./people";
import { seedCampaigns } from "./campaigns";
import { settleDemoNotices } from "./notices";
import { seedMetrics } from "./metrics";
import { seedRobot } from "./robots";
import { seedCongratulations } from "./congratulations";
import { nominationDemoPhotos, seedNominations } from "./nominations";
import { DemoPhotos } from "./photos";
import { seedVoting, votingDemoPhotos } from "./voting";
import { reporting, type Report, type SeedReporter } from "./progress";

export { demoAccounts, demoPassword, demoPeople, featuredPeople, type DemoAccount, type DemoPerson } from "./people";
export { demoUnits, type DemoUnit } from "./org";
export { demoCsv } from "./csv";
export { describeProgress, throttled, type SeedProgress, type SeedReporter, type SeedStep } from "./progress";
export type { DemoPhotos } from "./photos";

// A type alias, not an interface, so it passes as a log record as it is.
export type SeedCounts = {
  /** People added by this call. */
  people: number;
  /** Org units added by this call. */
  units: number;
};

export type SeedOutcome = ({ ok: true } & SeedCounts) | { ok: false; reason: "not-empty"; existingPeople: number };

/**
 * Loads the demo organisation into a database without people, in one
 * transaction; null (and nothing written) when anyone is already there.
 * Called at every start of the embedded database, so the check comes first
 * and the Argon2 hash is only computed when there is something to seed.
 */
export async function seedIfEmpty(db: Db, opts: { report?: SeedReporter; photos?: DemoPhotos } = {}): Promise<SeedCounts | null> {
  if (await countPeople(db)) return null;
  const report = reporting(opts.report);
  const photos = opts.photos ?? demoPhotos();
  try {
    const passwordHash = await hashPassword(demoPassword);
    return await db.transaction().execute(async (trx) => {
      await lockSeeding(trx);
      if (await countPeople(trx)) return null;
      return loadDemo(trx, passwordHash, report, photos);
    });
  } finally {
    photos.clear();
  }
}

/**
 * Every photo the demo shows, drawn and encoded from now on, in the order
 * the load stores them: a first start calls this before it opens the
 * database, so the encoding overlaps the opening too.
 */
export function demoPhotos(): DemoPhotos {
  const list = [...nominationDemoPhotos(), ...votingDemoPhotos()];
  const photos = new DemoPhotos(list.length);
  photos.prefetch(list);
  return photos;
}

/**
 * `npm run db:seed`: refuses when people exist unless forced. Forced, it adds
 * whichever demo units, people and roles are missing and leaves every existing
 * row as it is: it never deletes anything, never renames a unit, and never sets
 * a password on (or grants a role to) a person who was already there, even one
 * whose employee number or email is a demo one.
 */
export async function seedDemo(db: Db, opts: { force?: boolean; report?: SeedReporter } = {}): Promise<SeedOutcome> {
  const existing = await countPeople(db);
  if (existing && !opts.force) return { ok: false, reason: "not-empty", existingPeople: existing };
  const report = reporting(opts.report);
  const passwordHash = await hashPassword(demoPassword);
  return db.transaction().execute(async (trx): Promise<SeedOutcome> => {
    await lockSeeding(trx);
    const now = await countPeople(trx);
    if (now && !opts.force) return { ok: false, reason: "not-empty", existingPeople: now };
    // Into an empty database every photo is needed: encode them while the
    // rows are written. Otherwise (a forced re-run) most are skipped, and each
    // is encoded only if something stores it.
    const photos = now === 0 ? demoPhotos() : new DemoPhotos(0);
    try {
      return { ok: true, ...(await loadDemo(trx, passwordHash, report, photos)) };
    } finally {
      photos.clear();
    }
  });
}

async function countPeople(db: Db): Promise<number> {
  const row = await db
    .selectFrom("people")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Two instances starting on one empty database must not both seed it.
async function lockSeeding(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('service-stars.seed-demo'))`.execute(db);
}

async function loadDemo(db: Db, passwordHash: string, report: Report, photos: DemoPhotos): Promise<SeedCounts> {
  photos.reportTo(report);
  const people = demoPeople();
  report("people", 0, people.length);
  const { added: units, ids: unitIds } = await insertUnits(db);
  await rebuildUnitPaths(db);

  // Batched: one statement for the people, one for their roles (< 3 s on PGlite).
  const inserted = await db
    .insertInto("people")
    .values(
      people.map((p) => ({
        employee_no: p.employeeNo,
        name: p.name,
        name_pinyin: nameKey(p.name),
        email: p.email,
        phone: p.phone,
        org_unit_id: unitIds.get(p.unit)!,
        job_title: p.jobTitle,
        hire_date: p.hireDate,
        status: p.leftAt ? ("left" as const) : ("active" as const),
        left_at: p.leftAt,
        password_hash: p.account ? passwordHash : null,
      })),
    )
    // No target: a clash on the employee number or on the email skips the row.
    .onConflict((oc) => oc.doNothing())
    .returning(["id", "employee_no"])
    .execute();

  const byNo = new Map(people.map((p) => [p.employeeNo, p]));
  const roles = inserted.flatMap((row) =>
    byNo.get(row.employee_no)!.roles.map((r) => ({
      person_id: row.id,
      role: r.role,
      org_unit_id: r.unit === null ? null : unitIds.get(r.unit)!,
    })),
  );
  if (roles.length)
    await db
      .insertInto("person_roles")
      .values(roles)
      .onConflict((oc) => oc.doNothing())
      .execute();
  report("people", people.length, people.length);

  // Titles, campaigns and nominations that are missing (each skips what is there),
  // then the campaigns that show the vote and the honour rolls, walked through
  // their phases by the use-cases, and colleagues' congratulations on the winners.
  report("campaigns", 0, 1);
  await seedCampaigns(db);
  await seedNominations(db, photos, new Date(), report);
  await seedVoting(db, photos, report);
  report("congratulations", 0, 1);
  await seedCongratulations(db);
  await seedRobot(db);
  await seedMetrics(db);
  await settleDemoNotices(db);

  const counts = { people: inserted.length, units };
  await audit(db, null, { action: "demo.seeded", subjectType: "demo", after: counts });
  report("done", 1, 1);
  return counts;
}

/** Inserts the missing demo units one tree level at a time (parents need ids first). */
async function insertUnits(db: Db): Promise<{ added: number; ids: Map<string, number> }> {
  const depths = demoUnitDepths();
  const maxDepth = Math.max(...depths.values());
  const ids = new Map<string, number>();
  let added = 0;
  for (let depth = 0; depth <= maxDepth; depth++) {
    const level = demoUnits.filter((u) => depths.get(u.code) === depth);
    const rows = await db
      .insertInto("org_units")
      .values(
        level.map((u) => ({
          code: u.code,
          name_zh: u.nameZh,
          name_en: u.nameEn,
          kind: u.kind,
          parent_id: u.parent === null ? null : ids.get(u.parent)!,
        })),
      )
      .onConflict((oc) => oc.column("code").doNothing())
      .returning("id")
      .execute();
    added += rows.length;
    const all = await db
      .selectFrom("org_units")
      .select(["id", "code"])
      .where(
        "code",
        "in",
        level.map((u) => u.code),
      )
      .execute();
    for (const u of all) ids.set(u.code, u.id);
  }
  return { added, ids };
}
