import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Picture } from "~/components/picture";
import { honorRollIndex, type HonorRollFilter } from "~/domain/publishing/roll-list.server";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useLocale, useT } from "~/i18n/react";
import { requireUser } from "~/web/session.server";
import rollStyles from "~/styles/honor-roll.css";
import { honorRoll } from "~/i18n/messages/honor-roll";
import { sharing } from "~/i18n/messages/sharing";
import type { PageHandle } from "~/i18n/page";

// /honor-roll: every published honour roll (its newest version), newest
// first, filtered by year, org unit and title with a plain GET form. The
// rolls themselves are static documents: links to them load the whole page.

export const handle = { messages: [honorRoll, sharing] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rollStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("honorRoll.list.meta"));

function filterOf(url: URL): HonorRollFilter {
  const year = url.searchParams.get("year");
  const unit = url.searchParams.get("unit");
  const title = url.searchParams.get("title");
  return {
    year: year && /^\d{4}$/.test(year) ? Number(year) : undefined,
    unit: unit || undefined,
    title: title || undefined,
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const filter = filterOf(url);
  const { rolls, filters, feedLink } = await honorRollIndex(context.db, user, filter);
  // Signed links are handed out whole: with this portal's own origin.
  const absolute = (path: string | null) => (path ? `${url.origin}${path}` : null);
  return {
    filter,
    filters,
    feedLink: absolute(feedLink),
    rolls: rolls.map((r) => ({
      slug: r.slug,
      version: r.version,
      publishedAt: r.publishedAt,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      unit: r.unit,
      titles: r.titles,
      winners: r.winners,
      cover: r.cover,
      screenLink: absolute(r.screenLink),
    })),
  };
}

export default function HonorRolls() {
  const { filter, filters, rolls, feedLink } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  const filtered = filter.year !== undefined || filter.unit !== undefined || filter.title !== undefined;
  return (
    <div className="page">
      <h1>{t("honorRoll.list.title")}</h1>
      <p className="lede">{t("honorRoll.list.intro")}</p>
      {filters.years.length ? (
        <Form method="get" className="card roll-filters" aria-label={t("honorRoll.list.filters")}>
          <label>
            {t("honorRoll.list.year")}
            <select name="year" defaultValue={filter.year ?? ""}>
              <option value="">{t("honorRoll.list.any")}</option>
              {filters.years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("honorRoll.list.unit")}
            <select name="unit" defaultValue={filter.unit ?? ""}>
              <option value="">{t("honorRoll.list.any")}</option>
              {filters.units.map((u) => (
                <option key={u.code} value={u.code}>
                  {nameIn(locale, u)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("honorRoll.list.titleFilter")}
            <select name="title" defaultValue={filter.title ?? ""}>
              <option value="">{t("honorRoll.list.any")}</option>
              {filters.titles.map((x) => (
                <option key={x.slug} value={x.slug}>
                  {nameIn(locale, x)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button primary">
            {t("honorRoll.list.apply")}
          </button>
          {filtered ? <a href="/honor-roll">{t("honorRoll.list.clear")}</a> : null}
        </Form>
      ) : null}
      <p className="hint" role="status">
        {rolls.length ? t("honorRoll.list.count", { count: rolls.length }) : t(filtered ? "honorRoll.list.emptyFiltered" : "honorRoll.list.empty")}
      </p>
      <ul className="roll-list">
        {rolls.map((r) => (
          <li key={r.slug}>
            <article className="roll-card">
              {r.cover.length ? (
                <div className="roll-card__cover" aria-hidden="true">
                  {r.cover.map((p) => (
                    <Picture key={p.mediaId} picture={p} alt="" sizes="6rem" />
                  ))}
                </div>
              ) : null}
              <div className="roll-card__body">
                <h2>
                  <a href={`/honor-roll/${r.slug}`}>{nameIn(locale, r)}</a>
                </h2>
                <p className="hint">
                  {t("honorRoll.period", { from: format.date(r.periodStart), to: format.date(r.periodEnd) })} · {nameIn(locale, r.unit)}
                </p>
                <ul className="roll-card__titles">
                  {r.titles.map((x) => (
                    <li key={x.slug} className="badge">
                      {nameIn(locale, x)} · {t("honorRoll.titleWinners", { count: x.winners })}
                    </li>
                  ))}
                </ul>
                <p className="hint">
                  {t("honorRoll.published", { date: format.date(r.publishedAt) })}
                  {r.version > 1 ? ` · ${t("honorRoll.list.version", { version: r.version })}` : null}
                </p>
                {r.screenLink ? (
                  <details className="roll-card__admin">
                    <summary>{t("honorRoll.list.screenLink")}</summary>
                    <p className="hint">{t("honorRoll.list.screenLinkHint")}</p>
                    <input type="text" readOnly value={r.screenLink} aria-label={t("honorRoll.list.screenLink")} className="signed-link" />
                  </details>
                ) : null}
              </div>
            </article>
          </li>
        ))}
      </ul>
      {feedLink ? (
        <section className="card" aria-labelledby="feed-title">
          <h2 id="feed-title">{t("sharing.feed.label")}</h2>
          <p className="hint">{t("sharing.feed.hint")}</p>
          <input type="text" readOnly value={feedLink} aria-labelledby="feed-title" className="signed-link" />
        </section>
      ) : null}
    </div>
  );
}
