import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useHydrated } from "~/components/hydrated";
import { getImport } from "~/domain/import/import.server";
import { importErrorText } from "~/domain/import/report";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";
import { importMessages } from "~/i18n/messages/import";
import { metrics } from "~/i18n/messages/metrics";
import type { PageHandle } from "~/i18n/page";

// The metric values' checks (shared with the API) report in the metrics area's words.
export const handle = { messages: [importMessages, metrics] } satisfies PageHandle;

const kindLabel = { people: "import.kind.people", org: "import.kind.org", metrics: "import.kind.metrics" } as const;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t) => (data?.job ? t("import.job.title", { id: String(data.job.id), file: data.job.fileName }) : t("import.title")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await getImport(context.db, user, Number(params.id));
  if (!result.ok) throwRefusal(result);
  // With JavaScript the page polls unless ?refresh=off. Without it, the page
  // reloads itself only when the person asked for that (?refresh=auto): an
  // unrequested <meta refresh> fails WCAG 2.2.1 (timing adjustable).
  const param = new URL(request.url).searchParams.get("refresh");
  const refresh = param === "off" ? "off" : param === "auto" ? "auto" : "script";
  return { job: result.value, refresh };
}

const pollMs = 1500;

export default function ImportJob() {
  const { job, refresh } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const location = useLocation();
  const { revalidate } = useRevalidator();
  const hydrated = useHydrated();
  const running = job.status !== "done" && job.status !== "failed";
  const polling = running && refresh !== "off";

  // With JavaScript: reload the data (not the page) while the job runs.
  useEffect(() => {
    if (!polling) return;
    const timer = setTimeout(revalidate, pollMs);
    return () => clearTimeout(timer);
  }, [job, polling, revalidate]);

  const staging = job.status === "staging" && job.totalRows ? { done: job.processedRows, total: job.totalRows } : null;
  const summary = job.summary;
  return (
    <div className="page">
      {running && refresh === "auto" ? (
        // Without JavaScript the browser refreshes the page itself. Inside
        // <noscript> as raw HTML, so a browser running scripts never sees it.
        <noscript dangerouslySetInnerHTML={{ __html: `<meta http-equiv="refresh" content="2">` }} />
      ) : null}
      <h1>{t("import.job.title", { id: String(job.id), file: job.fileName })}</h1>
      <dl className="facts">
        <div>
          <dt>{t("import.job.kind")}</dt>
          <dd>{t(kindLabel[job.kind])}</dd>
        </div>
        <div>
          <dt>{t("import.job.mode")}</dt>
          <dd>{t(job.mode === "full" ? "import.mode.full" : "import.mode.merge")}</dd>
        </div>
        <div>
          <dt>{t("import.job.by")}</dt>
          <dd>
            {job.createdBy.name} ({job.createdBy.employeeNo})
          </dd>
        </div>
        <div>
          <dt>{t("import.job.at")}</dt>
          <dd>{format.dateTime(job.createdAt)}</dd>
        </div>
        {job.encoding ? (
          <div>
            <dt>{t("import.job.encoding")}</dt>
            <dd>{t(`import.encoding.${job.encoding}`)}</dd>
          </div>
        ) : null}
        {job.totalRows !== null ? (
          <div>
            <dt>{t("import.job.rows")}</dt>
            <dd>{format.number(job.totalRows)}</dd>
          </div>
        ) : null}
        {job.finishedAt ? (
          <div>
            <dt>{t("import.job.finishedAt")}</dt>
            <dd>{format.dateTime(job.finishedAt)}</dd>
          </div>
        ) : null}
      </dl>

      {/* One live region that stays put, so each change of phase is announced once. */}
      <p className="import-status" role="status">
        <strong>{t(`import.status.${job.status}`)}</strong>
      </p>
      {running ? (
        <section className="card stack">
          <label id="import-progress-label" htmlFor="import-progress">
            {t("import.job.progress")}
          </label>
          {staging ? (
            <progress id="import-progress" max={staging.total} value={staging.done}>
              {format.number(Math.floor((staging.done / staging.total) * 100))}%
            </progress>
          ) : (
            <progress id="import-progress" />
          )}
          <p>
            {staging
              ? t("import.job.staging", staging)
              : t(job.status === "applying" ? "import.job.applying" : job.status === "checking" ? "import.job.checking" : "import.job.queued")}
          </p>
          <p className="hint">
            {refresh === "script" ? (
              <>
                {hydrated ? (
                  <span>
                    {t("import.job.autoRefresh")} <Link to={`${location.pathname}?refresh=off`}>{t("import.job.stopRefresh")}</Link>
                  </span>
                ) : null}
                <noscript>
                  <a href={location.pathname}>{t("import.job.refresh")}</a>{" "}
                  <a href={`${location.pathname}?refresh=auto`}>{t("import.job.startRefresh")}</a>
                </noscript>
              </>
            ) : refresh === "auto" ? (
              <>
                {t("import.job.autoRefresh")} <Link to={`${location.pathname}?refresh=off`}>{t("import.job.stopRefresh")}</Link>
              </>
            ) : (
              <>
                <Link to={`${location.pathname}?refresh=off`}>{t("import.job.refresh")}</Link>{" "}
                <Link to={location.pathname}>{t("import.job.startRefresh")}</Link>
              </>
            )}
          </p>
        </section>
      ) : null}

      {job.status === "done" && summary ? (
        <section className="card" aria-labelledby="import-done">
          <h2 id="import-done">{t("import.job.done")}</h2>
          <dl className="facts">
            <div>
              <dt>{t("import.job.created")}</dt>
              <dd>{format.number(summary.created)}</dd>
            </div>
            <div>
              <dt>{t(job.kind === "metrics" ? "metrics.import.replaced" : "import.job.updated")}</dt>
              <dd>{format.number(summary.updated)}</dd>
            </div>
            <div>
              <dt>{t("import.job.unchanged")}</dt>
              <dd>{format.number(summary.unchanged)}</dd>
            </div>
            {job.kind === "people" && job.mode === "full" ? (
              <div>
                <dt>{t("import.job.left")}</dt>
                <dd>{format.number(summary.left)}</dd>
              </div>
            ) : null}
            {job.kind === "org" && job.mode === "full" ? (
              <div>
                <dt>{t("import.job.absent")}</dt>
                <dd>{format.number(summary.absent)}</dd>
              </div>
            ) : null}
          </dl>
          {summary.ignoredColumns.length ? (
            <p className="hint">{t("import.job.ignoredColumns", { columns: summary.ignoredColumns.join(", ") })}</p>
          ) : null}
        </section>
      ) : null}

      {job.status === "failed" ? (
        <section aria-labelledby="import-errors">
          <div className="form-error" role="alert">
            <p>{t("import.job.failed")}</p>
          </div>
          <h2 id="import-errors">{t("import.job.errors.title")}</h2>
          {job.errorCount > job.errors.length ? (
            <p className="hint">{t("import.job.errors.shown", { shown: job.errors.length, total: job.errorCount })}</p>
          ) : null}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("import.job.errors.line")}</th>
                  <th scope="col">{t("import.job.errors.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {job.errors.map((e, i) => (
                  <tr key={i}>
                    <td>{e.line ?? t("import.job.errors.wholeFile")}</td>
                    <td>{importErrorText(t, e)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <p>
        <Link to="/admin/import">{t("import.job.back")}</Link>
      </p>
    </div>
  );
}
