import { defaultAuthSettings, type AuthSettings } from "../app/domain/auth/settings";
import { readRequestLimits, type RequestLimits } from "../app/web/request-limits";
import { readDatabaseConfig, type DatabaseConfig } from "./database-config";

/** Every setting the server reads, in one place (documented in README). */
export interface Config extends DatabaseConfig {
  port: number;
  host: string;
  dataDir: string;
  sessionSecrets: string[] | undefined;
  production: boolean;
  trustProxy: string | boolean;
  /** Load demo data into an empty embedded database on first start. */
  seedDemo: boolean;
  poolSize: number;
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

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const trustProxy = env.TRUST_PROXY;
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? "0.0.0.0",
    ...readDatabaseConfig(env),
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
    auth: {
      signInIpFailures: positiveInteger(env, "SIGNIN_IP_FAILURES", defaultAuthSettings.signInIpFailures),
      sessionMaxDays: positiveInteger(env, "SESSION_MAX_DAYS", defaultAuthSettings.sessionMaxDays),
    },
    limits: readRequestLimits(env),
  };
}
