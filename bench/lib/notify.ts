// What bench:notify sets up besides the voting world of bench/lib/voting.ts:
// an organisation grown to BENCH_NOTIFY_STAFF (50,000) active staff under the
// demo company, a campaign whose scope is the whole company waiting to open
// voting, and the mail server (./smtp-sink.ts) in a process of its own.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import type { Db } from "../../db/client";
import { moveCampaign } from "../../app/domain/campaigns/transitions.server";
import { quietHoursEnd } from "../../app/domain/notifications/quiet-hours";
import type { Defer } from "./run-bench";
import { sessionCookiesFor } from "./sessions";
import type { SinkAnswer, SinkQuestion } from "./smtp-sink";
import { demoUser } from "./voting";

/** The demo campaign of the whole company (unit GD), nominating when seeded: moved to reviewing here, to voting by the benchmark. */
export const companySlug = "2026-q4";

export interface Organisation {
  campaignId: number;
  /** The event key its voting's announcement is written under (events.server.ts announcePhase). */
  eventKey: string;
  /** Active staff in its scope: who is told voting opened. */
  staff: number;
  /** Their addresses (lower case): who must receive the email. */
  addresses: Set<string>;
  units: number;
  /** The administrator's `__session=…` cookie. */
  adminCookie: string;
  /** Quiet hours were switched off for everyone (the run falls in or near 22:00–08:00 Beijing). */
  quietHoursOff: boolean;
}

const staffIn = (scope: string) => sql`
  from people p join org_units u on u.id = p.org_unit_id
  where p.status = 'active' and u.path || u.id::text || '/' like ${`${scope}%`}
    and exists (select 1 from person_roles r where r.person_id = p.id and r.role = 'staff')`;

/**
 * After prepareVoting: grows the demo company to `staff` active staff in
 * `teams` generated teams spread over its branches, every one with an
 * address (the voters prepareVoting made get one too) and one in five
 * reading English; moves the company's campaign to reviewing as its
 * administrator would; and signs the administrator in (a session row, as
 * bench/lib/sessions.ts explains).
 */
export async function growOrganisation(db: Db, opts: { staff: number; teams: number; sessionSecret: string }): Promise<Organisation> {
  const admin = await demoUser(db, "admin");
  const campaign = await db
    .selectFrom("campaigns as c")
    .innerJoin("org_units as u", "u.id", "c.org_unit_id")
    .select(["c.id", "u.id as unitId", sql<string>`u.path || u.id::text || '/'`.as("scope")])
    .where("c.slug", "=", companySlug)
    .executeTakeFirstOrThrow();
  const moved = await moveCampaign(db, admin, companySlug, "reviewing");
  if (!moved.ok) throw new Error(`moving ${companySlug} to reviewing: ${moved.error}`);

  await sql`
    insert into org_units (code, name_zh, name_en, parent_id, kind, path, depth)
    select 'BN.T' || lpad(i::text, 4, '0'), '生成班组' || i, 'Generated team ' || i, b.id, 'team', b.path || b.id::text || '/', b.depth + 1
    from generate_series(1, ${opts.teams}) i
    join lateral (
      select id, path, depth from org_units where parent_id = ${campaign.unitId} and kind = 'branch'
      order by id offset (i % (select count(*) from org_units where parent_id = ${campaign.unitId} and kind = 'branch')) limit 1
    ) b on true`.execute(db);
  const { rows: counted } = await sql<{ n: number }>`select count(*)::int as n ${staffIn(campaign.scope)}`.execute(db);
  const missing = opts.staff - counted[0]!.n;
  if (missing < 0) throw new Error(`the company already has ${counted[0]!.n} staff, more than BENCH_NOTIFY_STAFF=${opts.staff}`);
  await sql`
    with teams as (select id, row_number() over (order by id) - 1 as k from org_units where code like 'BN.T%'),
    made as (
      insert into people (employee_no, name, name_pinyin, email, org_unit_id, locale)
      select 'BN' || lpad(i::text, 6, '0'), '员工' || i, 'yuan gong ' || i || '|yuangong' || i || '|yg', 'bn' || i || '@staff.bench.example',
        t.id, case when i % 5 = 0 then 'en' else 'zh-CN' end
      from generate_series(1, ${missing}) i join teams t on t.k = i % ${opts.teams}
      returning id
    )
    insert into person_roles (person_id, role) select id, 'staff' from made`.execute(db);
  // The voters of the other campaign were made without an address.
  await sql`update people set email = lower(employee_no) || '@staff.bench.example' where email is null and status = 'active'`.execute(db);

  // Quiet hours (22:00–08:00 Beijing, on by default) would hold every email until the morning: a run then measures nothing.
  const soon = Date.now();
  const quietHoursOff = [0, 20, 40].some((minutes) => quietHoursEnd(new Date(soon + minutes * 60_000)) !== null);
  if (quietHoursOff) {
    await sql`
      insert into notification_settings (person_id, quiet_hours) select p.id, false ${staffIn(campaign.scope)}
      on conflict (person_id) do update set quiet_hours = false`.execute(db);
  }

  const { rows } = await sql<{ email: string | null }>`select lower(p.email) as email ${staffIn(campaign.scope)}`.execute(db);
  const [adminCookie] = await sessionCookiesFor(db, [admin.id], opts.sessionSecret);
  await sql`analyze`.execute(db);
  return {
    campaignId: campaign.id,
    eventKey: `campaign:${campaign.id}:voting`,
    staff: rows.length,
    addresses: new Set(rows.flatMap((r) => (r.email ? [r.email] : []))),
    units: opts.teams,
    adminCookie: adminCookie!,
    quietHoursOff,
  };
}

export interface SmtpSink {
  url: string;
  pid: number | undefined;
  /** How many messages whose subject contains `subject` arrived, and when the last did (epoch ms); `total`: all messages. */
  count(subject: string): Promise<{ count: number; lastAt: number; total: number }>;
  /** Every arrival, written to `file` as JSON lines (./smtp-sink.ts Arrival). */
  dump(file: string): Promise<number>;
}

/** Starts ./smtp-sink.ts in a process of its own; stopped by `defer`. */
export async function startSmtpSink(root: string, defer: Defer): Promise<SmtpSink> {
  const child: ChildProcess = fork(path.join(root, "bench/lib/smtp-sink.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  defer("stop the mail server", () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  });
  // One question at a time: answers come back in order.
  let chain: Promise<unknown> = Promise.resolve();
  const ask = <T extends SinkAnswer>(question: SinkQuestion) => {
    const next = chain.then(
      () =>
        new Promise<T>((resolve, reject) => {
          const exited = () => reject(new Error("the mail server exited"));
          child.once("exit", exited);
          child.once("message", (answer) => {
            child.off("exit", exited);
            resolve(answer as T);
          });
          child.send(question);
        }),
    );
    chain = next.catch(() => undefined);
    return next;
  };
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the mail server exited (${code}) before listening`)));
    child.once("message", (answer) => resolve((answer as { listening: number }).listening));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    pid: child.pid,
    count: (subject) => ask<{ count: number; lastAt: number; total: number }>({ ask: "count", subject }),
    dump: async (file) => (await ask<{ dumped: number }>({ ask: "dump", file })).dumped,
  };
}
