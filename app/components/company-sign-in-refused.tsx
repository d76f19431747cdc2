import { Link } from "@remix-run/react";
import type { MessageKey, Vars } from "~/i18n";
import { useT } from "~/i18n/react";

/** Why a company sign-in did not let the person in (refused by the directory, failed, too many starts, provider away), and the way back. */
export function CompanySignInRefused({ refused, vars }: { refused: MessageKey; vars?: Vars }) {
  const t = useT();
  return (
    <div className="page narrow">
      <h1>{t("auth.sso.title")}</h1>
      <p role="alert" className="card">
        {t(refused, vars)}
      </p>
      <p>
        <Link to="/login">{t("auth.sso.back")}</Link>
      </p>
    </div>
  );
}
