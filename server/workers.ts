import type { Db } from "../db/client";
import type { JobHandler } from "../app/jobs/engine.server";
import {
  abandonedPhotos,
  auditSeal,
  campaignPhases,
  deliverEmails,
  deliverRobotMessages,
  importFailed,
  importFile,
  networkRetention,
  notifyDaily,
  privacyScan,
  rateLimitPrune,
  votingReminders,
} from "../app/jobs/queues";
import { sealAudit } from "../app/domain/audit/audit.server";
import { pruneRateLimits } from "../app/domain/auth/rate-limit.server";
import { pruneSamlState } from "../app/domain/identity/saml.server";
import { forgetNetworkDetails } from "../app/domain/auth/retention.server";
import { defaultRetention, type RetentionSettings } from "../app/domain/retention";
import { applyScheduledTransitions } from "../app/domain/campaigns/transitions.server";
import { abandonImport, importIdOf, runImport } from "../app/domain/import/import.server";
import { removeAbandonedPhotos } from "../app/domain/media/abandoned.server";
import { announceJobFailed, announceReviewWaiting, announceVotingReminders } from "../app/domain/notifications/events.server";
import { deliverDueRobotMessages } from "../app/domain/notifications/robot-delivery.server";
import { readRobotSettings } from "../app/domain/notifications/robot-settings";
import { deliverDueEmails, sendDigests } from "../app/domain/notifications/email.server";
import { openMailer } from "../app/mail/mailer.server";
import { readMailSettings, type MailSettings } from "../app/mail/settings";
import { scanStoredText } from "../app/domain/privacy/scan.server";
import { log } from "../app/log.server";

// What each queue runs (decision 0037): one domain use-case per queue, each
// idempotent — a job tried again after a crash, a time-out or an
// administrator's Retry changes nothing the try before it did. The queues,
// their retries and schedules are app/jobs/queues.ts.

export function workers(
  db: Db,
  mail: MailSettings = readMailSettings({}),
  retention: RetentionSettings = defaultRetention,
): Record<string, JobHandler> {
  return {
    // A campaign's phase opens on its scheduled date-time. Each step re-reads the status under the campaign's lock, so a second run finds nothing due.
    [campaignPhases.name]: async () => {
      const moves = await applyScheduledTransitions(db, new Date());
      if (moves.length) log("info", "campaign phases opened on schedule", { moves });
      return { moves: moves.length };
    },
    // Chains what was written since the last seal; a second run finds nothing left (decision 0011).
    [auditSeal.name]: async () => ({ sealed: await sealAudit(db) }),
    // Deletes counters past their use, and SAML's requests and assertions past theirs; a second run finds none.
    [rateLimitPrune.name]: async () => {
      await pruneRateLimits(db);
      await pruneSamlState(db);
    },
    // Photos of forms never saved, a day (UPLOAD_ABANDONED_HOURS) after their last upload; a second run finds none.
    [abandonedPhotos.name]: async () => ({ removed: await removeAbandonedPhotos(db, retention.uploadAbandonedHours) }),
    // Sessions' user agents, RETENTION_NETWORK_DAYS after the sign-in; a second run finds none left.
    [networkRetention.name]: async () => ({ sessions: await forgetNetworkDetails(db, retention.networkDays) }),
    // From the start on every try; an import already done or failed is skipped, and applying is one transaction.
    [importFile.name]: async (job) => {
      const outcome = await runImport(db, importOf(job.data), job.signal);
      return { status: outcome.status };
    },
    // Every try of an import's job failed or died: the import says so (a second run finds it failed already).
    [importFailed.name]: async (job) => ({ failed: await abandonImport(db, importOf(job.data), "import.error.interrupted") }),
    // Each non-voter of a campaign whose reminder time has come is told once (the event's key); a second run finds them told.
    [votingReminders.name]: async () => ({ told: await announceVotingReminders(db, new Date()) }),
    // The group robots' due messages, each robot within its platform's rate limit; each is claimed before it is sent, so a second run sends none again.
    [deliverRobotMessages.name]: async (job) => deliverDueRobotMessages(db, { settings: readRobotSettings() }, job.signal),
    // Every email that is due, through SMTP_URL or into the outbox; each claimed before it is handed over, so a retry or a second instance never sends one twice (decision 0039).
    [deliverEmails.name]: async (job) => {
      const mailer = openMailer(mail);
      try {
        const run = await deliverDueEmails(db, mailer, { signal: job.signal });
        // Failed, so /admin/jobs shows it; what was not sent waits for the next run.
        if (run.unreachable) throw new Error(`the mail server could not be reached: ${run.unreachable}`);
        return run;
      } finally {
        mailer.close();
      }
    },
    // Every stored free text checked for personal data; each batch replaces its rows' findings, so a second run writes the same (decision 0042).
    [privacyScan.name]: async (job) => scanStoredText(db, { signal: job.signal }),
    // At 08:00 in Beijing: the committee's count of nominations waiting for review (keyed by the day), then the digest emails; a second run adds nothing and finds none left.
    [notifyDaily.name]: async (job) => {
      const reviewers = await announceReviewWaiting(db, new Date());
      const mailer = openMailer(mail);
      try {
        const digests = await sendDigests(db, mailer, { signal: job.signal });
        if (digests.unreachable || digests.retried)
          throw new Error(`some digests were not handed over and wait for the next try: ${digests.unreachable ?? "refused for now"}`);
        return { reviewers, digests };
      } finally {
        mailer.close();
      }
    },
  };
}

function importOf(data: unknown): number {
  const id = importIdOf(data);
  if (id === null) throw new Error(`not an import job: ${JSON.stringify(data)}`);
  return id;
}

/** A job whose last try failed: administrators are told which queue and why (notifications, decision 0039). */
export function onFailedForGood(db: Db) {
  return async (job: { id: string; queue: string; error: string }) => {
    await db.transaction().execute((trx) => announceJobFailed(trx, job));
  };
}
