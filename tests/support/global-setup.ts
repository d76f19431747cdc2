import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

/**
 * Says once, loudly, which database the tests run on, and names this run's
 * private folder and template database for tests/support/server.ts. Nothing
 * is built here: the first test that starts a server builds the app (so a run
 * of the unit tests alone never pays for it), and the teardown removes it all.
 */
export default function setup(project: TestProject) {
  const where = process.env.TEST_DATABASE_URL
    ? `PostgreSQL at ${new URL(process.env.TEST_DATABASE_URL).host}`
    : "embedded PGlite (set TEST_DATABASE_URL to use a PostgreSQL server)";
  process.stdout.write(`\n[tests] database: ${where}\n`);

  const id = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const runDir = path.resolve(".tmp", "server-runs", id);
  const templateDb = `ss_tpl_${id}`;
  project.provide("serverRunDir", runDir);
  project.provide("serverTemplateDb", templateDb);

  return async () => {
    await rm(runDir, { recursive: true, force: true });
    if (!process.env.TEST_DATABASE_URL) return;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${templateDb} with (force)`);
    await admin.end();
  };
}
