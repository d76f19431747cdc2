import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/i18n/meta";
import { myData } from "~/i18n/messages/my-data";
import type { PageHandle } from "~/i18n/page";
import { useT } from "~/i18n/react";
import { requireUser } from "~/web/session.server";

// /settings/my-data (issue 19, item 5): what the portal holds about the
// person, why and for how long, and the link that downloads all of it
// (/settings/my-data.json). A plain link: it works without JavaScript.

export const handle = { messages: [myData] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("myData.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return { days: context.retention.networkDays, hours: context.retention.uploadAbandonedHours };
}

const held = [
  "myData.held.profile",
  "myData.held.nominations",
  "myData.held.congratulations",
  "myData.held.sessions",
  "myData.held.signIns",
  "myData.held.notifications",
  "myData.held.audit",
  "myData.held.uploads",
  "myData.held.ballots",
] as const;

export default function MyData() {
  const { days, hours } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page my-data">
      <h1>{t("myData.title")}</h1>
      <p className="lede">{t("myData.intro")}</p>
      <p>
        {/* A document request, not the client router: the answer is a file to save. */}
        <a className="button primary" href="/settings/my-data.json" download>
          {t("myData.download")}
        </a>
      </p>
      <p className="hint">{t("myData.downloadHint")}</p>
      <section aria-labelledby="my-data-held">
        <h2 id="my-data-held">{t("myData.held.title")}</h2>
        <ul>
          {held.map((key) => (
            <li key={key}>{t(key, { days, hours })}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="my-data-not-held">
        <h2 id="my-data-not-held">{t("myData.notHeld.title")}</h2>
        <p>{t("myData.notHeld.body")}</p>
      </section>
      <section aria-labelledby="my-data-change">
        <h2 id="my-data-change">{t("myData.change.title")}</h2>
        <p>{t("myData.change.body")}</p>
      </section>
      <p>
        <Link to="/settings/notifications">{t("myData.notificationSettings")}</Link>
      </p>
    </div>
  );
}
