import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { EligiblePerson, EligibleTitle } from "~/domain/eligibility/eligible.server";
import { eligibleList } from "~/domain/eligibility/eligible.server";
import { reasonSentence, ruleSentence } from "~/domain/eligibility/sentences";
import { formatDate, nameIn } from "~/i18n";
import { eligibility } from "~/i18n/messages/eligibility";
import { pageTitle } from "~/i18n/meta";
import type { PageHandle } from "~/i18n/page";
import { useLocale, useT } from "~/i18n/react";
import styles from "~/styles/eligibility.css";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";

// Who in a manager's units meets the rules of the campaign's titles, and who
// narrowly misses, each with the reasons (issue 20, decision 0050).

export const handle = { messages: [eligibility] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, l) => (data ? `${t("eligibility.eligible.title")} · ${nameIn(l, data.campaign)}` : t("eligibility.eligible.title")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const unit = new URL(request.url).searchParams.get("unit") ?? undefined;
  const result = await eligibleList(context.db, user, params.slug ?? "", { unit });
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export default function EligiblePage() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const c = page.campaign;
  return (
    <div className="page">
      <p>
        <Link to={`/campaigns/${c.slug}`}>{nameIn(locale, c)}</Link>
      </p>
      <h1>{t("eligibility.eligible.title")}</h1>
      <p className="lede">
        {t("eligibility.eligible.lede", {
          from: formatDate(locale, `${c.periodStart}T12:00:00+08:00`),
          to: formatDate(locale, `${c.periodEnd}T12:00:00+08:00`),
        })}
      </p>
      {page.units.length > 1 ? (
        <Form method="get" className="filters">
          <div className="field">
            <label htmlFor="eligible-unit">{t("eligibility.eligible.unit")}</label>
            <select id="eligible-unit" name="unit" defaultValue={page.unit}>
              <option value="">{t("eligibility.eligible.unit.all")}</option>
              {page.units.map((u) => (
                <option key={u.code} value={u.code}>
                  {nameIn(locale, u)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            {t("eligibility.eligible.show")}
          </button>
        </Form>
      ) : null}
      {page.truncated ? (
        <p className="notice" role="status">
          {t("eligibility.eligible.truncated", { count: page.judged })}
        </p>
      ) : null}
      {page.titles.length === 0 ? <p>{t("eligibility.eligible.noTitles")}</p> : null}
      {page.titles.map((title) => (
        <TitleSection key={title.slug} title={title} slug={c.slug} mayNominate={page.mayNominate} />
      ))}
    </div>
  );
}

function TitleSection({ title, slug, mayNominate }: { title: EligibleTitle; slug: string; mayNominate: boolean }) {
  const t = useT();
  const locale = useLocale();
  const id = `title-${title.slug}`;
  return (
    <section className="card stack" aria-labelledby={id}>
      <h2 id={id}>{nameIn(locale, title)}</h2>
      <h3>{t("eligibility.eligible.rules")}</h3>
      <ul>
        <li>{ruleSentence(t, locale, { kind: "active" })}</li>
        {title.rules.map((r) => (
          <li key={r.id}>{ruleSentence(t, locale, r)}</li>
        ))}
      </ul>
      {title.allowsException ? <p className="hint">{t("eligibility.eligible.exceptionAllowed")}</p> : null}
      <h3 id={`${id}-meets`}>{t("eligibility.eligible.meets", { count: title.eligibleCount })}</h3>
      <People
        people={title.eligible}
        count={title.eligibleCount}
        labelledBy={`${id}-meets`}
        nominate={mayNominate ? `/campaigns/${slug}/nominate?title=${encodeURIComponent(title.slug)}` : null}
      />
      <h3 id={`${id}-near`}>{t("eligibility.eligible.near", { count: title.nearMissCount })}</h3>
      <p className="hint">{t("eligibility.eligible.near.hint")}</p>
      <People people={title.nearMisses} count={title.nearMissCount} labelledBy={`${id}-near`} nominate={null} />
    </section>
  );
}

function People({ people, count, labelledBy, nominate }: { people: EligiblePerson[]; count: number; labelledBy: string; nominate: string | null }) {
  const t = useT();
  const locale = useLocale();
  if (!people.length) return <p className="hint">{t("eligibility.eligible.none")}</p>;
  return (
    <>
      {people.length < count ? <p className="hint">{t("eligibility.eligible.more", { shown: people.length, count })}</p> : null}
      <ul className="eligible-people" aria-labelledby={labelledBy}>
        {people.map((p) => (
          <li key={p.employeeNo} className="eligible-person">
            <div className="eligible-person__head">
              <span>
                <Link to={`/people/${encodeURIComponent(p.employeeNo)}`}>{p.name}</Link> ({p.employeeNo}) ·{" "}
                {nameIn(locale, { nameZh: p.unitZh, nameEn: p.unitEn })}
                {p.jobTitle ? ` · ${p.jobTitle}` : null}
              </span>
              {nominate ? (
                p.nominated ? (
                  <span className="badge badge--muted">{t("eligibility.eligible.nominated")}</span>
                ) : (
                  <Link
                    to={`${nominate}&nominee=${encodeURIComponent(p.employeeNo)}`}
                    className="button"
                    aria-label={t("eligibility.eligible.nominate", { name: p.name })}
                  >
                    {t("eligibility.eligible.nominateButton")}
                  </Link>
                )
              ) : null}
            </div>
            <ul className="eligible-reasons">
              {p.outcomes.map((o, i) => (
                <li key={i} className={o.met ? undefined : "reason--unmet"}>
                  {ruleSentence(t, locale, o)} — {o.met ? t("eligibility.met") : t("eligibility.notMet")}: {reasonSentence(t, locale, o)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}
