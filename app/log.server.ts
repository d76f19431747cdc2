import pino, { type Logger, type LoggerOptions } from "pino";

// The one module that knows pino (docs/decisions/0036). Everything else logs
// through log(level, msg, fields): one JSON line per event on stderr, what
// operators grep and ship, never shown to users.

export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
/** LOG_LEVEL: the least severe level written ("silent" writes nothing). */
export type LogLevel = (typeof logLevels)[number];
/** The level of one line. */
export type Level = Exclude<LogLevel, "silent">;

/** LOG_LEVEL, "info" when unset; anything else stops the start with the setting's name (server/config.ts). */
export function logLevelOf(env: NodeJS.ProcessEnv): LogLevel {
  const raw = env.LOG_LEVEL?.trim();
  if (!raw) return "info";
  if (!(logLevels as readonly string[]).includes(raw)) throw new Error(`LOG_LEVEL must be one of ${logLevels.join(", ")}, not "${raw}"`);
  return raw as LogLevel;
}

/**
 * Field names whose values never reach a log line, at any depth up to three
 * levels into a line's fields and in any case (`headers.cookie`,
 * `input.newPassword`, `Authorization`): secrets (passwords, tokens, cookies,
 * the Authorization header) and what a ballot or a nomination says (choices,
 * stories, bodies). No caller logs them today; this is the net under a future
 * mistake. Raw URLs are not logged either (a password link carries its token
 * in its path): a request's line names its route pattern (server/observe.ts).
 */
export const neverLogged = [
  "password",
  "newPassword",
  "currentPassword",
  "token",
  "sessionToken",
  "secret",
  "authorization",
  "cookie",
  "set-cookie",
  "choices",
  "nominationIds",
  "story",
  "stories",
  "body",
];
const hidden = new Set(neverLogged.map((name) => name.toLowerCase()));
const redacted = "[redacted]";

/**
 * The fields with every never-logged one replaced by "[redacted]"; the
 * caller's objects are copied where changed, never altered. Not pino's
 * `redact` with wildcard paths: that cost 15 µs a line against 2.5 µs for
 * the whole line, on every request (decision 0036); this walk costs 0.2 µs.
 */
function scrubbed<T>(value: T, depth = 0): T {
  if (depth > 3 || value === null || typeof value !== "object" || value instanceof Date || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const clean = scrubbed(item, depth + 1);
      if (clean !== item) (copy ??= [...value])[i] = clean;
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const clean = hidden.has(key.toLowerCase()) ? redacted : scrubbed(item, depth + 1);
    if (clean !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = clean;
  }
  return (copy ?? value) as T;
}

export interface LogSettings {
  level: LogLevel;
  /** Human-readable lines (pino-pretty) instead of JSON: NODE_ENV=development only. */
  pretty: boolean;
}

function createLogger({ level, pretty }: LogSettings): Logger {
  const options: LoggerOptions = {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: (fields) => scrubbed(fields) },
  };
  if (pretty) {
    try {
      // In a worker thread, so formatting costs the requests nothing; pino-pretty is a development dependency.
      return pino({
        ...options,
        transport: { target: "pino-pretty", options: { destination: 2, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" } },
      });
    } catch {
      // Not installed (a production install with NODE_ENV=development): JSON lines as in production.
    }
  }
  // Written with process.stderr.write, synchronously for a file or a pipe on
  // Linux: a line is out before the process can exit or crash.
  return pino({ ...options, formatters: { ...options.formatters, level: (label) => ({ level: label }) } }, process.stderr);
}

// One logger per process, even though this module is loaded twice: by the
// server (server/index.ts) and inside the Remix build (bundled there).
const slot = Symbol.for("service-stars.logger");
const holder = globalThis as typeof globalThis & { [slot]?: Logger };

function logger(): Logger {
  return (holder[slot] ??= createLogger({ level: logLevelOf(process.env), pretty: process.env.NODE_ENV === "development" }));
}

/**
 * The level and format for this process, once at start (server/index.ts, from
 * server/config.ts). Without it (scripts, tests) they come from LOG_LEVEL and
 * NODE_ENV on the first line logged.
 */
export function configureLog(settings: LogSettings): void {
  holder[slot] = createLogger(settings);
}

/** Whether a line at this level would be written (to skip building its fields). */
export function logs(level: Level): boolean {
  return logger().isLevelEnabled(level);
}

/** One event: `msg` is a fixed sentence (what operators grep), `fields` the particulars. */
export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  logger()[level](fields, msg);
}
