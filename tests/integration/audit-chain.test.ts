import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Migrator } from "kysely/migration";
import { createDb, type Db } from "../../db/client";
import { migrationProvider } from "../../db/migrations/index";
import type { User } from "../../app/domain/auth/user";
import { audit, sealAudit, verifyAuditChain, type AuditChainCheck } from "../../app/domain/audit/audit.server";
import type { Result } from "../../app/domain/result";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, onRealPostgres, type TestDb } from "../support/db";

// The audit log is a hash chain and append-only (docs/decisions/0011-audit-chain.md).
// Entries are written unsealed and chained in batches by the seal (audit_seal()).
// Tampering is done as the table owner with the triggers switched off inside a
// transaction, as someone with direct database access would.

let t: TestDb;
let db: Db;
let admin: User;
let staff: User;
beforeAll(async () => {
  t = await createTestDb({ poolSize: 60 });
  db = t.db;
  await givenUnit(db, "AC");
  admin = await givenPerson(db, { unit: "AC", roles: ["admin"], password: null });
  staff = await givenPerson(db, { unit: "AC", password: null });
});
afterAll(() => t.close());

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected success, got ${r.error}`);
  return r.value;
}

const check = async (): Promise<AuditChainCheck> => value(await verifyAuditChain(db, admin));

const hex = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString("hex"));

/** The sealed entries, in chain order. */
const chain = async () =>
  (await db.selectFrom("audit_log").select(["id", "seq", "at", "hash", "prev_hash"]).where("seq", "is not", null).orderBy("seq").execute()).map(
    (r) => ({
      ...r,
      id: Number(r.id),
      seq: Number(r.seq),
      hash: hex(r.hash)!,
      prev: hex(r.prev_hash)!,
    }),
  );

const unsealedIds = async () =>
  (await db.selectFrom("audit_log").select("id").where("seq", "is", null).orderBy("id").execute()).map((r) => Number(r.id));

async function write(n: number, tag: string) {
  for (let i = 0; i < n; i++)
    await audit(db, admin, { action: "test.chained", subjectType: "test", subjectId: `${tag}-${i}`, after: { i, tag, note: "写入" } });
}

/** Runs `change` with the append-only and seal triggers off, in one transaction, then back on. */
async function tamper(change: (trx: Db) => Promise<unknown>) {
  await db.transaction().execute(async (trx) => {
    await sql`alter table audit_log disable trigger user`.execute(trx);
    await change(trx);
    await sql`alter table audit_log enable trigger user`.execute(trx);
  });
}

/** Every entry sealed once, seq 1..n without gaps, each linked to the one before. */
function expectWholeChain(rows: Awaited<ReturnType<typeof chain>>) {
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  expect(rows[0].prev).toBe("00".repeat(32));
  for (let i = 1; i < rows.length; i++) expect(rows[i].prev).toBe(rows[i - 1].hash);
}

describe("the chain", () => {
  test("entries are written unsealed; the seal chains them in id order and the chain verifies", async () => {
    await write(5, "fresh");
    const pending = await unsealedIds();
    expect(pending.length).toBeGreaterThanOrEqual(5);
    expect(await chain()).toEqual([]);
    expect(await sealAudit(db)).toBe(pending.length);
    expect(await unsealedIds()).toEqual([]);
    const rows = await chain();
    expect(rows.map((r) => r.id)).toEqual(pending);
    expectWholeChain(rows);
    expect(await sealAudit(db)).toBe(0);
    const result = await check();
    expect(result).toEqual({ entries: rows.length, unsealed: 0, head: rows.at(-1)!.hash, firstBroken: null, checkedAt: expect.any(Date) });
    expect(result.head).toMatch(/^[0-9a-f]{64}$/);
  });

  test("the check seals what is pending first: the next batch follows the last sealed entry", async () => {
    const last = (await chain()).at(-1)!;
    await write(3, "next");
    const pending = await unsealedIds();
    expect(pending).toHaveLength(3);
    const result = await check();
    expect(result).toMatchObject({ unsealed: 0, firstBroken: null });
    const rows = await chain();
    expect(rows.slice(-3).map((r) => r.id)).toEqual(pending);
    expect(rows.at(-3)!.prev).toBe(last.hash);
    expect(result).toMatchObject({ entries: rows.length, head: rows.at(-1)!.hash });
    expectWholeChain(rows);
  });

  test("a hash, prev_hash or seq the caller supplies is ignored: the entry starts unsealed", async () => {
    const last = (await chain()).at(-1)!;
    const [{ id }] = await db
      .insertInto("audit_log")
      .values({ action: "test.forged", seq: 999, prev_hash: Buffer.alloc(32, 1), hash: Buffer.alloc(32, 2) })
      .returning("id")
      .execute();
    const row = await db.selectFrom("audit_log").select(["seq", "prev_hash", "hash"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ seq: null, prev_hash: null, hash: null });
    await sealAudit(db);
    const forged = (await chain()).at(-1)!;
    expect(forged).toMatchObject({ id: Number(id), seq: last.seq + 1, prev: last.hash });
    expect(forged.hash).not.toBe("02".repeat(32));
    expect((await check()).firstBroken).toBeNull();
  });

  test("a non-administrator may not run the check", async () => {
    expect(await verifyAuditChain(db, staff)).toEqual({ ok: false, error: "common.forbidden", status: 403 });
  });
});

describe("entries written before the chain existed, and while entries were chained at insert", () => {
  // Its own PGlite migrated from scratch: seconds on a quiet machine, a minute while both workers and a browser share two cores.
  test("are chained in id order by the migrations, and new entries follow them once sealed", async () => {
    // The migrations' own logic, on a fresh in-memory PGlite whichever database the suite uses.
    const old = await createDb({ dataDir: "memory://" });
    try {
      const migrator = new Migrator({ db: old.db, provider: migrationProvider });
      expect((await migrator.migrateTo("202611250600_ballots")).error).toBeUndefined();
      for (const i of [1, 2, 3])
        await sql`insert into audit_log (action, after, at) values ('test.before_chain', ${JSON.stringify({ i })}, now() - make_interval(days => ${i}))`.execute(
          old.db,
        );
      expect((await migrator.migrateTo("202611250700_audit_chain")).error).toBeUndefined();
      await sql`insert into audit_log (action) values ('test.after_chain')`.execute(old.db);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await sql`insert into audit_log (action) values ('test.after_seal')`.execute(old.db);
      expect(await sealAudit(old.db)).toBe(1);
      const rows = await old.db.selectFrom("audit_log").select(["id", "seq", "action"]).orderBy("seq").execute();
      expect(rows.map((r) => [Number(r.seq), Number(r.id), r.action])).toEqual([
        [1, 1, "test.before_chain"],
        [2, 2, "test.before_chain"],
        [3, 3, "test.before_chain"],
        [4, 4, "test.after_chain"],
        [5, 5, "test.after_seal"],
      ]);
      const result = value(await verifyAuditChain(old.db, admin));
      expect(result).toMatchObject({ entries: 5, unsealed: 0, firstBroken: null });
    } finally {
      await old.close();
    }
  }, 240_000);
});

describe("append-only", () => {
  test("UPDATE, DELETE and TRUNCATE of sealed entries are refused and the chain is as it was", async () => {
    await write(2, "locked");
    await sealAudit(db);
    const before = await chain();
    await expect(sql`update audit_log set after = '{"i": 9}' where subject_id = 'locked-0'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set hash = prev_hash`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set seq = null, prev_hash = null, hash = null where subject_id = 'locked-1'`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log where subject_id = 'locked-1'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(await chain()).toEqual(before);
    expect((await check()).firstBroken).toBeNull();
  });

  test("an unsealed entry is protected too: only the seal's own UPDATE, with the content unchanged, is allowed", async () => {
    await write(1, "pending");
    const [id] = await unsealedIds();
    const last = (await chain()).at(-1)!;
    await expect(sql`update audit_log set after = '{"i": 9}' where id = ${id}`.execute(db)).rejects.toThrow(/append-only/);
    // Sealing it while changing its content, even with the digest of the changed content.
    const seq = last.seq + 1;
    await expect(
      sql`update audit_log as a set seq = ${seq}, prev_hash = decode(${last.hash}, 'hex'), after = '{"i": 9}',
        hash = audit_entry_digest(decode(${last.hash}, 'hex'), jsonb_populate_record(a, jsonb_build_object('seq', ${seq}::bigint, 'after', '{"i": 9}'::jsonb)))
        where id = ${id}`.execute(db),
    ).rejects.toThrow(/append-only/);
    // The control: the same statement without the change to its content is the seal's own, and allowed (then rolled back).
    await expect(
      db.transaction().execute(async (trx) => {
        const done = await sql`update audit_log as a set seq = ${seq}, prev_hash = decode(${last.hash}, 'hex'),
          hash = audit_entry_digest(decode(${last.hash}, 'hex'), jsonb_populate_record(a, jsonb_build_object('seq', ${seq}::bigint)))
          where id = ${id}`.execute(trx);
        expect(Number(done.numAffectedRows)).toBe(1);
        throw new Error("rolled back on purpose");
      }),
    ).rejects.toThrow(/on purpose/);
    // A seq without the rest breaks the all-or-nothing check; a hash that is not the digest is refused.
    await expect(sql`update audit_log set seq = ${seq} where id = ${id}`.execute(db)).rejects.toThrow();
    await expect(
      sql`update audit_log set seq = ${seq}, prev_hash = decode(${last.hash}, 'hex'), hash = decode(${"ab".repeat(32)}, 'hex') where id = ${id}`.execute(
        db,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = ${id}`.execute(db)).rejects.toThrow(/append-only/);
    expect(await unsealedIds()).toEqual([id]);
    expect(await sealAudit(db)).toBe(1);
    expect((await check()).firstBroken).toBeNull();
  });
});

describe.skipIf(!onRealPostgres)("concurrent writers and seals, on PostgreSQL", () => {
  test("50 transactions writing at once, then a seal: every committed entry chained, seq without gaps; rolled-back entries leave none", async () => {
    const before = (await chain()).length;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          await audit(trx, admin, { action: "test.concurrent", subjectType: "test", subjectId: `c-${i}`, after: { i } });
          await audit(trx, admin, { action: "test.concurrent", subjectType: "test", subjectId: `c-${i}-b`, after: { i } });
          // Every fifth one rolls back after writing: it must leave no gap.
          if (i % 5 === 4) throw new Error("rolled back on purpose");
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(10);
    expect(await sealAudit(db)).toBe(80);
    const rows = await chain();
    expect(rows).toHaveLength(before + 80);
    expectWholeChain(rows);
    const result = await check();
    expect(result).toMatchObject({ firstBroken: null, entries: rows.length, unsealed: 0 });
  }, 60_000);

  test("an entry committed after a later one was sealed goes into the next batch: seq order differs from id order, and the chain verifies", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const slow = db.transaction().execute(async (trx) => {
      await audit(trx, admin, { action: "test.slow", subjectType: "test", subjectId: "slow" });
      written();
      await held;
    });
    await wrote;
    await audit(db, admin, { action: "test.fast", subjectType: "test", subjectId: "fast" });
    expect(await sealAudit(db)).toBe(1);
    release();
    await slow;
    expect(await sealAudit(db)).toBe(1);
    const rows = await db
      .selectFrom("audit_log")
      .select(["id", "seq", "action"])
      .where("action", "in", ["test.slow", "test.fast"])
      .orderBy("seq")
      .execute();
    expect(rows.map((r) => r.action)).toEqual(["test.fast", "test.slow"]);
    expect(Number(rows[1].id)).toBeLessThan(Number(rows[0].id));
    expect(Number(rows[1].seq)).toBe(Number(rows[0].seq) + 1);
    expectWholeChain(await chain());
    expect((await check()).firstBroken).toBeNull();
  });

  test("two seals at once take turns: each entry sealed once, no seq twice, the chain verifies", async () => {
    await db
      .insertInto("audit_log")
      .values(
        Array.from({ length: 2000 }, (_, i) => ({ action: "test.batch", subject_type: "test", subject_id: `b-${i}`, after: JSON.stringify({ i }) })),
      )
      .execute();
    const sealed = await Promise.all([sealAudit(db), sealAudit(db), sealAudit(db)]);
    expect(sealed.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(sealed.filter((n) => n > 0)).toHaveLength(1);
    const { rows } = await sql<{
      seqs: string;
      distinct_seqs: string;
    }>`select count(seq) as seqs, count(distinct seq) as distinct_seqs from audit_log`.execute(db);
    expect(rows[0].seqs).toBe(rows[0].distinct_seqs);
    expectWholeChain(await chain());
    expect(await check()).toMatchObject({ firstBroken: null, unsealed: 0 });
  }, 60_000);
});
if (!onRealPostgres) {
  console.warn(
    "[audit-chain] the concurrency tests (50 writers at once, seals at once) need several connections: skipped on PGlite; set TEST_DATABASE_URL to run them.",
  );
}

// Runs last: each tamper leaves the chain broken from there on.
describe("tampering is detected", () => {
  test("an entry whose content was changed is named as altered", async () => {
    await write(3, "edit");
    await sealAudit(db);
    const target = (await chain()).at(-2)!;
    await tamper((trx) => sql`update audit_log set after = '{"i": 1, "tag": "edit", "note": "改过"}' where id = ${target.id}`.execute(trx));
    const result = await check();
    expect(result.firstBroken).toEqual({ seq: target.seq, id: target.id, at: target.at, reason: "altered" });
  });

  test("a deleted entry is found: the one after it is named as missing", async () => {
    // Before the altered entry, so this is now the first break.
    const rows = await chain();
    const first = (await check()).firstBroken!;
    const middle = rows.find((r) => r.seq === Math.floor(first.seq / 2))!;
    const next = rows.find((r) => r.seq === middle.seq + 1)!;
    await tamper((trx) => sql`delete from audit_log where id = ${middle.id}`.execute(trx));
    expect((await check()).firstBroken).toEqual({ seq: next.seq, id: next.id, at: next.at, reason: "missing" });
  });

  test("an entry rewritten with a freshly computed hash leaves the next one unlinked", async () => {
    const [a, b] = await chain();
    await tamper(async (trx) => {
      await sql`update audit_log set action = 'test.rewritten' where id = ${a.id}`.execute(trx);
      await sql`update audit_log set hash = audit_entry_digest(prev_hash, audit_log) where id = ${a.id}`.execute(trx);
    });
    expect((await check()).firstBroken).toEqual({ seq: b.seq, id: b.id, at: b.at, reason: "unlinked" });
  });
});
