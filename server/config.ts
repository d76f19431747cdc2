import { defaultAuthSettings, type AuthSettings } from "../app/domain/auth/settings";
import { readRequestLimits, type RequestLimits } from "../app/web/request-limits";

/** Every setting the server reads, in one place (documented in README). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** DATABASE_DIRECT_URL: PostgreSQL without a pooler in between, for what needs a session of its own (the job engine). */
  databaseDirectUrl: string | undefined;
  dataDir: string;
  sessionSecrets: string[] | undefined;
  production: boolean;
  trustProxy: string | boolean;
  /** Load demo data into an empty embedded database on first start. */
  seedDemo: boolean;
  poolSize: number;
  /** WORKERS=on (default) | off: whether this instance works background jobs, or only serves pages (decision 0035). */
  workers: boolean;
  /** SIGNIN_IP_FAILURES, SESSION_MAX_DAYS: handed to every request in the load context. */
  auth: AuthSettings;
  /** FORM_MAX_FIELDS, NOMINATION_FORM_MAX_FIELDS, FORM_MAX_BYTES, UPLOAD_MAX_BYTES. */
  limits: RequestLimits;
}

/** A whole number ≥ 1, or the default when unset; anything else stops the start with the setting's name. */
function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new Error(`${name} must be a whole number of at least 1, not "${raw}"`);
  }
  return Number(raw);
}

/** "on" or "off" (also true/false, 1/0), or the default when unset; anything else stops the start with the setting's name. */
function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (["on", "true", "1"].includes(raw)) return true;
  if (["off", "false", "0"].includes(raw)) return false;
  throw new Error(`${name} must be "on" or "off", not "${env[name]}"`);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const trustProxy = env.TRUST_PROXY;
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? "0.0.0.0",
    databaseUrl: env.DATABASE_URL || undefined,
    databaseDirectUrl: env.DATABASE_DIRECT_URL || undefined,
    dataDir: env.DATA_DIR ?? "./data",
    sessionSecrets: env.SESSION_SECRET
      ? env.SESSION_SECRET.split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    production: env.NODE_ENV !== "development",
    trustProxy: trustProxy === undefined ? false : trustProxy === "true" ? true : trustProxy,
    seedDemo: env.SEED_DEMO !== "false",
    poolSize: Number(env.DB_POOL_SIZE ?? 10),
    workers: onOff(env, "WORKERS", true),
    auth: {
      signInIpFailures: positiveInteger(env, "SIGNIN_IP_FAILURES", defaultAuthSettings.signInIpFailures),
      sessionMaxDays: positiveInteger(env, "SESSION_MAX_DAYS", defaultAuthSettings.sessionMaxDays),
    },
    limits: readRequestLimits(env),
  };
}
