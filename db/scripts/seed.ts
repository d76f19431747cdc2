// `npm run db:seed [-- --force]`: migrates, then loads the demo organisation
// and demo accounts. Refuses a database that already has people unless
// --force, which only adds what is missing (see seedDemo).
import path from "node:path";
import { createDb } from "../client";
import { migrateToLatest } from "../migrate";
import { demoAccounts, demoPassword, seedDemo } from "../../app/demo/index";

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--force");
if (unknown.length) {
  process.stderr.write(`Unknown argument ${unknown.join(" ")}.\nUsage: npm run db:seed [-- --force]\n`);
  process.exit(2);
}
const force = args.includes("--force");

const dataDir = process.env.DATA_DIR ?? "./data";
// PostgreSQL itself, not a pooler in front of it (docs/deployment.md): DATABASE_DIRECT_URL when set.
const handle = await createDb({ databaseUrl: process.env.DATABASE_DIRECT_URL || process.env.DATABASE_URL || undefined, dataDir });
const where =
  handle.kind === "pg"
    ? `PostgreSQL (${process.env.DATABASE_DIRECT_URL ? "DATABASE_DIRECT_URL" : "DATABASE_URL"})`
    : `embedded PGlite in ${path.resolve(dataDir)}`;
try {
  const applied = await migrateToLatest(handle.db);
  if (applied.length) process.stdout.write(`Applied migrations: ${applied.join(", ")}\n`);
  const outcome = await seedDemo(handle.db, { force });
  if (!outcome.ok) {
    process.stderr.write(
      `Refused: ${where} already has ${outcome.existingPeople} people. Demo data goes only into an empty database.\n` +
        `Run again with --force (npm run db:seed -- --force) to add the demo organisation and accounts next to them;\n` +
        `nothing existing is deleted or changed.\n`,
    );
    process.exitCode = 1;
  } else {
    const added =
      outcome.units + outcome.people ? `${outcome.units} org units and ${outcome.people} people added` : "it was all there already, nothing added";
    process.stdout.write(
      `Demo data in ${where}: ${added}.\n` +
        `Demo accounts (password ${demoPassword}):\n` +
        demoAccounts.map((a) => `  ${a.role.padEnd(10)} ${a.employeeNo.padEnd(9)} ${a.email.padEnd(29)} ${a.name}\n`).join(""),
    );
  }
} catch (error) {
  process.stderr.write(`Seeding ${where} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
