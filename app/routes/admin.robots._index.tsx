import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RobotCard } from "~/components/robots";
import { robotsPage } from "~/domain/notifications/robots.server";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLocale, useRichT, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { readFormData } from "~/web/form.server";
import { answerRobotTest } from "~/web/robot-test.server";
import { getLocale, requireUser } from "~/web/session.server";
import { robots } from "~/i18n/messages/robots";
import type { PageHandle } from "~/i18n/page";
import styles from "~/styles/robots.css";

// /admin/robots (issue 17, item 4): every group robot by unit, each with its
// latest messages and a Send-a-test-message button; the form is
// /admin/robots/new and /admin/robots/:id. Administrators only (the domain checks).

export const handle = { messages: [robots] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("robots.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await robotsPage(context.db, user, await getLocale(request, context));
  if (!result.ok) throwRefusal(result);
  return result.value;
}

/** The only button here is Send a test message. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  return answerRobotTest(request, context, user, await readFormData(request), "/admin/robots");
}

export default function AdminRobots() {
  const { units, unsetPublicUrl } = useLoaderData<typeof loader>();
  const t = useT();
  const richT = useRichT();
  const locale = useLocale();
  return (
    <div className="page">
      <h1>{t("robots.title")}</h1>
      <p className="lede">{t("robots.intro")}</p>
      <p className="hint">{t("robots.limits")}</p>
      {unsetPublicUrl ? <p className="form-error">{t("robots.publicUrl.unset", { url: unsetPublicUrl })}</p> : null}
      <p>
        <Link to="/admin/robots/new" className="button primary">
          {t("robots.new")}
        </Link>
      </p>
      {units.length === 0 ? <p>{t("robots.none")}</p> : null}
      {units.map((unit) => (
        <section key={unit.code} aria-labelledby={`unit-${unit.code}`}>
          <h2 id={`unit-${unit.code}`}>{richT("robots.unitOf", { unit: nameIn(locale, unit) })}</h2>
          {unit.robots.map((robot) => (
            <RobotCard key={robot.id} robot={robot} level={3} withEdit />
          ))}
        </section>
      ))}
    </div>
  );
}
