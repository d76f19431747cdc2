import type { Db } from "../../../db/client";
import { cancelJob, failedJobs, findJob, queueCounts, retryJob, unfinishedJobs, type JobRow, type QueueCounts } from "~/jobs/engine.server";
import { importFile } from "~/jobs/queues";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { abandonImport, importIdOf } from "../import/import.server";
import { err, ok, type Result } from "../result";

// What administrators see of the background work, and their two actions on
// it (decision 0037): Retry a failed job, Cancel one not finished. Both are
// audited in the transaction that changes the job.

/** How many jobs each list shows, newest failures first. */
export const jobListLength = 50;

export interface JobView {
  id: string;
  queue: string;
  state: JobRow["state"];
  error: string | null;
  tries: number;
  /** When it failed (failed, retrying) or last started (running); for a waiting job, when it was sent. */
  at: Date;
  /** What it works on, when the page can link to it. */
  importId: number | null;
}

export interface JobsPage {
  queues: QueueCounts[];
  failed: JobView[];
  unfinished: JobView[];
}

function view(job: JobRow): JobView {
  return {
    id: job.id,
    queue: job.queue,
    state: job.state,
    error: job.error,
    tries: job.tries,
    at: job.at ?? job.createdAt,
    importId: job.queue === importFile.name ? importIdOf(job.data) : null,
  };
}

/** The queues with their counts, the failed jobs and the unfinished ones. Administrators only. */
export async function jobsPage(db: Db, user: User): Promise<Result<JobsPage>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const [queues, failed, unfinished] = await Promise.all([queueCounts(db), failedJobs(db, jobListLength), unfinishedJobs(db, jobListLength)]);
  return ok({ queues, failed: failed.map(view), unfinished: unfinished.map(view) });
}

/** A failed job is tried once more. Administrators only. */
export async function retryFailedJob(db: Db, user: User, queue: string, id: string): Promise<Result<{ queue: string }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const job = await findJob(trx, queue, id);
    if (!job) return err("jobs.notFound", 404);
    if (!(await retryJob(trx, queue, id))) return err("jobs.notFailed", 409);
    await audit(trx, user, { action: "job.retried", subjectType: "job", subjectId: id, after: { queue, tries: job.tries, error: job.error } });
    return ok({ queue });
  });
}

/**
 * A job not finished is not tried (again); a try under way is not
 * interrupted. An import whose job is cancelled is failed as cancelled: it
 * would otherwise wait for ever. Administrators only.
 */
export async function cancelUnfinishedJob(db: Db, user: User, queue: string, id: string): Promise<Result<{ queue: string }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const job = await findJob(trx, queue, id);
    if (!job) return err("jobs.notFound", 404);
    if (!(await cancelJob(trx, queue, id))) return err("jobs.finished", 409);
    const importId = view(job).importId;
    if (importId !== null) await abandonImport(trx, importId, "import.error.cancelled");
    await audit(trx, user, { action: "job.cancelled", subjectType: "job", subjectId: id, after: { queue, state: job.state } });
    return ok({ queue });
  });
}
