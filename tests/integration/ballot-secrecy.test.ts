import { sql, type RawBuilder } from "kysely";
import { Migrator } from "kysely/migration";
import { createDb } from "../../db/client";
import { migrationProvider } from "../../db/migrations/index";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import type { User } from "../../app/domain/auth/user";
import { sealAudit } from "../../app/domain/audit/audit.server";
import { findVisibleCampaign } from "../../app/domain/campaigns/visibility.server";
import { moveCampaign } from "../../app/domain/campaigns/transitions.server";
import { announceVotingReminders } from "../../app/domain/notifications/events.server";
import { turnout } from "../../app/domain/results/turnout.server";
import { resultsFor } from "../../app/domain/results/results.server";
import { ballotFor } from "../../app/domain/voting/ballot.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { myReceipts, receiptsFor } from "../../app/domain/voting/receipts.server";
import { recount, tally } from "../../app/domain/voting/tally.server";
import { createTestDb, type TestDb } from "../support/db";
import { withJobQueues } from "../support/notifications";
import { value } from "../support/result";
import { choose, givenStaff, givenVotingCampaign, type VotingCampaign } from "../support/voting";

// Issue 19, item 6 (decision 0041): once the vote is closed, whoever holds the
// database finds no link between a voter and a choice — in no table, audit
// entry, job or notification, and not through the ballots' ids, order, times
// or transaction ids — while receipts still check, the recount equals the
// tally, turnout is unchanged and a changed ballot counts only its last version.

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  // The job engine's tables, so that what announce() sends to the queues is searched too.
  await withJobQueues(t);
});
afterAll(() => t.close());

interface Cast {
  voter: User;
  receipt: string;
}

/** Every base table of every schema of the test database but PostgreSQL's own. */
async function everyTable(): Promise<Array<{ schema: string; table: string }>> {
  const { rows } = await sql<{ schema: string; table: string }>`
    select table_schema as schema, table_name as "table" from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg_toast%'
    order by 1, 2`.execute(db);
  return rows;
}

/** The columns (as "schema.table" → names) with a foreign key to `target`. */
async function columnsReferencing(target: string): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ tbl: string; col: string }>`
    select n.nspname || '.' || r.relname as tbl, a.attname as col
    from pg_constraint c
    join pg_class r on r.oid = c.conrelid
    join pg_namespace n on n.oid = r.relnamespace
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
    where c.contype = 'f' and c.confrelid = ${target}::regclass
      -- The composite keys to (id, campaign_id, title_id): only the id column is the ballot's.
      and a.attnum = c.conkey[array_position(c.confkey, (select attnum from pg_attribute where attrelid = c.confrelid and attname = 'id'))]`.execute(
    db,
  );
  const by = new Map<string, string[]>();
  for (const r of rows) by.set(r.tbl, [...(by.get(r.tbl) ?? []), r.col]);
  return by;
}

/** A JSON number equal to n anywhere in a text (not part of a longer number). */
const numberIn = (text: string, n: number) => new RegExp(`(^|[^0-9.])${n}([^0-9.]|$)`).test(text);

describe("after the close, nobody's ballot can be told from the database", () => {
  let w: VotingCampaign;
  let fixed: VotingCampaign;
  let v: User;
  /** The voter followed in the campaign that allows no change. */
  let vf: User;
  const casts: Cast[] = [];
  const fixedCasts: Cast[] = [];
  const logged: string[] = [];
  let tallyBefore: Awaited<ReturnType<typeof tally>>;
  let turnoutBefore: Awaited<ReturnType<typeof turnout>>;
  let receiptsWhileVoting: Awaited<ReturnType<typeof myReceipts>>;

  beforeAll(async () => {
    w = await givenVotingCampaign(db);
    fixed = await givenVotingCampaign(db, { mayChangeBallot: false });
    // Voter ids well above the small ids of campaigns, titles, nominations and ballots: a number found is the voter's.
    await givenStaff(db, w.units.teamA, 150);
    const voters = await givenStaff(db, w.units.teamA, 10);
    v = voters[0];
    const fixedVoters = await givenStaff(db, fixed.units.teamA, 2);
    vf = fixedVoters[0];
    // Both campaigns close in an hour: the reminder goes to those who have not voted yet.
    for (const c of [w, fixed]) {
      await db
        .updateTable("campaigns")
        .set({ closed_at: new Date(Date.now() + 3_600_000) })
        .where("id", "=", c.campaignId)
        .execute();
    }

    // Everything the app writes to its log while people vote and the vote closes.
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    const keep = (chunk: unknown) => (logged.push(String(chunk)), true);
    process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
      keep(chunk) && out(chunk as string, ...(rest as []))) as typeof process.stdout.write;
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) =>
      keep(chunk) && err(chunk as string, ...(rest as []))) as typeof process.stderr.write;
    try {
      const cast = async (who: User, ids: number[], basedOn = 0, title = w.star.slug, c = w, into = casts) => {
        const r = value(await castBallot(db, who, c.slug, choose(c, ids, basedOn, title)));
        into.push({ voter: who, receipt: r.receipt });
        return r.version;
      };
      // The voter followed here changes their star ballot twice: Alice, then Bob, then Carol.
      let version = await cast(v, [w.starAlice]);
      version = await cast(v, [w.starBob], version);
      await cast(v, [w.starCarol], version);
      await cast(v, [w.modelTeam], 0, w.model.slug);
      // Another changes once (Bob, then Alice); eight vote once.
      await cast(voters[1], [w.starAlice], await cast(voters[1], [w.starBob]));
      const picks = [w.starAlice, w.starBob, w.starCarol];
      for (let i = 2; i < voters.length; i++) await cast(voters[i], [picks[i % 3]]);
      // Where no change is allowed, nothing but the poll book knows who cast a ballot.
      await cast(vf, [fixed.starBob], 0, fixed.star.slug, fixed, fixedCasts);
      await cast(fixedVoters[1], [fixed.starAlice], 0, fixed.star.slug, fixed, fixedCasts);

      expect(await db.selectFrom("ballot_links").select("voter_id").where("campaign_id", "=", fixed.campaignId).execute()).toEqual([]);
      receiptsWhileVoting = await myReceipts(db, v.id);
      await announceVotingReminders(db, new Date());
      tallyBefore = await tally(db, w.campaignId);
      turnoutBefore = await turnout(db, (await findVisibleCampaign(db, w.admin, w.slug))!);

      value(await moveCampaign(db, w.admin, w.slug, "closed"));
      value(await moveCampaign(db, fixed.admin, fixed.slug, "closed"));
      await sealAudit(db);
    } finally {
      process.stdout.write = out as typeof process.stdout.write;
      process.stderr.write = err as typeof process.stderr.write;
    }
  }, 120_000);

  test("while voting, the voter's own current receipts were theirs to see (where a change is allowed); after the close, none", async () => {
    expect(receiptsWhileVoting).toEqual([
      { campaignSlug: w.slug, titleSlug: w.star.slug, receipt: casts[2].receipt },
      { campaignSlug: w.slug, titleSlug: w.model.slug, receipt: casts[3].receipt },
    ]);
    expect(await myReceipts(db, v.id)).toEqual([]);
    const page = value(await ballotFor(db, v, w.slug));
    expect(page.titles.map((x) => [x.voted, x.receipt, x.chosen])).toEqual([
      [true, null, []],
      [true, null, []],
    ]);
  });

  test("no column of the ballot box refers to a person, and no table refers to both a person and a ballot but the links, now empty", async () => {
    const people = await columnsReferencing("people");
    const ballots = await columnsReferencing("ballots");
    expect(people.get("public.ballots")).toBeUndefined();
    expect(people.get("public.ballot_choices")).toBeUndefined();
    expect([...ballots.keys()].filter((k) => people.has(k))).toEqual(["public.ballot_links"]);
    expect(await db.selectFrom("ballot_links").selectAll().execute()).toEqual([]);
    // No time in the box: nothing to set beside the poll book's hours, the audit log's or the request log's moments.
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and table_name in ('ballots', 'ballot_choices')
        and (data_type like 'timestamp%' or data_type in ('date', 'time without time zone', 'time with time zone', 'interval'))`.execute(db);
    expect(rows).toEqual([]);
  });

  test("a search of every row of every table finds no voter beside their receipts, their ballots or the nominations they chose", async () => {
    const people = await columnsReferencing("people");
    const ballots = await columnsReferencing("ballots");
    const nominations = await columnsReferencing("nominations");
    const followed = [
      {
        voter: v,
        receipts: casts.filter((c) => c.voter.id === v.id).map((c) => c.receipt),
        chosen: [w.starAlice, w.starBob, w.starCarol, w.modelTeam],
      },
      { voter: vf, receipts: fixedCasts.filter((c) => c.voter.id === vf.id).map((c) => c.receipt), chosen: [fixed.starBob] },
    ];
    expect(followed.map((f) => f.receipts.length)).toEqual([4, 1]);
    const tokens = await Promise.all(
      followed.map(async (f) => ({
        ...f,
        // Their ballots as sealed, replaced ones included (found here by the receipts only the voter holds).
        ballotIds: new Set((await db.selectFrom("ballots").select("id").where("receipt_code", "in", f.receipts).execute()).map((b) => b.id)),
      })),
    );
    expect(tokens.map((f) => f.ballotIds.size)).toEqual([4, 1]);
    const links: string[] = [];
    let searched = 0;
    for (const { schema, table } of await everyTable()) {
      const key = `${schema}.${table}`;
      const { rows } = await sql<{ row: Record<string, unknown> }>`select to_jsonb(t) as row from ${sql.table(key)} t`.execute(db);
      searched++;
      for (const { row } of rows) {
        const text = JSON.stringify(row);
        const nested = Object.values(row)
          .filter((x) => x !== null && typeof x === "object")
          .map((x) => JSON.stringify(x))
          .join(" ");
        for (const f of tokens) {
          const voter =
            (people.get(key) ?? []).some((c) => row[c] === f.voter.id) || text.includes(f.voter.employeeNo) || numberIn(nested, f.voter.id);
          if (!voter) continue;
          const ballot =
            f.receipts.some((r) => text.includes(r) || text.includes(r.replace(/-/g, ""))) ||
            (ballots.get(key) ?? []).some((c) => f.ballotIds.has(row[c] as number)) ||
            (nominations.get(key) ?? []).some((c) => f.chosen.includes(row[c] as number));
          if (ballot) links.push(`${key}: ${text.slice(0, 300)}`);
        }
      }
    }
    // The app's tables and the job engine's.
    expect(searched).toBeGreaterThan(40);
    expect(links).toEqual([]);
  });

  test("the box was rewritten by the closing transaction alone, not in the order the ballots were cast", async () => {
    const xmins = async (q: RawBuilder<{ x: string }>) => new Set((await q.execute(db)).rows.map((r) => r.x));
    const box = await xmins(sql<{ x: string }>`select xmin::text as x from ballots where campaign_id = ${w.campaignId}`);
    const choices = await xmins(sql<{ x: string }>`select xmin::text as x from ballot_choices where campaign_id = ${w.campaignId}`);
    const book = await xmins(sql<{ x: string }>`select xmin::text as x from poll_book where campaign_id = ${w.campaignId}`);
    const audit = await xmins(sql<{ x: string }>`select xmin::text as x from audit_log where action = 'ballot.cast'`);
    expect(box.size).toBe(1);
    expect([...choices]).toEqual([...box]);
    expect([...book].filter((x) => box.has(x))).toEqual([]);
    expect([...audit].filter((x) => box.has(x))).toEqual([]);
    const castOrder = casts.map((c) => c.receipt);
    const byId = (await db.selectFrom("ballots").select("receipt_code").where("campaign_id", "=", w.campaignId).orderBy("id").execute()).map(
      (b) => b.receipt_code,
    );
    const { rows: byPlace } = await sql<{
      receipt_code: string;
    }>`select receipt_code from ballots where campaign_id = ${w.campaignId} order by ctid`.execute(db);
    expect(new Set(byId)).toEqual(new Set(castOrder));
    // Fourteen ballots shuffled: the chance that a random order is the cast order is 1 in 14!.
    expect(byId).not.toEqual(castOrder);
    expect(byPlace.map((b) => b.receipt_code)).not.toEqual(castOrder);
  });

  test("after the seal the box stays as sealed: no delete, no update, no new sealed ballot or choice", async () => {
    await expect(sql`delete from ballots where campaign_id = ${w.campaignId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from ballot_choices where campaign_id = ${w.campaignId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update ballots set counted = not counted where campaign_id = ${w.campaignId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(
      sql`insert into ballots (campaign_id, title_id, receipt_code, counted) values (${w.campaignId}, ${w.star.id}, 'ZZZZ-ZZZZ-ZZZZ', true)`.execute(
        db,
      ),
    ).rejects.toThrow(/sealed ballot box/);
    const [counted] = await db.selectFrom("ballots").select("id").where("campaign_id", "=", w.campaignId).where("counted", "=", true).execute();
    await expect(
      sql`insert into ballot_choices (ballot_id, nomination_id, campaign_id, title_id) values (${counted.id}, ${w.starAlice}, ${w.campaignId}, ${w.star.id})
          on conflict do nothing`.execute(db),
    ).rejects.toThrow(/sealed ballot/);
  });

  test("the application's log holds no receipt", () => {
    const all = logged.join("");
    for (const c of [...casts, ...fixedCasts]) expect(all).not.toContain(c.receipt);
  });

  test("receipts still check: the last of each voter's counted, the earlier ones replaced and without their choices", async () => {
    const check = async (code: string) => value(await receiptsFor(db, v, w.slug, { code })).lookup?.found?.counted;
    expect(await Promise.all(casts.slice(0, 4).map((c) => check(c.receipt)))).toEqual([false, false, true, true]);
    const replaced = await db
      .selectFrom("ballots as b")
      .leftJoin("ballot_choices as bc", "bc.ballot_id", "b.id")
      .select(["b.receipt_code", "bc.nomination_id"])
      .where("b.campaign_id", "=", w.campaignId)
      .where("b.counted", "=", false)
      .execute();
    expect(replaced.map((r) => r.nomination_id)).toEqual([null, null, null]);
    const fixedCheck = value(await receiptsFor(db, vf, fixed.slug, { code: fixedCasts[0].receipt })).lookup?.found?.counted;
    expect(fixedCheck).toBe(true);
  });

  test("the tally is the one before the close, counting only each voter's last version; the recount equals it; turnout is unchanged", async () => {
    const votes = (rows: typeof tallyBefore) => rows.map((r) => [r.nominationId, r.votes]);
    // The followed voter ends on Carol; the other changed to Alice; eight more by i % 3 (i = 2…9).
    expect(votes(await tally(db, w.campaignId))).toEqual([
      [w.starAlice, 4],
      [w.starBob, 2],
      [w.starCarol, 4],
      [w.modelTeam, 1],
      [w.modelAlice, 0],
    ]);
    expect(await tally(db, w.campaignId)).toEqual(tallyBefore);
    expect(await recount(db, w.campaignId)).toEqual(tallyBefore);
    expect(await turnout(db, (await findVisibleCampaign(db, w.admin, w.slug))!)).toEqual(turnoutBefore);
    const page = value(await resultsFor(db, w.admin, w.slug));
    expect(page.analysis?.recount).toEqual({ matches: true, ballots: 14, current: 11 });
  });
});

// A whole PGlite and every migration up to today, beside the suite's own
// database (15 s or more on this machine).
test("the migration moves existing ballots into the poll book and the box: links kept only for a vote still open that allows changes, destroyed for a closed one", async () => {
  // The migrations' own logic, on a fresh in-memory PGlite whichever database the suite uses.
  const old = await createDb({ dataDir: "memory://" });
  try {
    const migrator = new Migrator({ db: old.db, provider: migrationProvider });
    expect((await migrator.migrateTo("202612061000_notifications")).error).toBeUndefined();
    for (const statement of [
      `insert into org_units (code, name_zh, kind) values ('GD', '广东公司', 'company')`,
      `insert into people (employee_no, name, org_unit_id) values ('M1', '欧阳敏华', 1), ('S1', '程嘉朗', 1), ('S2', '黎国栋', 1), ('S3', '苏婉清', 1)`,
      `insert into titles (slug, name_zh, name_en) values ('best', '最佳服务明星', 'Best')`,
      `insert into campaigns (slug, name_zh, name_en, period_start, period_end, org_unit_id, status, may_change_ballot) values
        ('closed', '已截止', 'Closed', '2026-01-01', '2026-03-31', 1, 'closed', true),
        ('open', '投票中', 'Open', '2026-04-01', '2026-06-30', 1, 'voting', true),
        ('fixed', '不可改票', 'Fixed', '2026-04-01', '2026-06-30', 1, 'voting', false)`,
      `insert into campaign_titles (campaign_id, title_id, winners) values (1, 1, 1), (2, 1, 1), (3, 1, 1)`,
      `insert into nominations (id, campaign_id, title_id, kind, status, citation, nominator_id) overriding system value values
        (1, 1, 1, 'individual', 'approved', '事迹', 1), (2, 1, 1, 'individual', 'approved', '事迹', 1),
        (3, 2, 1, 'individual', 'approved', '事迹', 1), (4, 2, 1, 'individual', 'approved', '事迹', 1),
        (5, 3, 1, 'individual', 'approved', '事迹', 1)`,
      // S1 changed from 1 to 2 in the closed vote and from 3 to 4 in the open one; S2 voted once in each.
      `insert into ballots (id, campaign_id, title_id, voter_id, version, receipt_code, cast_at) overriding system value values
        (1, 1, 1, 2, 1, 'AAAA-0000-0001', '2026-03-30 09:17:05+08'), (2, 1, 1, 2, 2, 'AAAA-0000-0002', '2026-03-30 10:41:00+08'),
        (3, 1, 1, 3, 1, 'AAAA-0000-0003', '2026-03-30 09:59:59+08'),
        (4, 2, 1, 2, 1, 'BBBB-0000-0001', '2026-06-01 08:00:00+08'), (5, 2, 1, 2, 2, 'BBBB-0000-0002', '2026-06-01 08:30:00+08'),
        (6, 3, 1, 3, 1, 'CCCC-0000-0001', '2026-06-01 08:45:00+08')`,
      `insert into ballot_choices (ballot_id, nomination_id, campaign_id, title_id) values
        (1, 1, 1, 1), (2, 2, 1, 1), (3, 1, 1, 1), (4, 3, 2, 1), (5, 4, 2, 1), (6, 5, 3, 1)`,
    ]) {
      await sql.raw(statement).execute(old.db);
    }
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const o = old.db;
    expect(
      (await o.selectFrom("poll_book").selectAll().orderBy("campaign_id").orderBy("person_id").execute()).map((r) => [
        r.campaign_id,
        r.person_id,
        r.voted_at.toISOString(),
      ]),
    ).toEqual([
      [1, 2, "2026-03-30T01:00:00.000Z"],
      [1, 3, "2026-03-30T01:00:00.000Z"],
      [2, 2, "2026-06-01T00:00:00.000Z"],
      [3, 3, "2026-06-01T00:00:00.000Z"],
    ]);
    // The closed vote: sealed, the replaced ballot without its choice, no link; the open ones as they were, S1's current ballot linked.
    const box = await o
      .selectFrom("ballots as b")
      .leftJoin("ballot_choices as bc", "bc.ballot_id", "b.id")
      .select(["b.campaign_id", "b.receipt_code", "b.counted", "bc.nomination_id"])
      .orderBy("b.receipt_code")
      .execute();
    expect(box.map((b) => [b.receipt_code, b.counted, b.nomination_id])).toEqual([
      ["AAAA-0000-0001", false, null],
      ["AAAA-0000-0002", true, 2],
      ["AAAA-0000-0003", true, 1],
      ["BBBB-0000-0001", null, 3],
      ["BBBB-0000-0002", null, 4],
      ["CCCC-0000-0001", null, 5],
    ]);
    const links = await o
      .selectFrom("ballot_links as l")
      .innerJoin("ballots as b", "b.id", "l.ballot_id")
      .select(["l.campaign_id", "l.voter_id", "l.version", "b.receipt_code"])
      .execute();
    expect(links).toEqual([{ campaign_id: 2, voter_id: 2, version: 2, receipt_code: "BBBB-0000-0002" }]);
    const { rows: columns } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns where table_name = 'ballots' and table_schema = current_schema() order by ordinal_position`.execute(
      o,
    );
    expect(columns.map((c) => c.column_name)).toEqual(["id", "campaign_id", "title_id", "receipt_code", "counted"]);
    for (const [campaign, expected] of [
      [1, [1, 1]],
      [2, [0, 1]],
      [3, [1]],
    ] as const) {
      expect((await tally(o, campaign)).map((r) => r.votes)).toEqual(expected);
      expect(await recount(o, campaign)).toEqual(await tally(o, campaign));
    }
    // Down past it is refused: the links are gone by design.
    const down = await migrator.migrateTo("202612061210_privacy_findings");
    expect(down.error).toBeDefined();
    expect(down.results?.find((r) => r.migrationName === "202612061220_poll_book")?.status).toBe("Error");
  } finally {
    await old.close();
  }
}, 120_000);
