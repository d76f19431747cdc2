import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";

/** Why a company sign-in did not let the person in (refused by the directory, failed, provider away), and the way back. */
export function CompanySignInRefused({ refused }: { refused: MessageKey }) {
  const t = useT();
  return (
    <div className="page narrow">
      <h1>{t("auth.sso.title")}</h1>
      <p role="alert" className="card">
        {t(refused)}
      </p>
      <p>
        <Link to="/login">{t("auth.sso.back")}</Link>
      </p>
    </div>
  );
}
