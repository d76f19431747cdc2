/** Says once, loudly, which database the integration tests run on. */
export default function setup() {
  const where = process.env.TEST_DATABASE_URL
    ? `PostgreSQL at ${new URL(process.env.TEST_DATABASE_URL).host}`
    : "embedded PGlite (set TEST_DATABASE_URL to use a PostgreSQL server)";
  process.stdout.write(`\n[tests] database: ${where}\n`);
}
