import { describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { batched } from "../../db/batched";

// Stand-ins for two database handles: batched() only uses them as keys.
const dbA = {} as Db;
const dbB = {} as Db;

function counting() {
  const statements: Array<{ db: Db; keys: string[] }> = [];
  const lookup = batched(async (db: Db, keys: string[]) => {
    statements.push({ db, keys });
    return new Map(keys.filter((k) => k !== "unknown").map((k) => [k, k.toUpperCase()]));
  });
  return { statements, lookup };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("batched lookups", () => {
  test("lookups made in one turn of the event loop share one statement, and each gets its own answer", async () => {
    const { statements, lookup } = counting();
    const answers = await Promise.all([lookup(dbA, "ann"), lookup(dbA, "bo"), lookup(dbA, "unknown"), lookup(dbA, "cy")]);
    expect(answers).toEqual(["ANN", "BO", undefined, "CY"]);
    expect(statements).toEqual([{ db: dbA, keys: ["ann", "bo", "unknown", "cy"] }]);
  });

  test("a key asked twice in one turn is asked once, and both callers get the answer", async () => {
    const { statements, lookup } = counting();
    const [first, second] = await Promise.all([lookup(dbA, "ann"), lookup(dbA, "ann")]);
    expect([first, second]).toEqual(["ANN", "ANN"]);
    expect(statements).toEqual([{ db: dbA, keys: ["ann"] }]);
  });

  test("nothing is remembered: the next turn asks again, and each database gets its own statement", async () => {
    const { statements, lookup } = counting();
    expect(await lookup(dbA, "ann")).toBe("ANN");
    await nextTurn();
    const both = await Promise.all([lookup(dbA, "ann"), lookup(dbB, "ann")]);
    expect(both).toEqual(["ANN", "ANN"]);
    expect(statements).toEqual([
      { db: dbA, keys: ["ann"] },
      { db: dbA, keys: ["ann"] },
      { db: dbB, keys: ["ann"] },
    ]);
  });

  test("while a statement is out, the lookups that come gather and go together as soon as it is back", async () => {
    const statements: string[][] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const lookup = batched(async (_db: Db, keys: string[]) => {
      statements.push(keys);
      if (statements.length === 1) await held;
      return new Map(keys.map((k) => [k, k.toUpperCase()]));
    });
    const first = lookup(dbA, "ann");
    await nextTurn();
    expect(statements).toEqual([["ann"]]);
    const later = [lookup(dbA, "bo"), lookup(dbA, "ann")];
    await nextTurn();
    const more = lookup(dbA, "cy");
    await nextTurn();
    expect(statements).toEqual([["ann"]]);
    release();
    expect(await Promise.all([first, ...later, more])).toEqual(["ANN", "BO", "ANN", "CY"]);
    expect(statements).toEqual([["ann"], ["bo", "ann", "cy"]]);
  });

  test("a statement that fails fails every lookup in it, and the next turn starts afresh", async () => {
    let fail = true;
    const lookup = batched(async (_db: Db, keys: string[]) => {
      if (fail) throw new Error("connection lost");
      return new Map(keys.map((k) => [k, k.length]));
    });
    const failed = await Promise.allSettled([lookup(dbA, "ann"), lookup(dbA, "bo")]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await lookup(dbA, "ann")).toBe(3);
  });

  test("a crowd larger than one statement takes is split, and every lookup is answered", async () => {
    const { statements, lookup } = counting();
    const keys = Array.from({ length: 600 }, (_, i) => `k${i}`);
    const answers = await Promise.all(keys.map((k) => lookup(dbA, k)));
    expect(answers).toEqual(keys.map((k) => k.toUpperCase()));
    expect(statements.map((s) => s.keys.length)).toEqual([256, 256, 88]);
  });
});
