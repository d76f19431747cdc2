import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb, type Db, type DbHandle } from "../../db/client";
import { precompiled } from "../../db/precompiled";
import { createTestDb, onRealPostgres, type TestDb } from "../support/db";

// The hottest statements are built once and run with each call's values
// (db/precompiled.ts): every call must get its own answer, and a
// builder whose text would depend on a value must fail, not serve the first
// caller's statement to everyone.

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb({ poolSize: 2 });
  db = t.db;
});
afterAll(() => t.close());

test("each call runs with its own values: numbers, nulls, arrays, the same value twice", async () => {
  const echo = precompiled(
    (_db, v: { n: number | null; ids: number[]; s: string }) =>
      sql<{
        n: number | null;
        ids: number[];
        s: string;
        again: string;
      }>`select ${v.n}::int as n, ${v.ids}::int[] as ids, ${v.s}::text as s, ${v.s}::text as again`,
  );
  expect(await echo(db, { n: 1, ids: [1, 2], s: "a" })).toEqual([{ n: 1, ids: [1, 2], s: "a", again: "a" }]);
  expect(await echo(db, { n: null, ids: [], s: "b" })).toEqual([{ n: null, ids: [], s: "b", again: "b" }]);
});

test("a query builder is compiled once and reads with each call's values", async () => {
  const person = precompiled((db, v: { id: number }) => db.selectFrom("org_units").select("id").where("id", "=", v.id));
  expect(await person(db, { id: 2_000_000 })).toEqual([]);
});

test("a builder that looks at a value instead of sending it is refused on first use", async () => {
  const branching = precompiled((_db, v: { admin: boolean; id: number }) => (v.admin ? sql`select ${v.id}::int as id` : sql`select 0 as id`));
  await expect(branching(db, { admin: false, id: 1 })).rejects.toThrow(/admin never reach/);
});

// Through a pooler in transaction mode a named statement may be missing on the
// server connection the next transaction gets (docs/decisions/0035): such a
// pool sends the same statements unnamed, with the same answers.
describe.skipIf(!onRealPostgres)("named or not (PostgreSQL)", () => {
  const echo = precompiled((_db, v: { n: number }) => sql<{ n: number }>`select ${v.n}::int as n`);
  const preparedOn = async (handle: DbHandle) => {
    const r = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(handle.db);
    return r.rows.map((row) => row.name);
  };

  test.each([true, false])("namedStatements %s", async (namedStatements) => {
    // One connection, so the statement and the look at what it left are on the same session.
    const handle = await createDb({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: 1, namedStatements });
    try {
      expect(await echo(handle.db, { n: 7 })).toEqual([{ n: 7 }]);
      expect(await echo(handle.db, { n: 8 })).toEqual([{ n: 8 }]);
      const names = await preparedOn(handle);
      expect(names.filter((name) => name.startsWith("s_"))).toHaveLength(namedStatements ? 1 : 0);
    } finally {
      await handle.close();
    }
  });
});
