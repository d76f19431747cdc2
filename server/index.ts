// First: an unset NODE_ENV is production, before React or Express is loaded.
import "./node-env";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { createDb } from "../db/client";
import { migrateDirectly, migrateToLatest } from "../db/migrate";
import { appSecret } from "../app/domain/auth/auth.server";
import { backfillNameKeys } from "../app/domain/people/name-key.server";
import { jobEngineReady, queueCounts, startJobEngine } from "../app/jobs/engine.server";
import { queues } from "../app/jobs/queues";
import { seedIfEmpty } from "../app/demo/index";
import { createApp } from "./app";
import { readConfig, type Config } from "./config";
import { loadDemoInChild, progressLog } from "./first-start";
import { createMetrics, metricsEndpoint } from "./metrics";
import { createReadiness } from "./readiness";
import { onFailedForGood, workers } from "./workers";
import { mailTarget } from "../app/mail/settings";
import { configureLog, log } from "../app/log.server";
import { startSamlProvider } from "../app/domain/identity/saml.server";

const config = readConfigOrStop();
configureLog({ level: config.logLevel, pretty: !config.production });
// Whatever stops the start later (the database unreachable, SAML metadata
// unreadable) or the process afterwards: one fatal line in the log's own
// format, with its stack for whoever has to mend it, then exit 1.
let starting = true;
process.on("uncaughtException", (error) => {
  log("fatal", starting ? "could not start" : "stopped by an error", { error: error.message, stack: error.stack });
  process.exit(1);
});
const startedAt = performance.now();
const seconds = () => Math.round((performance.now() - startedAt) / 100) / 10;

// A first start: no embedded database folder yet. The demo data is loaded
// into it by a child process (server/first-start.ts), which creates the
// folder, migrates and seeds it, and exits; this process then opens it as on
// any later start. A PostgreSQL server gets demo data only through
// `npm run db:seed`.
if (!config.databaseUrl && config.seedDemo && !config.dataDir.startsWith("memory://") && !existsSync(path.join(config.dataDir, "PG_VERSION"))) {
  log("info", "first start: creating the database and loading the demo data (about 20 s; later starts skip this)", {
    where: path.resolve(config.dataDir),
  });
  if (await loadDemoInChild()) log("info", "first start: demo data ready", { seconds: seconds() });
}

// Through a pooler in transaction mode, statements go unnamed (docs/decisions/0035).
const db = await createDb({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: config.poolSize,
  namedStatements: config.databasePooler !== "transaction",
});
log("info", "database", {
  kind: db.kind,
  where: db.kind === "pg" ? "DATABASE_URL" : path.resolve(config.dataDir),
  ...(db.kind === "pg" ? { pooler: config.databasePooler } : {}),
  seconds: seconds(),
});

// Migrations connect to PostgreSQL itself when DATABASE_DIRECT_URL names it apart from the web's pool.
const direct = config.databaseDirectUrl !== config.databaseUrl ? config.databaseDirectUrl : undefined;
log("info", "migrating the database", direct ? { via: "DATABASE_DIRECT_URL" } : {});
const applied = direct ? await migrateDirectly(direct) : await migrateToLatest(db.db);
log("info", "migrated", { applied, seconds: seconds() });

// An embedded database without people (demo data turned off before, or the
// child above could not load it): loaded here, with the same progress lines.
if (db.kind === "pglite" && config.seedDemo) {
  const seeded = await seedIfEmpty(db.db, { report: progressLog() });
  if (seeded) log("info", "demo data written", seeded);
}
await backfillNameKeys(db.db);

// Background work is jobs (decision 0037): scheduled phase moves, sealing the
// audit chain, pruning sign-in counters, deleting abandoned photos, forgetting old sessions' user agents, imports. Every instance makes sure
// the engine's tables and queues exist; with WORKERS=off it leaves the work
// to the others.
const jobs = await startJobEngine({
  database: db,
  directUrl: config.databaseDirectUrl ?? config.databaseUrl,
  queues,
  workers: config.workers ? workers(db.db, config.mail, config.retention) : undefined,
  onFailedForGood: onFailedForGood(db.db),
});
log("info", "job engine", { workers: jobs.working ? "on" : "off", seconds: seconds() });
// Where notifications' emails go: the mail server's address without its credentials, or the outbox (/admin/outbox).
log("info", "email", { to: mailTarget(config.mail), links: config.mail.publicUrl });
// Which ways in are open: the identity team's values are on docs/identity.md.
log("info", "sign-in", {
  // Not "password": the log redacts any field of that name.
  passwordSignIn: config.auth.passwordSignIn,
  oidc: config.identity.oidc ? { issuer: config.identity.oidc.issuer, redirectUri: config.identity.oidc.redirectUri } : "off",
  saml: config.identity.saml ? "on" : "off",
});

// SAML sign-in: the IdP's metadata read now (unreadable: the start stops, naming SAML_IDP_METADATA), refreshed later.
const saml = config.saml ? await startSamlProvider(config.saml) : undefined;
if (saml) log("info", "saml", { idp: saml.idp().entityId, sp: config.saml!.spEntityId, acs: config.saml!.acsUrl });

const sessionSecrets = config.sessionSecrets ?? [await appSecret(db.db, "session")];
const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
const metrics = createMetrics(db);
const readiness = createReadiness(db);
// The job engine is ready when its schema holds every queue of this release; the metrics count each queue's jobs (the failed of the last day).
readiness.register("jobs", async () => {
  if (!(await jobEngineReady(db.db, queues))) throw new Error("the job engine's queues are missing");
});
metrics.registerQueueMetrics(async () =>
  (await queueCounts(db.db)).map((q) => ({ queue: q.queue, waiting: q.waiting, active: q.running, failed: q.failed })),
);
const app = createApp({
  db,
  build,
  sessionSecrets,
  trustProxy: config.trustProxy,
  auth: config.auth,
  identity: config.identity,
  limits: config.limits,
  retention: config.retention,
  metrics,
  readiness,
  // With METRICS_PORT, /metrics is served there only (below), never on PORT.
  metricsToken: config.metricsPort ? undefined : config.metricsToken,
  saml,
});

const server: Server = app.listen(config.port, config.host, () => {
  starting = false;
  log("info", "listening", { url: `http://localhost:${config.port}` });
});
server.keepAliveTimeout = 65_000;

// METRICS_PORT: GET /metrics on a port of its own (with METRICS_TOKEN too, only to its bearers), for a network users never reach.
let metricsServer: Server | undefined;
if (config.metricsPort) {
  const metricsApp = express().disable("x-powered-by").get("/metrics", metricsEndpoint(metrics, config.metricsToken));
  metricsServer = createServer(metricsApp).listen(config.metricsPort, config.host, () => {
    log("info", "metrics listening", { url: `http://localhost:${config.metricsPort}/metrics` });
  });
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  log("info", "shutting down", { signal });
  // Whatever happens, be gone within 5 s.
  setTimeout(() => process.exit(1), 4_500).unref();
  server.close();
  server.closeIdleConnections();
  metricsServer?.close();
  saml?.stop();
  metricsServer?.closeAllConnections();
  setTimeout(() => server.closeAllConnections(), 2_000).unref();
  // Running jobs get 2.5 s to finish; those still running are then failed, to be retried by another instance or after the restart.
  const stopped = jobs.stop(2_500).catch((error: unknown) => log("warn", "stopping the job engine", { error: String(error) }));
  await Promise.all([new Promise<void>((resolve) => server.once("close", () => resolve())), stopped]);
  await db.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

/**
 * The settings, or — when one cannot be used — a single fatal line naming it
 * (each reader's message says which setting and what it takes) and exit 1:
 * an operator's typo is not a crash, and gets no stack.
 */
function readConfigOrStop(): Config {
  try {
    return readConfig();
  } catch (error) {
    // The log's own settings may be what is wrong: JSON lines at info, as in production.
    configureLog({ level: "info", pretty: false });
    log("fatal", "cannot start: a setting is wrong", { reason: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}
