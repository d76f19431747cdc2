import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { SignInOutcome } from "../app/context";
import { log } from "../app/log.server";
import type { DbHandle } from "../db/client";

/**
 * One job queue as the job engine counts it: jobs waiting (created or waiting
 * to be retried), running, and failed (kept after their last try).
 */
export interface QueueStats {
  queue: string;
  waiting: number;
  active: number;
  failed: number;
}

/**
 * Everything GET /metrics shows (docs/operations.md), in one prom-client
 * registry per process. Labels carry route patterns, methods, statuses,
 * outcomes and queue names: never a person, never a choice.
 */
export interface Metrics {
  /** A finished request: its route pattern, method, status and seconds taken. */
  request(route: string, method: string, status: number, seconds: number): void;
  signInAttempt(outcome: SignInOutcome): void;
  ballotCast(): void;
  /**
   * How the job engine reports its queues: `collect` is called on each scrape
   * and its answer becomes service_stars_job_queue_{waiting,active,failed}
   * {queue}. Until something registers, those metrics have no series (never
   * a made-up zero). A collector that fails is logged and shows nothing.
   */
  registerQueueMetrics(collect: () => Promise<QueueStats[]>): void;
  /** The exposition text, with the pool and queue gauges read now. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

const methods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function createMetrics(db: DbHandle): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time from a request's arrival to the end of its answer, by route pattern, method and status (499: the client left first).",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const refusals = new Counter({
    name: "service_stars_refusals_total",
    help: "Requests answered with a 4xx status (refused: not found, forbidden, rate-limited, too large, …), by route pattern and status.",
    labelNames: ["route", "status"] as const,
    registers: [registry],
  });
  const signIns = new Counter({
    name: "service_stars_sign_ins_total",
    help: "Sign-in attempts by outcome: success, invalid (unknown account or wrong password), throttled (told to wait).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  for (const outcome of ["success", "invalid", "throttled"] satisfies SignInOutcome[]) signIns.labels(outcome).inc(0);
  const ballots = new Counter({
    name: "service_stars_ballots_cast_total",
    help: "Ballots stored (a changed ballot counts again).",
    registers: [registry],
  });

  // PostgreSQL's pool (pg.Pool): connections in use and idle, queries waiting.
  // PGlite is one connection without a pool: it shows only its size, 1.
  const pooled = db.poolStats() !== null;
  const poolRegisters = pooled ? [registry] : [];
  const poolConnections = new Gauge({
    name: "service_stars_db_pool_connections",
    help: "PostgreSQL connections of this instance's pool, by state (in_use, idle).",
    labelNames: ["state"] as const,
    registers: poolRegisters,
  });
  const poolWaiting = new Gauge({ name: "service_stars_db_pool_waiting", help: "Queries waiting for a pool connection.", registers: poolRegisters });
  const poolMax = new Gauge({
    name: "service_stars_db_pool_max",
    help: "The most connections the pool opens (1: the embedded PGlite).",
    registers: [registry],
  });
  if (!pooled) poolMax.set(1);

  const queueGauges = {
    waiting: new Gauge({
      name: "service_stars_job_queue_waiting",
      help: "Jobs waiting to run (queue depth), by queue.",
      labelNames: ["queue"] as const,
      registers: [registry],
    }),
    active: new Gauge({
      name: "service_stars_job_queue_active",
      help: "Jobs running now, by queue.",
      labelNames: ["queue"] as const,
      registers: [registry],
    }),
    failed: new Gauge({
      name: "service_stars_job_queue_failed",
      help: "Jobs failed after their last try, by queue.",
      labelNames: ["queue"] as const,
      registers: [registry],
    }),
  };
  let collectQueues: (() => Promise<QueueStats[]>) | null = null;

  async function readGauges() {
    const pool = db.poolStats();
    if (pool) {
      poolConnections.labels("in_use").set(pool.total - pool.idle);
      poolConnections.labels("idle").set(pool.idle);
      poolWaiting.set(pool.waiting);
      poolMax.set(pool.max);
    }
    if (!collectQueues) return;
    for (const gauge of Object.values(queueGauges)) gauge.reset();
    try {
      for (const q of await collectQueues()) {
        queueGauges.waiting.labels(q.queue).set(q.waiting);
        queueGauges.active.labels(q.queue).set(q.active);
        queueGauges.failed.labels(q.queue).set(q.failed);
      }
    } catch (error) {
      for (const gauge of Object.values(queueGauges)) gauge.reset();
      log("warn", "metrics: the job queues could not be read", { error: String(error) });
    }
  }

  return {
    request(route, method, status, seconds) {
      const labels = { route, method: methods.has(method) ? method : "other", status: String(status) };
      requests.observe(labels, seconds);
      if (status >= 400 && status < 500) refusals.inc({ route, status: labels.status });
    },
    signInAttempt: (outcome) => signIns.labels(outcome).inc(),
    ballotCast: () => ballots.inc(),
    registerQueueMetrics(collect) {
      collectQueues = collect;
    },
    async scrape() {
      await readGauges();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** Whether an Authorization header carries this bearer token: compared in constant time, over equal-length digests. */
export function bearsToken(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer +(\S+) *$/i.exec(authorization ?? "")?.[1] ?? "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(token)) && presented.length > 0;
}

/**
 * GET /metrics: the exposition text, never cached; with a token, only to a
 * request bearing it (401 otherwise). Where neither METRICS_TOKEN nor
 * METRICS_PORT is set, the server mounts no such route and /metrics is the
 * 404 page (server/index.ts).
 */
export function metricsEndpoint(metrics: Metrics, token: string | undefined): RequestHandler {
  return async (req, res, next) => {
    res.locals.route = "/metrics";
    res.set("cache-control", "no-store");
    if (token && !bearsToken(req.get("authorization"), token)) {
      res.status(401).set("www-authenticate", 'Bearer realm="metrics"').type("text").send("a bearer token is needed\n");
      return;
    }
    try {
      const { contentType, body } = await metrics.scrape();
      // As prom-client says it: Express's send() would move the charset before the version.
      res.writeHead(200, { "content-type": contentType, "content-length": Buffer.byteLength(body) }).end(body);
    } catch (error) {
      next(error);
    }
  };
}
