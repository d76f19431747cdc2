import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { isAdmin } from "~/domain/auth/user";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { requireUser } from "~/web/session.server";
import { admin } from "~/i18n/messages/admin";
import { campaigns } from "~/i18n/messages/campaigns";
import { robots } from "~/i18n/messages/robots";
import { mail } from "~/i18n/messages/mail";
import { privacyAdmin } from "~/i18n/messages/privacy-admin";
import { identity } from "~/i18n/messages/identity";
import { metrics } from "~/i18n/messages/metrics";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [admin, campaigns, robots, mail, privacyAdmin, identity, metrics] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("admin.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  // The page is only a menu; every page behind it checks again in the domain.
  if (!isAdmin(user)) throw new Response(null, { status: 403 });
  return null;
}

export default function AdminHome() {
  const t = useT();
  return (
    <div className="page">
      <h1>{t("admin.title")}</h1>
      <p className="lede">{t("admin.intro")}</p>
      <ul className="admin-menu">
        <li className="card">
          <Link to="/admin/import">{t("admin.nav.import")}</Link>
        </li>
        <li className="card">
          <Link to="/admin/people">{t("admin.nav.people")}</Link>
        </li>
        <li className="card">
          <Link to="/admin/titles">{t("titles.admin.nav")}</Link>
        </li>
        <li className="card">
          <Link to="/admin/metrics">{t("metrics.nav")}</Link>
        </li>
        <li className="card">
          <Link to="/campaigns">{t("campaigns.admin.nav")}</Link>
        </li>
        <li className="card">
          <Link to="/admin/audit">{t("admin.nav.audit")}</Link>
        </li>
        <li className="card">
          <Link to="/admin/jobs">{t("admin.nav.jobs")}</Link>
        </li>
        <li className="card">
          <Link to="/admin/notifications">{t("admin.nav.notifications")}</Link>
        </li>
        <li className="card">
          <Link to="/admin/outbox">{t("mail.outbox.nav")}</Link>
        </li>
        <li className="card">
          <Link to="/admin/robots">{t("robots.nav")}</Link>
        </li>
        <li className="card">
          <Link to="/admin/privacy">{t("privacyAdmin.nav")}</Link>
        </li>
        <li className="card">
          <Link to="/admin/identity">{t("identity.nav")}</Link>
        </li>
        <li className="card">
          <Link to="/admin/scim">{t("admin.nav.scim")}</Link>
        </li>
        <li className="card">
          <Link to="/admin/api-tokens">{t("tokens.nav")}</Link>
        </li>
      </ul>
    </div>
  );
}
