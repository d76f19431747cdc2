/**
 * A sending worker in a process of its own, for a test to kill mid-batch
 * (tests/integration/email-crash.test.ts): one run of deliverDueEmails over
 * the database in DATABASE_URL (or the PGlite folder in DATA_DIR) to the
 * mail server in SMTP_URL. Says "sending" when it starts and its run's
 * figures as one JSON line when it ends.
 *
 *   node --import tsx tests/support/email-sender.ts
 */
import { createDb } from "../../db/client";
import { deliverDueEmails } from "../../app/domain/notifications/email.server";
import { openMailer } from "../../app/mail/mailer.server";

const handle = await createDb(
  process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL, poolSize: 10 } : { dataDir: process.env.DATA_DIR! },
);
const mailer = openMailer({ smtpUrl: process.env.SMTP_URL, from: "Service Stars <stars@example.com>", publicUrl: "https://stars.example.com" });
process.stdout.write("sending\n");
const run = await deliverDueEmails(handle.db, mailer);
mailer.close();
await handle.close();
process.stdout.write(`${JSON.stringify(run)}\n`);
