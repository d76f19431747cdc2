import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, expect, test } from "vitest";
import { createDb, type DbHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { deliverDueEmails, inDoubtAtMost } from "../../app/domain/notifications/email.server";
import { openMailer } from "../../app/mail/mailer.server";
import { givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { deliveriesOf, given, withJobQueues, withoutQuietHours } from "../support/notifications";
import { repoRoot } from "../support/snapshot";
import { startSmtpServer } from "../support/smtp";

// Issue 17, item 6: a worker killed mid-batch never makes anyone get the
// same email twice. A sending process (tests/support/email-sender.ts) hands
// 300 emails to a real SMTP server and is SIGKILLed once about 100 have
// arrived; later (once its claims are past their time-out) a new run finishes
// the batch. Every delivery is then either sent — and arrived, once — or in
// doubt: handed over while the worker died, never sent again.

const count = 300;
const killAt = 100;

let t: TestDb | undefined;
let folder: string | undefined;
afterAll(async () => {
  await t?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** A database the child can open too: PostgreSQL's test database, or a PGlite folder (one process at a time). */
async function database(): Promise<{ handle: DbHandle; env: Record<string, string>; reopen(): Promise<DbHandle> }> {
  if (process.env.TEST_DATABASE_URL) {
    t = await createTestDb();
    const handle = t.handle;
    return { handle, env: { DATABASE_URL: t.databaseUrl! }, reopen: async () => handle };
  }
  folder = await mkdtemp(path.join(os.tmpdir(), "ss-email-crash-"));
  const dataDir = folder;
  const handle = await createDb({ dataDir });
  await migrateToLatest(handle.db);
  return { handle, env: { DATA_DIR: dataDir }, reopen: () => createDb({ dataDir }) };
}

test("a sending worker killed mid-batch: after a new run no address has the same email twice, and each is sent (and arrived) or in doubt", async () => {
  const smtp = await startSmtpServer();
  const db = await database();
  let handle = db.handle;
  let child: ChildProcess | undefined;
  try {
    await withJobQueues({ handle, databaseUrl: db.env.DATABASE_URL });
    const unit = await givenUnit(handle.db, "GD");
    const people = await handle.db
      .insertInto("people")
      .values(
        Array.from({ length: count }, (_, i) => ({
          employee_no: `MX${String(i).padStart(4, "0")}`,
          name: `收件人${i}`,
          name_pinyin: `shoujianren${i}`,
          email: `person${i}@crash.example`,
          org_unit_id: unit.id,
          hire_date: "2020-01-01",
        })),
      )
      .returning("id")
      .execute();
    // They keep their phones on at night: the test runs at any hour.
    await withoutQuietHours(
      handle.db,
      people.map((p) => p.id),
    );
    await given(
      handle.db,
      "voting-opened",
      people.map((p) => p.id),
    );
    if (!process.env.TEST_DATABASE_URL) await handle.close();

    // The worker, killed as the 100th email arrives (before the mail server answers it).
    const worker = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "tests/support/email-sender.ts")], {
      cwd: repoRoot,
      env: { ...process.env, ...db.env, SMTP_URL: smtp.url, TSX_TSCONFIG_PATH: path.join(repoRoot, "tsconfig.json") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = worker;
    smtp.onArrival = (_arrived, n) => {
      if (n === killAt) worker.kill("SIGKILL");
    };
    let output = "";
    worker.stdout!.on("data", (d: Buffer) => (output += d));
    worker.stderr!.on("data", (d: Buffer) => (output += d));
    const exit = await new Promise<NodeJS.Signals | number | null>((resolve) => worker.once("exit", (code, signal) => resolve(signal ?? code)));
    expect(exit, `the worker was to be killed mid-batch:\n${output}`).toBe("SIGKILL");
    const arrivedBefore = smtp.received.length;
    expect(arrivedBefore).toBeGreaterThanOrEqual(killAt);
    expect(arrivedBefore).toBeLessThan(count);

    handle = await db.reopen();
    const left = await deliveriesOf(handle.db);
    expect(left.filter((d) => d.status === "sending").length).toBeGreaterThan(0);
    // Ten minutes later: the dead worker's claims are past their time-out.
    await sql`update notification_deliveries set claimed_at = claimed_at - interval '11 minutes' where status = 'sending'`.execute(handle.db);

    smtp.onArrival = undefined;
    const mailer = openMailer({ smtpUrl: smtp.url, from: "Service Stars <stars@example.com>", publicUrl: "https://stars.example.com" });
    const run = await deliverDueEmails(handle.db, mailer).finally(() => mailer.close());
    expect(run.failed + run.retried + run.postponed).toBe(0);

    const after = await deliveriesOf(handle.db);
    const byStatus = (s: string) => after.filter((d) => d.status === s);
    expect(byStatus("sent").length + byStatus("in_doubt").length).toBe(count);
    // In doubt: only what the worker had claimed and not yet recorded when it died (two chunks ahead, two behind).
    expect(byStatus("in_doubt").length).toBeGreaterThan(0);
    expect(byStatus("in_doubt").length).toBeLessThanOrEqual(inDoubtAtMost);

    // No address got anything twice; every email marked sent arrived.
    const perAddress = new Map<string, number>();
    for (const m of smtp.received) for (const to of m.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    expect([...perAddress.values()].filter((n) => n > 1)).toEqual([]);
    const arrivedIds = new Set(smtp.received.map((m) => /^Message-ID: <delivery-(\d+)@/im.exec(m.raw.toString("latin1"))?.[1]));
    expect(byStatus("sent").filter((d) => !arrivedIds.has(d.id))).toEqual([]);
    expect(smtp.received.length).toBe(perAddress.size);
    expect(smtp.received.length).toBeGreaterThanOrEqual(byStatus("sent").length);
  } finally {
    // A test that failed early must not leave its worker behind.
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await smtp.close();
    if (!process.env.TEST_DATABASE_URL) await handle.close().catch(() => {});
  }
}, 300_000);
