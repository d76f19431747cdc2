import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { unitName } from "~/components/unit-select";
import { getProfile } from "~/domain/people/people.server";
import { hasRole } from "~/domain/auth/user";
import { useFormat, useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/lib/forbidden.server";
import { requireUser } from "~/lib/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.profile.name} — Service Stars · 服务之星` : "Service Stars" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await getProfile(context.db, user, params.employeeNo ?? "");
  if (!result.ok) throwRefusal(result);
  return { profile: result.value, canAdminister: hasRole(user, "admin") };
}

export default function ProfilePage() {
  const { profile, canAdminister } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  const unit = profile.unitPath.at(-1);
  return (
    <div className="page">
      <article className="profile">
        <header className="profile__header">
          <span className="avatar avatar--large" role="img" aria-label={t("profile.photo", { name: profile.name })}>
            {profile.name.slice(-2)}
          </span>
          <div>
            <h1>{profile.name}</h1>
            <p className="profile__sub">
              {profile.jobTitle ? <span>{profile.jobTitle}</span> : null}
              {unit ? <span>{unitName(locale, unit)}</span> : null}
            </p>
            {profile.status === "left" ? <p className="badge badge--muted">{t("people.left")}</p> : null}
          </div>
        </header>
        <dl className="facts">
          <div>
            <dt>{t("profile.unit")}</dt>
            <dd>
              <ol className="breadcrumb-path">
                {profile.unitPath.map((u) => (
                  <li key={u.code}>{unitName(locale, u)}</li>
                ))}
              </ol>
            </dd>
          </div>
          <div>
            <dt>{t("people.col.employeeNo")}</dt>
            <dd>{profile.employeeNo}</dd>
          </div>
          {profile.hireDate ? (
            <div>
              <dt>{t("profile.hireDate")}</dt>
              <dd>{format.date(profile.hireDate)}</dd>
            </div>
          ) : null}
          {profile.yearsOfService !== null ? (
            <div>
              <dt>{t("profile.years")}</dt>
              <dd>
                {profile.yearsOfService < 1
                  ? t("profile.yearsLessThanOne")
                  : t("profile.yearsValue", { years: profile.yearsOfService })}
              </dd>
            </div>
          ) : null}
        </dl>
        <section aria-labelledby="honours-title" className="card">
          <h2 id="honours-title">{t("profile.honours")}</h2>
          <p className="hint">{t("profile.honours.empty")}</p>
        </section>
        {canAdminister ? (
          <p>
            <Link to={`/admin/people/${profile.employeeNo}`}>{t("profile.admin")}</Link>
          </p>
        ) : null}
      </article>
    </div>
  );
}
