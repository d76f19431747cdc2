// npm run bench:tally — the tally and the recount of 1,000,000 stored ballots.
// 400,000 voters each cast a ballot for two titles, and 200,000 of them change
// their first one (a second version that supersedes the first): 1,000,000
// ballot rows, one choice each. Ends with:
// RESULT tally ballots=1000000 ms=… recount_ms=… recount_equal=1
import { sql } from "kysely";
import { recount, tally } from "../app/domain/voting/tally.server";
import { freshDatabase } from "./lib/database";
import { runBench } from "./lib/run-bench";

const voters = 400_000;
const changers = 200_000;
const nominationsPerTitle = 10;
const say = (line: string) => process.stderr.write(`${line}\n`);

await runBench("tally", { hardTimeoutSeconds: 900 }, async (defer) => {
  const database = await freshDatabase("ss_bench_tally");
  defer("drop the database", () => database.drop());
  say(`database: ${database.where}`);
  const handle = await database.open();
  defer("close the database", () => handle.close());
  const db = handle.db;

  const setup0 = performance.now();
  await sql`insert into org_units (code, name_zh, kind) values ('GD', '广东电信', 'company')`.execute(db);
  await sql`
    insert into people (employee_no, name, org_unit_id)
    select 'V' || lpad(i::text, 7, '0'), '投票人' || i, (select id from org_units where code = 'GD')
    from generate_series(1, ${voters + 2 * nominationsPerTitle}) i`.execute(db);
  await sql`insert into titles (slug, name_zh, name_en) values ('best', '最佳服务明星', 'Best Service Star'), ('fred', '弗雷德精神奖', 'Fred Spirit Award')`.execute(
    db,
  );
  const { id: campaignId } = await db
    .insertInto("campaigns")
    .values({
      slug: "bench",
      name_zh: "基准",
      name_en: "Bench",
      period_start: "2026-01-01",
      period_end: "2026-12-31",
      org_unit_id: 1,
      status: "voting",
      may_change_ballot: true,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`insert into campaign_titles (campaign_id, title_id, winners) select ${campaignId}, id, 3 from titles`.execute(db);
  // Ten approved nominations per title; their nominees are the last people.
  await sql`
    with made as (
      insert into nominations (campaign_id, title_id, kind, status, citation, nominator_id)
      select ${campaignId}, t.id, 'individual', 'approved', '', 1
      from titles t, generate_series(1, ${nominationsPerTitle})
      returning id, campaign_id, title_id
    )
    insert into nomination_nominees (nomination_id, campaign_id, title_id, person_id, position)
    select id, campaign_id, title_id, ${voters} + row_number() over (order by id), 0 from made`.execute(db);
  // Version 1 for both titles, then version 2 of the first title for the changers: the
  // ballots name no voter (decision 0041), so who cast which is kept aside while writing
  // them, for the poll book, the links to the current versions and the choices.
  await sql`
    create temp table bench_cast as
    select t.id as title_id, p.id as voter_id, v.version,
           upper(substr(h, 1, 4) || '-' || substr(h, 5, 4) || '-' || substr(h, 9, 4)) as receipt
    from titles t
    cross join (select id from people where id <= ${voters}) p
    cross join lateral (select 1 as version union all select 2 where p.id <= ${changers} and t.id = (select min(id) from titles)) v
    cross join lateral (select md5(t.id || ':' || p.id || ':' || v.version) as h) r`.execute(db);
  await sql`
    insert into poll_book (campaign_id, title_id, person_id)
    select ${campaignId}, title_id, voter_id from bench_cast where version = 1`.execute(db);
  await sql`insert into ballots (campaign_id, title_id, receipt_code) select ${campaignId}, title_id, receipt from bench_cast order by receipt`.execute(
    db,
  );
  await sql`
    insert into ballot_links (campaign_id, title_id, voter_id, ballot_id, version)
    select distinct on (c.title_id, c.voter_id) ${campaignId}, c.title_id, c.voter_id, b.id, c.version
    from bench_cast c join ballots b on b.receipt_code = c.receipt
    order by c.title_id, c.voter_id, c.version desc`.execute(db);
  // One choice per ballot, spread unevenly over the title's nominations.
  await sql`
    with ranked as (
      select id, title_id, row_number() over (partition by title_id order by id) - 1 as k from nominations
    )
    insert into ballot_choices (ballot_id, nomination_id, campaign_id, title_id)
    select b.id, r.id, b.campaign_id, b.title_id
    from bench_cast c
    join ballots b on b.receipt_code = c.receipt
    join ranked r on r.title_id = b.title_id and r.k = ((c.voter_id * 7 + c.version * 3) % 97) % ${nominationsPerTitle}`.execute(db);
  await sql`drop table bench_cast`.execute(db);
  await sql`analyze`.execute(db);
  const { count } = (await sql<{ count: number }>`select count(*)::int as count from ballots`.execute(db)).rows[0];
  say(`setup: ${count} ballots in ${Math.round(performance.now() - setup0)} ms`);

  // Warm once (plans, caches), then time the better of three runs of each.
  await tally(db, campaignId);
  let ms = Infinity;
  let counted: Awaited<ReturnType<typeof tally>> = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    counted = await tally(db, campaignId);
    ms = Math.min(ms, performance.now() - t0);
  }
  let recountMs = Infinity;
  let recounted: Awaited<ReturnType<typeof recount>> = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    recounted = await recount(db, campaignId);
    recountMs = Math.min(recountMs, performance.now() - t0);
  }
  const equal = JSON.stringify(counted) === JSON.stringify(recounted);
  const votes = counted.reduce((sum, r) => sum + r.votes, 0);
  // Every voter's current ballot holds exactly one choice per title.
  if (votes !== 2 * voters) throw new Error(`expected ${2 * voters} counted votes, got ${votes}`);
  process.stdout.write(`RESULT tally ballots=${count} ms=${Math.round(ms)} recount_ms=${Math.round(recountMs)} recount_equal=${equal ? 1 : 0}\n`);
});
