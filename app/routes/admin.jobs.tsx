import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { cancelUnfinishedJob, jobsPage, retryFailedJob, type JobView } from "~/domain/jobs/jobs.server";
import { jobActionSchema } from "~/domain/jobs/schema";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useHasMessage, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import { jobs } from "~/i18n/messages/jobs";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [jobs] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("jobs.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await jobsPage(context.db, user);
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseForm(await readFormData(request), jobActionSchema);
  if (submission.status !== "success") throw new Response(null, { status: 400 });
  const { intent, queue, id } = submission.value;
  const result = intent === "retry" ? await retryFailedJob(context.db, user, queue, id) : await cancelUnfinishedJob(context.db, user, queue, id);
  if (!result.ok) {
    if (result.status === 403) throwRefusal(result);
    return data({ error: refusalText(await serverT(request, context), result) }, result.status);
  }
  return redirectWithNotice(request, "/admin/jobs", intent === "retry" ? "jobs.retried" : "jobs.cancelled");
}

/** A queue's name in the reader's language; one the portal does not name (a test's), as it is. */
function useQueueName() {
  const t = useT();
  const isMessageKey = useHasMessage();
  return (queue: string) => {
    const key = `jobs.queue.${queue}`;
    return isMessageKey(key) ? t(key) : queue;
  };
}

/**
 * Failed jobs (each with Retry) or unfinished ones (with their state, each
 * with Cancel). A button is a POST form, so it works without JavaScript; it
 * is described by its row's queue cell.
 */
function JobTable({ jobs, intent }: { jobs: JobView[]; intent: "retry" | "cancel" }) {
  const t = useT();
  const format = useFormat();
  const queueName = useQueueName();
  const withState = intent === "cancel";
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("jobs.col.queue")}</th>
            {withState ? <th scope="col">{t("jobs.col.state")}</th> : null}
            <th scope="col">{t("jobs.col.when")}</th>
            <th scope="col">{t("jobs.col.tries")}</th>
            <th scope="col">{t("jobs.col.error")}</th>
            <th scope="col">{t("jobs.col.action")}</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <td id={`job-${job.id}`}>
                {queueName(job.queue)}
                {job.importId !== null ? (
                  <>
                    <br />
                    <Link to={`/admin/imports/${job.importId}`}>{t("jobs.about.import", { id: String(job.importId) })}</Link>
                  </>
                ) : null}
              </td>
              {withState ? <td>{t(`jobs.state.${job.state as "waiting" | "retrying" | "running"}`)}</td> : null}
              <td>{format.dateTime(job.at)}</td>
              <td>{format.number(job.tries)}</td>
              {/* Errors are the operators' words, in English, whatever the page's language. */}
              <td>{job.error ? <code lang="en">{job.error}</code> : "—"}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="queue" value={job.queue} />
                  <input type="hidden" name="id" value={job.id} />
                  <button
                    type="submit"
                    name="intent"
                    value={intent}
                    className={withState ? "button danger" : "button"}
                    aria-describedby={`job-${job.id}`}
                  >
                    {t(intent === "retry" ? "jobs.retry" : "jobs.cancel")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function AdminJobs() {
  const { queues, failed, unfinished } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const format = useFormat();
  const queueName = useQueueName();
  return (
    <div className="page">
      <h1>{t("jobs.title")}</h1>
      <p className="lede">{t("jobs.intro")}</p>
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {actionData.error}
        </p>
      ) : null}

      <section aria-labelledby="queues-title">
        <h2 id="queues-title">{t("jobs.queues.title")}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("jobs.col.queue")}</th>
                <th scope="col">{t("jobs.col.waiting")}</th>
                <th scope="col">{t("jobs.col.running")}</th>
                <th scope="col">{t("jobs.col.failed")}</th>
                <th scope="col">{t("jobs.col.done")}</th>
              </tr>
            </thead>
            <tbody>
              {queues.map((q) => (
                <tr key={q.queue} id={`queue-${q.queue}`}>
                  <th scope="row">{queueName(q.queue)}</th>
                  <td>{format.number(q.waiting)}</td>
                  <td>{format.number(q.running)}</td>
                  <td>{format.number(q.failed)}</td>
                  <td>{format.number(q.done)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="failed-title">
        <h2 id="failed-title">{t("jobs.failed.title")}</h2>
        {failed.length === 0 ? <p>{t("jobs.failed.none")}</p> : <JobTable jobs={failed} intent="retry" />}
      </section>

      <section aria-labelledby="unfinished-title">
        <h2 id="unfinished-title">{t("jobs.unfinished.title")}</h2>
        {unfinished.length === 0 ? (
          <p>{t("jobs.unfinished.none")}</p>
        ) : (
          <>
            <p className="hint">{t("jobs.unfinished.hint")}</p>
            <JobTable jobs={unfinished} intent="cancel" />
          </>
        )}
      </section>
    </div>
  );
}
