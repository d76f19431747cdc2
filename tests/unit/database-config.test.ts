import { describe, expect, test } from "vitest";
import { readConfig } from "../../server/config";

// DATABASE_URL (the web's pool), DATABASE_DIRECT_URL (migrations, sessions of
// their own) and DATABASE_POOLER (named statements off through a transaction
// pooler): docs/decisions/0035, docs/deployment.md.

const env = (vars: Record<string, string>) => ({ NODE_ENV: "production", ...vars }) as NodeJS.ProcessEnv;
const database = (vars: Record<string, string>) => {
  const { databaseUrl, databaseDirectUrl, databasePooler } = readConfig(env(vars));
  return { databaseUrl, databaseDirectUrl, databasePooler };
};
const pooled = "postgres://app@pgbouncer:6432/stars";
const direct = "postgres://app@db-primary:5432/stars";

describe("the database settings", () => {
  test("none: the embedded database, no pooler", () => {
    expect(database({})).toEqual({ databaseUrl: undefined, databaseDirectUrl: undefined, databasePooler: "none" });
  });

  test("DATABASE_URL alone: migrations use it too, statements named", () => {
    expect(database({ DATABASE_URL: direct })).toEqual({ databaseUrl: direct, databaseDirectUrl: direct, databasePooler: "none" });
    expect(database({ DATABASE_URL: direct, DATABASE_DIRECT_URL: direct })).toEqual({
      databaseUrl: direct,
      databaseDirectUrl: direct,
      databasePooler: "none",
    });
  });

  test("a DATABASE_DIRECT_URL of its own means a transaction pooler behind DATABASE_URL, unless DATABASE_POOLER says otherwise", () => {
    expect(database({ DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct })).toEqual({
      databaseUrl: pooled,
      databaseDirectUrl: direct,
      databasePooler: "transaction",
    });
    expect(database({ DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct, DATABASE_POOLER: "session" }).databasePooler).toBe("session");
    expect(database({ DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct, DATABASE_POOLER: "none" }).databasePooler).toBe("none");
  });

  test.each([
    [{ DATABASE_DIRECT_URL: direct }, "DATABASE_DIRECT_URL"],
    [{ DATABASE_POOLER: "transaction" }, "DATABASE_POOLER"],
    [{ DATABASE_URL: pooled, DATABASE_POOLER: "transaction" }, "DATABASE_DIRECT_URL"],
    [{ DATABASE_URL: pooled, DATABASE_DIRECT_URL: pooled, DATABASE_POOLER: "transaction" }, "DATABASE_DIRECT_URL"],
    [{ DATABASE_URL: pooled, DATABASE_POOLER: "statement" }, "DATABASE_POOLER"],
    [{ DATABASE_URL: pooled, DATABASE_DIRECT_URL: "db-primary:5432" }, "DATABASE_DIRECT_URL"],
  ])("%o stops the start with a message naming %s", (vars, name) => {
    expect(() => readConfig(env(vars))).toThrow(name);
  });
});
