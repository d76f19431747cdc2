import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { inboxActionSchema } from "~/domain/notifications/inbox-schema";
import { inboxPage, markAllRead, markRead, type InboxNotice } from "~/domain/notifications/inbox.server";
import { shownCount } from "~/domain/notifications/unread";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { redirectWithNotice } from "~/web/notice.server";
import { getLocale, requireUser } from "~/web/session.server";
import inboxStyles from "~/styles/inbox.css";
import { inbox } from "~/i18n/messages/inbox";
import { notifications } from "~/i18n/messages/notifications";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [inbox, notifications] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: inboxStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("inbox.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  return inboxPage(context.db, user, await getLocale(request, context), page);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseForm(await readFormData(request), inboxActionSchema);
  if (submission.status !== "success") throw new Response(null, { status: 400 });
  const page = Number(new URL(request.url).searchParams.get("page"));
  const back = page > 1 ? `/notifications?page=${page}` : "/notifications";
  if (submission.value.intent === "all") {
    await markAllRead(context.db, user);
    return redirectWithNotice(request, back, "inbox.markedAllRead");
  }
  const result = await markRead(context.db, user, submission.value.id);
  if (!result.ok) throwRefusal(result);
  return redirectWithNotice(request, back, "inbox.markedRead");
}

/**
 * One notice: its title links through /notifications/:id, which marks it
 * read and opens its page — a whole page load, so the bell's count is fresh
 * there. Unread is said in words and by a bar and weight, never by colour
 * alone.
 */
function Notice({ notice }: { notice: InboxNotice }) {
  const t = useT();
  const format = useFormat();
  const titleId = `notice-${notice.id}`;
  return (
    <li className={notice.unread ? "notice-item notice-item--unread" : "notice-item"}>
      <p className="notice-item__head">
        {notice.unread ? <span className="badge notice-item__unread">{t("inbox.unread")}</span> : null}
        <a href={`/notifications/${notice.id}`} id={titleId} className="notice-item__title">
          {notice.title}
        </a>
      </p>
      <p className="notice-item__body">{notice.body}</p>
      <div className="notice-item__foot">
        <time dateTime={new Date(notice.createdAt).toISOString()}>{format.dateTime(notice.createdAt)}</time>
        {notice.unread ? (
          <Form method="post" className="notice-item__form">
            <input type="hidden" name="id" value={notice.id} />
            <button type="submit" name="intent" value="read" className="link-button" aria-describedby={titleId}>
              {t("inbox.markRead")}
            </button>
          </Form>
        ) : null}
      </div>
    </li>
  );
}

export default function Notifications() {
  const { notices, page, pageCount, unread } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page inbox">
      <div className="inbox__head">
        <h1>{t("inbox.title")}</h1>
        <Link to="/settings/notifications">{t("inbox.settingsLink")}</Link>
      </div>
      <p className="lede">{t("inbox.intro")}</p>
      {notices.length === 0 && page === 1 ? (
        <p className="card inbox__empty">{t("inbox.empty")}</p>
      ) : (
        <>
          <div className="inbox__status">
            <p>{unread ? t("inbox.unreadCount", { count: shownCount(unread) }) : t("inbox.allRead")}</p>
            {unread ? (
              <Form method="post">
                <button type="submit" name="intent" value="all" className="button">
                  {t("inbox.markAllRead")}
                </button>
              </Form>
            ) : null}
          </div>
          <ol className="notice-list" aria-label={t("inbox.list")}>
            {notices.map((n) => (
              <Notice key={n.id} notice={n} />
            ))}
          </ol>
          <Pagination page={page} pageCount={pageCount} />
        </>
      )}
    </div>
  );
}
