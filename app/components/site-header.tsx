import { Form, Link, NavLink, useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";
import { langOf } from "~/i18n/lang";
import { useT } from "~/i18n/react";
import { LanguageSwitcher } from "./language-switcher";
import { NotificationBell } from "./notification-bell";

/**
 * The header: brand, language and account on the first row, the navigation
 * each role needs on the second. On a phone the two rows stay two — the
 * links scroll sideways rather than wrap (issue 14: an administrator's
 * header took four rows at 360 px).
 */
export function SiteHeader() {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const t = useT();
  const user = root?.user;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <div className="site-header__bar">
        <Link to="/" className="brand">
          <span className="brand__star" aria-hidden="true">
            ★
          </span>
          <span>{t("app.name")}</span>
        </Link>
        <div className="site-header__tools">
          <LanguageSwitcher />
          {user ? (
            <div className="site-nav__account">
              <Link to={`/people/${user.employeeNo}`} className="site-nav__me" lang={langOf(user.name)}>
                {user.name}
              </Link>
              <Form method="post" action="/logout" aria-label={t("nav.signOut")}>
                <button type="submit" className="link-button">
                  {t("nav.signOut")}
                </button>
              </Form>
            </div>
          ) : null}
        </div>
      </div>
      {user ? (
        <nav className="site-nav" aria-label={t("nav.label")}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t("nav.home")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/people">{t("nav.people")}</NavLink>
            </li>
            <li>
              <NavLink to="/campaigns">{t("nav.campaigns")}</NavLink>
            </li>
            {/* Honour rolls are static documents outside the client router. */}
            <li>
              <NavLink to="/honor-roll" reloadDocument>
                {t("nav.honorRolls")}
              </NavLink>
            </li>
            {user.managedUnits.length ? (
              <li>
                <NavLink to={`/people?unit=${encodeURIComponent(user.managedUnits[0])}`}>{t("nav.myTeam")}</NavLink>
              </li>
            ) : null}
            {user.insights ? (
              <li>
                <NavLink to="/insights">{t("nav.insights")}</NavLink>
              </li>
            ) : null}
            {user.imports ? (
              <li>
                <NavLink to="/admin/import">{t("nav.import")}</NavLink>
              </li>
            ) : null}
            {user.isAdmin ? (
              <li>
                <NavLink to="/admin">{t("nav.admin")}</NavLink>
              </li>
            ) : null}
          </ul>
          {/* At the row's end, outside the links that scroll sideways on a phone: always in view. */}
          {root?.bell ? <NotificationBell bell={root.bell} /> : null}
        </nav>
      ) : null}
    </header>
  );
}
