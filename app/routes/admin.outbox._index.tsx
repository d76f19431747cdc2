import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { outboxPage } from "~/domain/notifications/outbox.server";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useT } from "~/i18n/react";
import { mail } from "~/i18n/messages/mail";
import type { PageHandle } from "~/i18n/page";
import styles from "~/styles/outbox.css";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";

export const handle = { messages: [mail] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("mail.outbox.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await outboxPage(context.db, user, Number(new URL(request.url).searchParams.get("page")) || 1);
  if (!result.ok) throwRefusal(result);
  return result.value;
}

/**
 * Each kept email as its recipient would get it: the headers, the HTML part
 * rendered in a sandboxed frame (its own page, /admin/outbox/:id/preview,
 * with a policy that allows its inline styles and nothing else), and both
 * parts as text. No script: the frame and the <details> work without one.
 */
export default function AdminOutbox() {
  const { emails, total, page, pageCount } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <div className="page">
      <h1>{t("mail.outbox.title")}</h1>
      <p className="lede">{t("mail.outbox.intro")}</p>
      {emails.length === 0 ? (
        <p>{t("mail.outbox.empty")}</p>
      ) : (
        <>
          <p className="hint">{t("mail.outbox.count", { count: total })}</p>
          <ol className="outbox stack" aria-label={t("mail.outbox.title")}>
            {emails.map((email) => (
              <li key={email.id} className="card stack" id={`email-${email.id}`}>
                <h2 lang={email.headers["Content-Language"] || undefined}>{email.subject}</h2>
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
                <h3>{t("mail.outbox.preview")}</h3>
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
    </div>
  );
}
