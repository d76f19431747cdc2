/** Every setting the server reads, in one place (documented in README). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecrets: string[] | undefined;
  production: boolean;
  trustProxy: string | boolean;
  /** Load demo data into an empty embedded database on first start. */
  seedDemo: boolean;
  poolSize: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const trustProxy = env.TRUST_PROXY;
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? "0.0.0.0",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR ?? "./data",
    sessionSecrets: env.SESSION_SECRET ? env.SESSION_SECRET.split(",").map((s) => s.trim()).filter(Boolean) : undefined,
    production: env.NODE_ENV !== "development",
    trustProxy: trustProxy === undefined ? false : trustProxy === "true" ? true : trustProxy,
    seedDemo: env.SEED_DEMO !== "false",
    poolSize: Number(env.DB_POOL_SIZE ?? 10),
  };
}
