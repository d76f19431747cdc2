// Every queue of background work, its retries and its schedule (decision 0037).
// Which use-case each one runs is server/workers.ts; the engine that keeps
// them is app/jobs/engine.server.ts. Names are the queues' names in the
// database and on /admin/jobs: rename one only with a migration of its jobs.

export interface QueueDefinition {
  name: string;
  /**
   * "standard": every job sent runs. "stately": at most one waiting and one
   * running at a time — a schedule that fires while its last run still
   * works, or twice, adds nothing.
   */
  policy: "standard" | "stately";
  /** Tries after the first; then the job is failed (and shown on /admin/jobs). */
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) for each next one. */
  retryDelaySeconds: number;
  /**
   * How long one run may take. A run still going then is told to stop (its
   * AbortSignal) and the job is retried: also how a job whose worker died
   * without a trace is found at the latest (decision 0037).
   */
  expireInSeconds: number;
  /** Cron (UTC): sent once per tick across every instance. */
  cron?: string;
  /** Also sent when a worker instance starts (a "stately" queue keeps one of them), so what fell due while none ran is done at once. */
  atStart?: boolean;
  /** Where a job goes once it has failed for good: a queue that records why. */
  deadLetter?: string;
  /**
   * Jobs a worker takes at once (default 1). A queue of many small jobs — a
   * fan-out — takes them in batches: one statement fetches a batch, one
   * completes the jobs that succeeded, and a full batch is followed at once
   * by the next rather than after the polling interval. Each job still
   * succeeds, fails and is retried on its own. A batch's jobs share one
   * clock: all of a batch must finish within expireInSeconds of its fetch.
   */
  batchSize?: number;
  /** How many jobs of a batch run at once (default 1: one after another). */
  concurrency?: number;
}

const schedule = { policy: "stately", retryLimit: 2, retryDelaySeconds: 5, expireInSeconds: 300 } as const;

/** A campaign phase whose scheduled date-time has come is opened: checked every minute. */
export const campaignPhases: QueueDefinition = { name: "campaign-phases", ...schedule, cron: "* * * * *", atStart: true };

/** Audit entries written since the last seal are chained (decision 0011): every minute. */
export const auditSeal: QueueDefinition = { name: "audit-seal", ...schedule, cron: "* * * * *", atStart: true };

/** Sign-in counters older than they matter are deleted: hourly. */
export const rateLimitPrune: QueueDefinition = { name: "rate-limit-prune", ...schedule, cron: "7 * * * *" };

/** Photos uploaded to nomination forms that were never saved are deleted after a day: hourly. */
export const abandonedPhotos: QueueDefinition = { name: "abandoned-photos", ...schedule, cron: "23 * * * *" };

/**
 * The browser (user agent) a session was opened with is forgotten
 * RETENTION_NETWORK_DAYS after the sign-in (docs/privacy.md): daily, at
 * 03:17 in Beijing.
 */
export const networkRetention: QueueDefinition = { name: "network-retention", ...schedule, cron: "17 19 * * *" };

/** An import whose every try failed (or whose worker died each time) is marked failed with that reason. */
export const importFailed: QueueDefinition = {
  name: "import-failed",
  policy: "standard",
  retryLimit: 5,
  retryDelaySeconds: 10,
  expireInSeconds: 60,
};

/**
 * A CSV import: checked, staged and applied in one transaction (decision 0005).
 * 50,000 rows take 3–11 s (docs/benchmarks.md); the largest file allowed
 * about four times that.
 */
export const importFile: QueueDefinition = {
  name: "import",
  policy: "standard",
  retryLimit: 2,
  retryDelaySeconds: 5,
  expireInSeconds: 600,
  deadLetter: importFailed.name,
};

/**
 * Notifications' emails that are due (decision 0039): nudged by every
 * announcement that writes some, and every minute for what waited (quiet
 * hours, a retry's delay). One run at a time across instances sends every
 * due email, many at once; each is claimed before it is handed to the mail
 * server, so no retry or second instance sends it again.
 */
export const deliverEmails: QueueDefinition = { ...schedule, name: "notify-email", expireInSeconds: 900, cron: "* * * * *", atStart: true };

/** Group robots' messages that are due, each robot within its platform's rate limit (20 a minute): as deliverEmails. */
export const deliverRobotMessages: QueueDefinition = { ...schedule, name: "notify-robots", expireInSeconds: 900, cron: "* * * * *", atStart: true };

/** The daily digest emails of those who chose one, and the committee's nominations waiting for review: 08:00 in Beijing. */
export const notifyDaily: QueueDefinition = { ...schedule, name: "notify-daily", cron: "0 0 * * *" };

/** Reminders to vote for those who have not, when a campaign's reminder time has come: checked every five minutes. */
export const votingReminders: QueueDefinition = { ...schedule, name: "voting-reminders", cron: "*/5 * * * *", atStart: true };

/**
 * Every stored free text checked for personal data (decision 0042): daily at
 * 02:30 in Beijing, and when an administrator asks ("Scan now" on
 * /admin/privacy). 100,000 stories take minutes, not hours: an hour is ample.
 */
export const privacyScan: QueueDefinition = { ...schedule, name: "privacy-scan", expireInSeconds: 3_600, cron: "30 18 * * *" };

/** In the order they are created: a dead-letter queue before the queue that names it. */
export const queues: readonly QueueDefinition[] = [
  campaignPhases,
  auditSeal,
  rateLimitPrune,
  abandonedPhotos,
  networkRetention,
  importFailed,
  importFile,
  deliverEmails,
  deliverRobotMessages,
  notifyDaily,
  votingReminders,
  privacyScan,
];
