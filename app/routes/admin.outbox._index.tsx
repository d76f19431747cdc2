import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { emailDelivery, outboxPage, type EmailDelivery, type EmailProblem } from "~/domain/notifications/outbox.server";
import { sendAgainSchema } from "~/domain/notifications/resend-schema";
import { sendEmailAgain, sendFailedEmailsAgain, type SentAgain } from "~/domain/notifications/resend.server";
import type { MessageKey, Vars } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useT } from "~/i18n/react";
import { mail } from "~/i18n/messages/mail";
import type { PageHandle } from "~/i18n/page";
import styles from "~/styles/outbox.css";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";

export const handle = { messages: [mail] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("mail.emails.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const delivery = await emailDelivery(context.db, user);
  if (!delivery.ok) throwRefusal(delivery);
  const outbox = await outboxPage(context.db, user, Number(new URL(request.url).searchParams.get("page")) || 1);
  if (!outbox.ok) throwRefusal(outbox);
  return { delivery: delivery.value, outbox: outbox.value };
}

/** Send again: one email (in doubt: only with its box ticked) or every failed one; the notice says what went and what was cancelled. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseForm(await readFormData(request), sendAgainSchema);
  if (submission.status !== "success") throw new Response(null, { status: 400 });
  const form = submission.value;
  const result =
    form.intent === "all" ? await sendFailedEmailsAgain(context.db, user) : await sendEmailAgain(context.db, user, form.id, form.confirmed ?? false);
  if (!result.ok) {
    if (result.status === 403) throwRefusal(result);
    return data({ error: refusalText(await serverT(request, context), result), id: form.intent === "one" ? form.id : null }, result.status);
  }
  return redirectWithNotice(request, "/admin/outbox", ...sentAgainNotice(result.value));
}

/** What went back in the queue, and which reminders were cancelled instead. */
function sentAgainNotice({ queued, cancelled }: SentAgain): [MessageKey, Vars] {
  if (queued && cancelled) return ["mail.again.queuedAndCancelled", { count: queued, cancelled }];
  if (cancelled) return ["mail.again.cancelled", { count: cancelled }];
  if (queued) return ["mail.again.queued", { count: queued }];
  return ["mail.again.nothing", {}];
}

/**
 * A problem's Send again: a POST form, so it works without JavaScript, its
 * button named by the row's kind and date. One in doubt may have arrived:
 * its box says the administrator checked it did not, or accepts a copy more.
 */
function SendAgain({ problem, error }: { problem: EmailProblem; error: string | null }) {
  const t = useT();
  const format = useFormat();
  const boxId = `again-confirm-${problem.id}`;
  const errorId = `again-error-${problem.id}`;
  return (
    <Form method="post" className="outbox-again">
      <input type="hidden" name="id" value={problem.id} />
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
      {problem.status === "in_doubt" ? (
        <label className="checkbox" htmlFor={boxId}>
          <input id={boxId} type="checkbox" name="confirmed" aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} />
          {t("mail.again.confirmBox")}
        </label>
      ) : null}
      <button
        type="submit"
        name="intent"
        value="one"
        className="button"
        aria-label={t("mail.again.buttonLabel", { kind: t(`mail.kind.${problem.kind}`), at: format.dateTime(problem.announcedAt) })}
      >
        {t("mail.again.button")}
      </button>
    </Form>
  );
}

/** How the email channel is doing: where emails go, counts by state, and what failed or is in doubt (never sent again by itself). */
function Delivery({ delivery }: { delivery: EmailDelivery }) {
  const actionData = useActionData<typeof action>();
  const errorFor = (id: string) => (actionData?.id === id ? actionData.error : null);
  const t = useT();
  const format = useFormat();
  const counts = [
    ["mail.delivery.waiting", delivery.waiting],
    ["mail.delivery.sentLastDay", delivery.sentLastDay],
    ["mail.delivery.failed", delivery.failed],
    ["mail.delivery.inDoubt", delivery.inDoubt],
  ] as const;
  return (
    <section aria-labelledby="delivery-title" className="stack">
      <h2 id="delivery-title">{t("mail.delivery.title")}</h2>
      <p>
        {delivery.target === "outbox" ? (
          t("mail.delivery.target.outbox")
        ) : (
          <>
            {t("mail.delivery.target.smtp")} <code lang="en">{delivery.target}</code>
          </>
        )}
      </p>
      <dl className="outbox-counts" aria-label={t("mail.delivery.counts")}>
        {counts.map(([key, count]) => (
          <div key={key} className="outbox-count">
            <dt>{t(key)}</dt>
            <dd>{format.number(count)}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">{t("mail.delivery.explain")}</p>
      <h3>{t("mail.delivery.problems")}</h3>
      {actionData?.error && !delivery.problems.some((p) => p.id === actionData.id) ? (
        <p className="form-error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {delivery.failed + delivery.inDoubt > 0 ? <p className="hint">{t("mail.again.explain")}</p> : null}
      {delivery.failed > 0 ? (
        <Form method="post">
          <button type="submit" name="intent" value="all" className="button">
            {t("mail.again.all", { count: delivery.failed })}
          </button>
        </Form>
      ) : null}
      {delivery.problems.length === 0 ? (
        <p>{t("mail.delivery.noProblems")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("mail.delivery.column.announced")}</th>
                <th scope="col">{t("mail.delivery.column.kind")}</th>
                <th scope="col">{t("mail.delivery.column.recipient")}</th>
                <th scope="col">{t("mail.delivery.column.status")}</th>
                <th scope="col">{t("mail.delivery.column.tries")}</th>
                <th scope="col">{t("mail.delivery.column.error")}</th>
                <th scope="col">{t("mail.delivery.column.again")}</th>
              </tr>
            </thead>
            <tbody>
              {delivery.problems.map((p) => (
                <tr key={p.id}>
                  <td>{format.dateTime(p.announcedAt)}</td>
                  <td>{t(`mail.kind.${p.kind}`)}</td>
                  <td>
                    {p.recipient ? (
                      <Link to={`/admin/people/${encodeURIComponent(p.recipient.employeeNo)}`} lang="zh-CN">
                        {p.recipient.name}
                      </Link>
                    ) : (
                      <em>{t("mail.delivery.withheld")}</em>
                    )}
                  </td>
                  <td>{t(p.status === "failed" ? "mail.delivery.failed" : "mail.delivery.inDoubt")}</td>
                  <td>{format.number(p.tries)}</td>
                  {/* The mail server's words, in English, whatever the page's language. */}
                  <td>{p.error ? <code lang="en">{p.error}</code> : "—"}</td>
                  <td>
                    <SendAgain problem={p} error={errorFor(p.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * Each kept email as its recipient would get it: the headers, the HTML part
 * rendered in a sandboxed frame (its own page, /admin/outbox/:id/preview,
 * with a policy that allows its inline styles and nothing else), and both
 * parts as text. No script: the frame and the <details> work without one.
 */
export default function AdminOutbox() {
  const { delivery, outbox } = useLoaderData<typeof loader>();
  const { emails, total, page, pageCount } = outbox;
  const t = useT();
  const format = useFormat();
  return (
    <div className="page">
      <h1>{t("mail.emails.title")}</h1>
      <Delivery delivery={delivery} />
      <section aria-labelledby="outbox-title" className="stack">
        <h2 id="outbox-title">{t("mail.outbox.title")}</h2>
        <p className="lede">{t("mail.outbox.intro")}</p>
        {emails.length === 0 ? (
          <p>{t("mail.outbox.empty")}</p>
        ) : (
          <>
            <p className="hint">{t("mail.outbox.count", { count: total })}</p>
            <ol className="outbox stack" aria-label={t("mail.outbox.title")}>
              {emails.map((email) => (
                <li key={email.id} className="card stack" id={`email-${email.id}`}>
                  <h3 lang={email.headers["Content-Language"] || undefined}>{email.subject}</h3>
                  <dl className="outbox-facts">
                    <dt>{t("mail.outbox.kept")}</dt>
                    <dd>{format.dateTime(email.keptAt)}</dd>
                    <dt>{t("mail.outbox.to")}</dt>
                    <dd>{email.to ?? <em>{t("mail.outbox.withheld")}</em>}</dd>
                  </dl>
                  <details>
                    <summary>{t("mail.outbox.headers")}</summary>
                    <pre className="outbox-source" lang="en">
                      {Object.entries(email.headers)
                        .map(([name, value]) => `${name}: ${value}`)
                        .join("\n")}
                    </pre>
                  </details>
                  <h4>{t("mail.outbox.preview")}</h4>
                  <iframe
                    className="outbox-preview"
                    src={`/admin/outbox/${email.id}/preview`}
                    title={t("mail.outbox.previewTitle", { subject: email.subject })}
                    sandbox=""
                    loading="lazy"
                    referrerPolicy="no-referrer"
                  />
                  <details>
                    <summary>{t("mail.outbox.text")}</summary>
                    <pre className="outbox-source" lang={email.headers["Content-Language"] || undefined}>
                      {email.text}
                    </pre>
                  </details>
                  <details>
                    <summary>{t("mail.outbox.html")}</summary>
                    <pre className="outbox-source" lang="en">
                      {email.html}
                    </pre>
                  </details>
                </li>
              ))}
            </ol>
            <Pagination page={page} pageCount={pageCount} />
          </>
        )}
      </section>
    </div>
  );
}
