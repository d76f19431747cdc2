import express from "express";
import { logLevelOf, type LogLevel } from "../app/log.server";
import { defaultAuthSettings, type AuthSettings } from "../app/domain/auth/settings";
import { readRequestLimits, type RequestLimits } from "../app/web/request-limits";
import { readMailSettings, type MailSettings } from "../app/mail/settings";
import { readDatabaseConfig, type DatabaseConfig } from "./database-config";
import { readRobotSettings, type RobotSettings } from "../app/domain/notifications/robot-settings";
import { readRetentionSettings, type RetentionSettings } from "../app/domain/retention";
import { readIdentitySettings, type IdentitySettings } from "../app/domain/identity/settings";
import { readSamlSettings, type SamlSettings } from "../app/domain/identity/saml-settings.server";

/** Every setting the server reads, in one place (documented in README). */
export interface Config extends DatabaseConfig {
  port: number;
  host: string;
  dataDir: string;
  sessionSecrets: string[] | undefined;
  production: boolean;
  /** TRUST_PROXY, as Express's `trust proxy` takes it: false, true, a number of hops, or addresses (readTrustProxy). */
  trustProxy: TrustProxy;
  /** Load demo data into an empty embedded database on first start. */
  seedDemo: boolean;
  poolSize: number;
  /** WORKERS=on (default) | off: whether this instance works background jobs, or only serves pages (decision 0037). */
  workers: boolean;
  /** OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_EMPLOYEE_CLAIM, OIDC_LABEL_ZH/EN, SAML_IDP_METADATA, SAML_LABEL_ZH/EN: the company sign-in (docs/identity.md). */
  identity: IdentitySettings;
  /** SIGNIN_IP_FAILURES, SESSION_MAX_DAYS, PASSWORD_SIGN_IN: handed to every request in the load context. */
  auth: AuthSettings;
  /** FORM_MAX_FIELDS, NOMINATION_FORM_MAX_FIELDS, FORM_MAX_BYTES, UPLOAD_MAX_BYTES. */
  limits: RequestLimits;
  /** LOG_LEVEL: the least severe level logged (default info). */
  logLevel: LogLevel;
  /** METRICS_TOKEN: GET /metrics answers only requests bearing it (docs/operations.md). */
  metricsToken: string | undefined;
  /** METRICS_PORT: GET /metrics on this port of its own, not on PORT. */
  metricsPort: number | undefined;
  /** PUBLIC_URL (the portal's address for links in messages) and WEBHOOK_ALLOWED_HOSTS (group robots' webhooks besides the platforms' own hosts). */
  robots: RobotSettings;
  /** SMTP_URL, MAIL_FROM, PUBLIC_URL: how notifications' emails leave, and the address their links use (app/mail/settings.ts). */
  mail: MailSettings;
  /** RETENTION_NETWORK_DAYS, UPLOAD_ABANDONED_HOURS: how long sessions' user agents and abandoned uploads are kept (docs/privacy.md). */
  retention: RetentionSettings;
  /** SAML_IDP_METADATA, SAML_SP_ENTITY_ID, SAML_EMPLOYEE_ATTRIBUTE, SAML_EMAIL_ATTRIBUTE, SAML_SP_KEY, SAML_SP_CERT: sign-in with the company account over SAML; undefined: off (decision 0046). */
  saml: SamlSettings | undefined;
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

export type TrustProxy = string | boolean | number;

/**
 * TRUST_PROXY: unset, `false` or `off`: no proxy is believed; `true` or `on`:
 * every one; a whole number: that many proxies in front (Express takes only a
 * number as a hop count: the string "1" would be read as an address);
 * otherwise addresses, subnets or the names `loopback`, `linklocal`,
 * `uniquelocal`, comma-separated. Anything Express cannot read stops the
 * start with the setting's name (docs/security.md, docs/deployment.md).
 */
export function readTrustProxy(env: NodeJS.ProcessEnv): TrustProxy {
  const raw = env.TRUST_PROXY?.trim() ?? "";
  const lower = raw.toLowerCase();
  if (raw === "" || lower === "false" || lower === "off") return false;
  if (lower === "true" || lower === "on") return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  try {
    // Express compiles the list here as it will at start (proxy-addr): a typo fails now, named.
    express().set("trust proxy", raw);
  } catch {
    throw new Error(`TRUST_PROXY must be on, off, a number of proxies, or addresses such as loopback or 10.0.0.5,10.0.0.6, not "${raw}"`);
  }
  return raw;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { passwordSignIn, ...identity } = readIdentitySettings(env);
  return {
    port: portNumber(env, "PORT") ?? 3000,
    host: env.HOST ?? "0.0.0.0",
    ...readDatabaseConfig(env),
    dataDir: env.DATA_DIR ?? "./data",
    sessionSecrets: env.SESSION_SECRET
      ? env.SESSION_SECRET.split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    production: env.NODE_ENV !== "development",
    trustProxy: readTrustProxy(env),
    seedDemo: env.SEED_DEMO !== "false",
    poolSize: positiveInteger(env, "DB_POOL_SIZE", 10),
    workers: onOff(env, "WORKERS", true),
    auth: {
      signInIpFailures: positiveInteger(env, "SIGNIN_IP_FAILURES", defaultAuthSettings.signInIpFailures),
      signInIpStarts: positiveInteger(env, "SIGNIN_IP_STARTS", defaultAuthSettings.signInIpStarts),
      sessionMaxDays: positiveInteger(env, "SESSION_MAX_DAYS", defaultAuthSettings.sessionMaxDays),
      passwordSignIn,
    },
    identity,
    limits: readRequestLimits(env),
    ...readObservabilityConfig(env),
    robots: readRobotSettings(env),
    mail: readMailSettings(env),
    retention: readRetentionSettings(env),
    saml: readSamlSettings(env),
  };
}

/** LOG_LEVEL, METRICS_TOKEN, METRICS_PORT (docs/operations.md). */
function readObservabilityConfig(env: NodeJS.ProcessEnv): Pick<Config, "logLevel" | "metricsToken" | "metricsPort"> {
  const metricsPort = portNumber(env, "METRICS_PORT");
  const port = portNumber(env, "PORT") ?? 3000;
  if (metricsPort === port) throw new Error(`METRICS_PORT must differ from PORT (${port}): metrics are served on a port of their own`);
  return { logLevel: logLevelOf(env), metricsToken: bearerToken(env, "METRICS_TOKEN"), metricsPort };
}

/** A TCP port (1–65535), or undefined when unset; anything else stops the start with the setting's name. */
function portNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65_535) throw new Error(`${name} must be a port number from 1 to 65535, not "${raw}"`);
  return Number(raw);
}

/** A bearer token: long enough not to be guessed, and sendable in a header. Its value is never repeated in the error. */
function bearerToken(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^[\x21-\x7e]{16,}$/.test(raw))
    throw new Error(`${name} must be at least 16 visible ASCII characters without spaces (e.g. \`openssl rand -hex 32\`)`);
  return raw;
}
