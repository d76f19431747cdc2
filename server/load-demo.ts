import { log } from "../app/log.server";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { demoPhotos, seedIfEmpty } from "../app/demo/index";
import { readConfig } from "./config";
import { progressLog } from "./first-start";

// The child process of a first start (server/first-start.ts): loads the demo
// into the empty embedded database, then exits, taking the memory of the
// load with it. The photos start encoding before the database opens.

const config = readConfig();
const photos = demoPhotos();
const db = await createDb({ dataDir: config.dataDir });
try {
  log("info", "migrating the database");
  const applied = await migrateToLatest(db.db);
  log("info", "migrated", { applied: applied.length });
  const seeded = await seedIfEmpty(db.db, { report: progressLog(), photos });
  if (seeded) log("info", "demo data written", seeded);
} catch (error) {
  log("error", "loading the demo data failed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
} finally {
  photos.clear();
  await db.close();
}
