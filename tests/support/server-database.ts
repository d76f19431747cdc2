/**
 * Writing into a running test server's database from the test, as a change
 * in the app would (an announcement of notices, a person's choice):
 *
 *   await withServerDatabase(server, (db) => given(db, "congratulated", [id]))
 *
 * PostgreSQL: a connection of the test's own to the server's database, the
 * server running on. PGlite is one process: the server is stopped (SIGTERM),
 * the folder opened here, closed again, and the server restarted on it — so
 * whatever the server does at start (jobs marked `atStart`) runs after.
 */
import type { Db } from "../../db/client";
import { createDb } from "../../db/client";
import type { TestServer } from "./server";

export async function withServerDatabase<T>(server: TestServer, write: (db: Db) => Promise<T>): Promise<T> {
  if (server.kind === "pg") {
    const handle = await createDb({ databaseUrl: server.databaseUrl!, poolSize: 2 });
    try {
      return await write(handle.db);
    } finally {
      await handle.close();
    }
  }
  await server.kill("SIGTERM");
  const handle = await createDb({ dataDir: server.dataDir! });
  try {
    return await write(handle.db);
  } finally {
    await handle.close();
    await server.restart();
  }
}
