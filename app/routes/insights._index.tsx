import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/bar-chart";
import { CapCheckList } from "~/components/cap-check";
import { sharePercent } from "~/domain/campaigns/caps";
import { trendMax } from "~/domain/insights/access";
import { insightsFor, type UnitRef } from "~/domain/insights/insights.server";
import { insightsQueryOf, type InsightsTable } from "~/domain/insights/schema";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { Lang, useFormat, useLocale, useT } from "~/i18n/react";
import { campaigns } from "~/i18n/messages/campaigns";
import { insights } from "~/i18n/messages/insights";
import type { PageHandle } from "~/i18n/page";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";
import styles from "~/styles/insights.css";

// /insights: the fairness view (decision 0052). A GET form picks the unit,
// the campaign and how many campaigns the trend covers; every chart is SVG
// drawn here, with its table beside it and the table as CSV.

export const handle = { messages: [insights, campaigns] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, (t) => t("insights.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const result = await insightsFor(context.db, user, insightsQueryOf(url.searchParams));
  if (!result.ok) throwRefusal(result);
  return { ...result.value, search: url.search };
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

export default function InsightsPage() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page insights">
      <h1>{t("insights.title")}</h1>
      <p className="lede">{t("insights.intro")}</p>
      <Filters page={page} />
      {page.campaign ? (
        <>
          <UnitsSection page={page} />
          <TurnoutSection page={page} />
          <CapsSection page={page} />
        </>
      ) : (
        <p>{t("insights.noCampaigns")}</p>
      )}
      {page.trend.length ? <TrendSection page={page} /> : null}
      <RecognitionSection page={page} />
      <QuietSection page={page} />
      <RepeatSection page={page} />
    </div>
  );
}

function Filters({ page }: { page: Page }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Form method="get" className="card insights__filters" aria-labelledby="filters-title">
      <h2 id="filters-title">{t("insights.filters")}</h2>
      <div className="insights__filter-row">
        <div className="field">
          <label htmlFor="insights-unit">{t("insights.filter.unit")}</label>
          <select id="insights-unit" name="unit" defaultValue={page.scope?.code ?? ""}>
            {page.scope === null ? <option value="">{t("insights.filter.unit.all")}</option> : null}
            {page.scopes.map((u) => (
              <option key={u.code} value={u.code}>
                {"\u00a0".repeat(u.depth * 2)}
                {nameIn(locale, u)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="insights-campaign">{t("insights.filter.campaign")}</label>
          <select id="insights-campaign" name="campaign" defaultValue={page.campaign?.slug ?? ""}>
            {page.campaigns.map((c) => (
              <option key={c.slug} value={c.slug}>
                {nameIn(locale, c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="insights-last">{t("insights.filter.last")}</label>
          <select id="insights-last" name="last" defaultValue={String(page.last)}>
            {Array.from({ length: trendMax }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {t("insights.filter.last.option", { count: n })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary">
          {t("insights.filter.submit")}
        </button>
      </div>
    </Form>
  );
}

function CsvLink({ page, table }: { page: Page; table: InsightsTable }) {
  const t = useT();
  return (
    <p>
      <a href={`/insights/${table}.csv${page.search}`} download>
        {t("insights.csv")}
      </a>
    </p>
  );
}

function useUnitName() {
  const t = useT();
  const locale = useLocale();
  return (u: UnitRef, own: boolean) => (own ? t("insights.ownStaff", { unit: nameIn(locale, u) }) : nameIn(locale, u));
}

/** A figure with one decimal, or a dash for none. */
function useFigure() {
  const t = useT();
  const format = useFormat();
  return (n: number | null | undefined) => (n === null || n === undefined ? t("insights.none") : format.number(n));
}

function UnitsSection({ page }: { page: Page }) {
  const t = useT();
  const locale = useLocale();
  const figure = useFigure();
  const unitName = useUnitName();
  const campaign = nameIn(locale, page.campaign!);
  const caption = t("insights.units.caption", { campaign });
  return (
    <section className="card" aria-labelledby="units-title">
      <h2 id="units-title">{t("insights.units.title")}</h2>
      <div className="insights__pair">
        <BarChart
          title={caption}
          desc={t("insights.units.desc", { campaign })}
          bars={page.units.map((r) => ({ label: unitName(r.unit, r.own), value: r.nominatedPer100, text: figure(r.nominatedPer100) }))}
        />
        <table className="insights__table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("insights.col.unit")}</th>
              <th scope="col" className="num">
                {t("insights.col.headcount")}
              </th>
              <th scope="col" className="num">
                {t("insights.col.nominated")}
              </th>
              <th scope="col" className="num">
                {t("insights.col.nominatedPer100")}
              </th>
              <th scope="col" className="num">
                {t("insights.col.winners")}
              </th>
              <th scope="col" className="num">
                {t("insights.col.winnersPer100")}
              </th>
            </tr>
          </thead>
          <tbody>
            {page.units.map((r) => (
              <tr key={`${r.unit.code}-${r.own}`}>
                <th scope="row">
                  {r.breaksDown ? (
                    <Link
                      to={`/insights?${new URLSearchParams({ unit: r.unit.code, campaign: page.campaign!.slug, last: String(page.last) })}`}
                      aria-label={t("insights.breakDown", { unit: nameIn(locale, r.unit) })}
                    >
                      <Lang>{unitName(r.unit, r.own)}</Lang>
                    </Link>
                  ) : (
                    <Lang>{unitName(r.unit, r.own)}</Lang>
                  )}
                </th>
                <td className="num">{figure(r.headcount)}</td>
                <td className="num">{figure(r.nominated)}</td>
                <td className="num">{figure(r.nominatedPer100)}</td>
                <td className="num">{r.winners === null ? t("insights.notFinal") : figure(r.winners)}</td>
                <td className="num">{r.winners === null ? t("insights.notFinal") : figure(r.winnersPer100)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t("insights.units.note")}</p>
      <CsvLink page={page} table="units" />
    </section>
  );
}

function TurnoutSection({ page }: { page: Page }) {
  const t = useT();
  const locale = useLocale();
  const figure = useFigure();
  const format = useFormat();
  const tr = page.turnout;
  const campaign = nameIn(locale, page.campaign!);
  const caption = t("insights.turnout.caption", { campaign });
  const min = tr?.min ?? 5;
  return (
    <section className="card" aria-labelledby="turnout-title">
      <h2 id="turnout-title">{t("insights.turnout.title")}</h2>
      {!tr ? (
        <p>{t("insights.turnout.notYet")}</p>
      ) : !tr.rows ? (
        <p>{t("insights.turnout.tooFew", { min })}</p>
      ) : (
        <>
          <p>
            {t("insights.turnout.all", {
              voted: format.number(tr.voted),
              eligible: format.number(tr.eligible),
              rate: figure(sharePercent(tr.voted, tr.eligible)),
            })}
          </p>
          <div className="insights__pair">
            <BarChart
              title={caption}
              desc={t("insights.turnout.desc")}
              max={100}
              bars={tr.rows.map((r) => ({ label: format.list(r.units.map((u) => nameIn(locale, u))), value: r.rate, text: `${figure(r.rate)} %` }))}
            />
            <table className="insights__table">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("insights.col.units")}</th>
                  <th scope="col" className="num">
                    {t("insights.col.eligible")}
                  </th>
                  <th scope="col" className="num">
                    {t("insights.col.voted")}
                  </th>
                  <th scope="col" className="num">
                    {t("insights.col.rate")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {tr.rows.map((r, i) => (
                  <tr key={i}>
                    <th scope="row">
                      <Lang>{format.list(r.units.map((u) => nameIn(locale, u)))}</Lang>
                    </th>
                    <td className="num">{figure(r.eligible)}</td>
                    <td className="num">{figure(r.voted)}</td>
                    <td className="num">{figure(r.rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p className="hint">{t("insights.turnout.note", { min })}</p>
      {tr?.rows ? <CsvLink page={page} table="turnout" /> : null}
    </section>
  );
}

function CapsSection({ page }: { page: Page }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="caps-title">
      <h2 id="caps-title">{t("insights.caps.title")}</h2>
      {page.caps ? <CapCheckList check={page.caps} /> : <p>{t("insights.notFinal")}</p>}
      <p className="hint">{t("insights.caps.note")}</p>
    </section>
  );
}

function TrendSection({ page }: { page: Page }) {
  const t = useT();
  const locale = useLocale();
  const figure = useFigure();
  const caption = t("insights.trend.caption", { count: page.trend.length });
  const share = (part: number, whole: number) => sharePercent(part, whole);
  return (
    <section className="card" aria-labelledby="trend-title">
      <h2 id="trend-title">{t("insights.trend.title")}</h2>
      <div className="insights__pair">
        <div>
          <BarChart
            title={caption}
            desc={t("insights.trend.desc")}
            bars={page.trend.map((r) => ({ label: nameIn(locale, r.campaign), value: r.nominatedPer100, text: figure(r.nominatedPer100) }))}
          />
          <BarChart
            title={t("insights.caps.title")}
            desc={t("insights.trend.capsDesc")}
            max={100}
            bars={page.trend.flatMap((r) =>
              r.caps && r.caps.individuals > 0
                ? [
                    {
                      label: nameIn(locale, r.campaign),
                      value: share(r.caps.frontline, r.caps.individuals),
                      text: t("insights.chart.frontline", { percent: figure(share(r.caps.frontline, r.caps.individuals)) }),
                    },
                    {
                      label: nameIn(locale, r.campaign),
                      value: share(r.caps.management, r.caps.individuals),
                      text: t("insights.chart.management", { percent: figure(share(r.caps.management, r.caps.individuals)) }),
                    },
                  ]
                : [],
            )}
          />
        </div>
        {/* Wide: scrolls sideways; focusable and named, so a keyboard can scroll it too (axe: scrollable-region-focusable). */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must take focus */}
        <div className="insights__scroll" tabIndex={0} role="region" aria-label={caption}>
          <table className="insights__table">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t("insights.col.campaign")}</th>
                <th scope="col" className="num">
                  {t("insights.col.headcount")}
                </th>
                <th scope="col" className="num">
                  {t("insights.col.nominatedPer100")}
                </th>
                <th scope="col" className="num">
                  {t("insights.col.winnersPer100")}
                </th>
                <th scope="col" className="num">
                  {t("insights.col.turnout")}
                </th>
                <th scope="col" className="num">
                  {t("insights.col.frontlineShare")}
                </th>
                <th scope="col" className="num">
                  {t("insights.col.managementShare")}
                </th>
                <th scope="col">{t("insights.col.capsBroken")}</th>
              </tr>
            </thead>
            <tbody>
              {page.trend.map((r) => {
                const c = r.caps;
                const broken = c
                  ? [
                      ...(c.managementOver ? [t("insights.capsBroken.management")] : []),
                      ...(c.frontlineUnder ? [t("insights.capsBroken.frontline")] : []),
                    ]
                  : [];
                return (
                  <tr key={r.campaign.slug}>
                    <th scope="row">
                      <Lang>{nameIn(locale, r.campaign)}</Lang>
                    </th>
                    <td className="num">{figure(r.headcount)}</td>
                    <td className="num">{figure(r.nominatedPer100)}</td>
                    <td className="num">{r.winners === null ? t("insights.notFinal") : figure(r.winnersPer100)}</td>
                    <td className="num">{figure(r.turnout?.rate)}</td>
                    <td className="num">
                      {c && c.individuals
                        ? `${figure(share(c.frontline, c.individuals))} (≥ ${figure(c.caps.frontlineMinPercent)})`
                        : t("insights.none")}
                    </td>
                    <td className="num">
                      {c && c.individuals
                        ? `${figure(share(c.management, c.individuals))} (≤ ${figure(c.caps.managementCapPercent)})`
                        : t("insights.none")}
                    </td>
                    <td>{!c ? t("insights.notFinal") : broken.length ? <strong>{broken.join("; ")}</strong> : t("insights.capsBroken.none")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
      <p className="hint">{t("insights.caps.note")}</p>
      <CsvLink page={page} table="trend" />
    </section>
  );
}

function RecognitionSection({ page }: { page: Page }) {
  const t = useT();
  const figure = useFigure();
  const unitName = useUnitName();
  const r = page.recognition;
  const caption = t("insights.recognition.caption");
  return (
    <section className="card" aria-labelledby="recognition-title">
      <h2 id="recognition-title">{t("insights.recognition.title")}</h2>
      <p>
        {t("insights.recognition.all", {
          staff: figure(r.total.staff),
          nominated: figure(r.total.nominated),
          nominatedShare: figure(r.total.nominatedShare),
          won: figure(r.total.won),
          wonShare: figure(r.total.wonShare),
        })}
      </p>
      <div className="insights__pair">
        <BarChart
          title={caption}
          desc={t("insights.recognition.desc")}
          max={100}
          bars={r.rows.map((x) => ({ label: unitName(x.unit, x.own), value: x.nominatedShare, text: `${figure(x.nominatedShare)} %` }))}
        />
        <table className="insights__table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("insights.col.unit")}</th>
              <th scope="col" className="num">
                {t("insights.col.staff")}
              </th>
              <th scope="col" className="num">
                {t("insights.col.everNominated")}
              </th>
              <th scope="col" className="num">
                {t("insights.col.everNominatedShare")}
              </th>
              <th scope="col" className="num">
                {t("insights.col.everWon")}
              </th>
              <th scope="col" className="num">
                {t("insights.col.everWonShare")}
              </th>
            </tr>
          </thead>
          <tbody>
            {r.rows.map((x) => (
              <tr key={`${x.unit.code}-${x.own}`}>
                <th scope="row">
                  <Lang>{unitName(x.unit, x.own)}</Lang>
                </th>
                <td className="num">{figure(x.staff)}</td>
                <td className="num">{figure(x.nominated)}</td>
                <td className="num">{figure(x.nominatedShare)}</td>
                <td className="num">{figure(x.won)}</td>
                <td className="num">{figure(x.wonShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t("insights.recognition.note")}</p>
      <CsvLink page={page} table="recognition" />
    </section>
  );
}

function QuietSection({ page }: { page: Page }) {
  const t = useT();
  const locale = useLocale();
  const figure = useFigure();
  const count = page.quietWindow;
  return (
    <section className="card" aria-labelledby="quiet-title">
      <h2 id="quiet-title">{t("insights.quiet.title", { count })}</h2>
      {page.quiet.length === 0 ? (
        <p>{t("insights.quiet.none", { count })}</p>
      ) : (
        <>
          <table className="insights__table">
            <caption>{t("insights.quiet.caption", { count })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("insights.col.unit")}</th>
                <th scope="col" className="num">
                  {t("insights.col.staff")}
                </th>
                <th scope="col" className="num">
                  {t("insights.col.campaignsCovering")}
                </th>
              </tr>
            </thead>
            <tbody>
              {page.quiet.map((q) => (
                <tr key={q.unit.code}>
                  <th scope="row">
                    <Lang>{nameIn(locale, q.unit)}</Lang>
                  </th>
                  <td className="num">{figure(q.staff)}</td>
                  <td className="num">{figure(q.campaigns)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{t("insights.quiet.note")}</p>
          <CsvLink page={page} table="quiet-units" />
        </>
      )}
    </section>
  );
}

function RepeatSection({ page }: { page: Page }) {
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  return (
    <section className="card" aria-labelledby="repeat-title">
      <h2 id="repeat-title">{t("insights.repeat.title")}</h2>
      {page.repeatWinners.length === 0 ? (
        <p>{t("insights.repeat.none")}</p>
      ) : (
        <>
          <table className="insights__table">
            <caption>{t("insights.repeat.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("insights.col.name")}</th>
                <th scope="col">{t("insights.col.unit")}</th>
                <th scope="col" className="num">
                  {t("insights.col.wins")}
                </th>
                <th scope="col">{t("insights.col.campaigns")}</th>
              </tr>
            </thead>
            <tbody>
              {page.repeatWinners.map((w) => (
                <tr key={w.employeeNo}>
                  <th scope="row">
                    <Link to={`/people/${encodeURIComponent(w.employeeNo)}`}>
                      <Lang>{w.name}</Lang>
                    </Link>
                  </th>
                  <td>
                    <Lang>{nameIn(locale, w.unit)}</Lang>
                  </td>
                  <td className="num">{format.number(w.wins)}</td>
                  <td>
                    <Lang>{format.list(w.campaigns.map((c) => nameIn(locale, c)))}</Lang>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <CsvLink page={page} table="repeat-winners" />
        </>
      )}
    </section>
  );
}
