import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { precompiled } from "../../db/precompiled";
import { createTestDb, type TestDb } from "../support/db";

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
