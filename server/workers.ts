import type { Db } from "../db/client";
import type { JobHandler } from "../app/jobs/engine.server";
import { auditSeal, campaignPhases, rateLimitPrune } from "../app/jobs/queues";
import { sealAudit } from "../app/domain/audit/audit.server";
import { pruneRateLimits } from "../app/domain/auth/rate-limit.server";
import { applyScheduledTransitions } from "../app/domain/campaigns/transitions.server";
import { log } from "../app/log.server";

// What each queue runs (decision 0035): one domain use-case per queue, each
// idempotent — a job tried again after a crash, a time-out or an
// administrator's Retry changes nothing the try before it did. The queues,
// their retries and schedules are app/jobs/queues.ts.

export function workers(db: Db): Record<string, JobHandler> {
  return {
    // A campaign's phase opens on its scheduled date-time. Each step re-reads the status under the campaign's lock, so a second run finds nothing due.
    [campaignPhases.name]: async () => {
      const moves = await applyScheduledTransitions(db, new Date());
      if (moves.length) log("info", "campaign phases opened on schedule", { moves });
      return { moves: moves.length };
    },
    // Chains what was written since the last seal; a second run finds nothing left (decision 0011).
    [auditSeal.name]: async () => ({ sealed: await sealAudit(db) }),
    // Deletes counters past their use; a second run finds none.
    [rateLimitPrune.name]: async () => {
      await pruneRateLimits(db);
    },
  };
}
