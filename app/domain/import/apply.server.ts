import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { rebuildUnitPaths } from "../org/org.server";
import { markLeft } from "../people/leaving.server";
import type { ImportMode } from "./columns";
import type { ImportSummary } from "./report";

// The apply step: set-based statements from import_rows into the real tables,
// run inside the import's one transaction. Each upsert writes only rows whose
// values differ, so re-importing the same file changes (and audits) nothing.

/** The database moved under a checked file; the transaction rolls back. */
export class ChangedMeanwhile extends Error {}

type Counts = Pick<ImportSummary, "created" | "updated" | "unchanged" | "left" | "absent">;

export async function applyPeople(trx: Db, importId: number, mode: ImportMode): Promise<Counts> {
  // An address moving from one person in the file to another (or swapping)
  // would trip the unique index mid-statement: free the moving ones first.
  // The upsert below then sees the change and counts it as an update.
  await sql`
    update people p set email = null
    from import_rows r
    where r.import_id = ${importId}
      and p.employee_no = r.data->>'employee_no'
      and r.data->>'email' is not null
      and lower(p.email) <> lower(r.data->>'email')
  `.execute(trx);

  // (xmax = 0) tells an inserted row from an updated one; rows the WHERE
  // skips are not returned at all, and count as unchanged.
  const {
    rows: [upserted],
  } = await sql<{ created: number; updated: number }>`
    with up as (
      insert into people (employee_no, name, name_pinyin, email, phone, org_unit_id, job_title, hire_date, post)
      select r.data->>'employee_no', r.data->>'name', r.data->>'name_pinyin', r.data->>'email', r.data->>'phone',
             u.id, r.data->>'job_title', (r.data->>'hire_date')::date,
             -- A file without the post column leaves the stored post as it is (decision 0052).
             case when r.data ? 'post' then r.data->>'post' else known.post end
      from import_rows r
      -- left join: a unit deleted since the check fails the not-null constraint,
      -- rolling the import back, instead of dropping the person silently.
      left join org_units u on u.code = r.data->>'unit'
      left join people known on known.employee_no = r.data->>'employee_no'
      where r.import_id = ${importId}
      on conflict (employee_no) do update set
        name = excluded.name, name_pinyin = excluded.name_pinyin, email = excluded.email, phone = excluded.phone,
        org_unit_id = excluded.org_unit_id, job_title = excluded.job_title, hire_date = excluded.hire_date, post = excluded.post,
        status = 'active', left_at = null, updated_at = now()
      where (people.name, people.email, people.phone, people.org_unit_id, people.job_title, people.hire_date, people.post, people.status)
        is distinct from
            (excluded.name, excluded.email, excluded.phone, excluded.org_unit_id, excluded.job_title, excluded.hire_date, excluded.post, 'active')
      returning id, (xmax = 0) as inserted
    ), staff as (
      insert into person_roles (person_id, role)
      select id, 'staff' from up where inserted
      on conflict do nothing
    )
    select count(*) filter (where inserted)::int as created,
           count(*) filter (where not inserted)::int as updated
    from up
  `.execute(trx);

  let left = 0;
  if (mode === "full") {
    const absent = await trx
      .selectFrom("people as p")
      .select("p.id")
      .where("p.status", "=", "active")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("import_rows as r")
              .select(sql`1`.as("one"))
              .where("r.import_id", "=", importId)
              .where(sql<boolean>`r.data->>'employee_no' = p.employee_no`),
          ),
        ),
      )
      .execute();
    left = (
      await markLeft(
        trx,
        absent.map((p) => p.id),
      )
    ).length;
  }
  const rows = await stagedCount(trx, importId);
  return { created: upserted.created, updated: upserted.updated, unchanged: rows - upserted.created - upserted.updated, left, absent: 0 };
}

export async function applyOrg(trx: Db, importId: number, mode: ImportMode): Promise<Counts> {
  // Counted before writing: a unit can change in two statements (names, then parent).
  const {
    rows: [counts],
  } = await sql<{ created: number; updated: number; unchanged: number }>`
    select count(*) filter (where u.id is null)::int as created,
           count(*) filter (where u.id is not null and (u.name_zh, u.name_en, u.kind, pu.code)
             is distinct from (r.data->>'name_zh', r.data->>'name_en', r.data->>'kind', r.data->>'parent'))::int as updated,
           count(*) filter (where u.id is not null and (u.name_zh, u.name_en, u.kind, pu.code)
             is not distinct from (r.data->>'name_zh', r.data->>'name_en', r.data->>'kind', r.data->>'parent'))::int as unchanged
    from import_rows r
    left join org_units u on u.code = r.data->>'code'
    left join org_units pu on pu.id = u.parent_id
    where r.import_id = ${importId}
  `.execute(trx);

  await sql`
    insert into org_units (code, name_zh, name_en, kind)
    select r.data->>'code', r.data->>'name_zh', r.data->>'name_en', r.data->>'kind'
    from import_rows r where r.import_id = ${importId}
    on conflict (code) do update set
      name_zh = excluded.name_zh, name_en = excluded.name_en, kind = excluded.kind, updated_at = now()
    where (org_units.name_zh, org_units.name_en, org_units.kind)
      is distinct from (excluded.name_zh, excluded.name_en, excluded.kind)
  `.execute(trx);

  // Parents only now, when every unit of the file exists.
  await sql`
    update org_units u set parent_id = p.id, updated_at = now()
    from import_rows r
    left join org_units p on p.code = r.data->>'parent'
    where r.import_id = ${importId}
      and u.code = r.data->>'code'
      and u.parent_id is distinct from p.id
  `.execute(trx);

  // The checks ran on a snapshot; confirm the tree as written before committing:
  // every parent as the file says, and no loop (a loop is unreachable from a root).
  const {
    rows: [check],
  } = await sql<{ wrong_parent: number; unreachable: number }>`
    with recursive tree as (
      select id from org_units where parent_id is null
      union all
      select u.id from org_units u join tree on u.parent_id = tree.id
    )
    select
      (select count(*)::int from import_rows r
         join org_units u on u.code = r.data->>'code'
         left join org_units p on p.id = u.parent_id
        where r.import_id = ${importId} and p.code is distinct from r.data->>'parent') as wrong_parent,
      (select count(*)::int from org_units) - (select count(*)::int from tree) as unreachable
  `.execute(trx);
  if (check.wrong_parent > 0 || check.unreachable > 0) {
    throw new ChangedMeanwhile("org tree changed while the import was checked");
  }
  await rebuildUnitPaths(trx);

  let absent = 0;
  if (mode === "full") {
    // Units are never removed by an import (people, roles and campaigns point
    // at them); a full file only reports the ones it leaves out.
    const {
      rows: [missing],
    } = await sql<{ absent: number }>`
      select count(*)::int as absent from org_units u
      where not exists (select 1 from import_rows r where r.import_id = ${importId} and r.data->>'code' = u.code)
    `.execute(trx);
    absent = missing.absent;
  }
  return { ...counts, left: 0, absent };
}

async function stagedCount(trx: Db, importId: number): Promise<number> {
  const { total } = await trx
    .selectFrom("import_rows")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where("import_id", "=", importId)
    .executeTakeFirstOrThrow();
  return Number(total);
}
