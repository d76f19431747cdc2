import { createDb, type Db, type DbHandle } from "../../db/client";
import { startJobEngine } from "../../app/jobs/engine.server";
import { deliverEmails, deliverRobotMessages } from "../../app/jobs/queues";
import { announce, type Announcement } from "../../app/domain/notifications/announce.server";
import { onePerson } from "../../app/domain/notifications/recipients.server";
import type { TestDb } from "./db";
import type { TestServer } from "./server";

/**
 * announce() nudges the delivery queues in the caller's transaction, so the
 * job engine's tables and those queues must exist, as a server's start makes
 * them; a fresh test database has neither ("relation pgboss.job does not
 * exist"). This makes them, the way the server does, and runs no worker: the
 * emails wait.
 */
export async function givenDeliveryQueues(t: TestDb): Promise<void> {
  const engine = await startJobEngine({ database: t.handle, directUrl: t.databaseUrl, queues: [deliverEmails, deliverRobotMessages] });
  await engine.stop();
}

let serial = 0;

/**
 * One notice to one person, announced as a use-case does (in its own
 * transaction, the person's choices applied): a congratulation unless told.
 */
export async function givenNotice(db: Db, personId: number, a: Partial<Omit<Announcement, "recipients">> = {}) {
  const n = ++serial;
  return db.transaction().execute((trx) =>
    announce(trx, {
      key: a.key ?? `test:${n}`,
      kind: a.kind ?? "congratulated",
      params: a.params ?? {
        from: `同事${n}`,
        title: { "zh-CN": "服务之星", en: "Service Star" },
        campaign: { "zh-CN": `活动${n}`, en: `Campaign ${n}` },
      },
      link: a.link ?? `/people/T${n}`,
      recipients: onePerson(personId),
    }),
  );
}

/**
 * Writes into a running test server's database: directly on PostgreSQL; on
 * PGlite (one process holds it) with the server stopped meanwhile and
 * started again on the same data.
 */
export async function inServerDb<T>(server: TestServer, write: (db: Db) => Promise<T>): Promise<T> {
  const run = async (handle: DbHandle) => {
    try {
      return await write(handle.db);
    } finally {
      await handle.close();
    }
  };
  if (server.kind === "pg") return run(await createDb({ databaseUrl: server.databaseUrl!, poolSize: 1 }));
  await server.kill("SIGTERM");
  try {
    return await run(await createDb({ dataDir: server.dataDir! }));
  } finally {
    await server.restart();
  }
}

/** A person's id by employee number. */
export const personId = async (db: Db, employeeNo: string) =>
  (await db.selectFrom("people").select("id").where("employee_no", "=", employeeNo).executeTakeFirstOrThrow()).id;
