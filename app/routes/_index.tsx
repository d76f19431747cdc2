import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = () => [{ title: "Service Stars · 服务之星" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const roles = [...new Set(user.roles.map((r) => r.role))];
  return { name: user.name, roles };
}

export default function Home() {
  const { name, roles } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <section className="hero">
        <h1>{t("home.title", { name })}</h1>
        <p className="lede">{t("home.intro")}</p>
        {roles.length ? (
          <p className="role-list">
            <span className="visually-hidden">{t("home.roles")}: </span>
            {roles.map((r) => (
              <span key={r} className="badge">{t(`role.${r}`)}</span>
            ))}
          </p>
        ) : null}
      </section>
      <section aria-labelledby="next-title" className="card">
        <h2 id="next-title">{t("home.next.title")}</h2>
        <ul className="link-list">
          <li><Link to="/people">{t("home.next.people")}</Link></li>
          {roles.includes("admin") ? <li><Link to="/admin">{t("home.next.admin")}</Link></li> : null}
        </ul>
        <p className="hint">{t("home.campaigns.empty")}</p>
      </section>
    </div>
  );
}
