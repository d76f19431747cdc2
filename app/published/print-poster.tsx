import type { HonorRoll } from "~/domain/publishing/read-roll.server";
import { winnersOf, type SnapshotTitle, type SnapshotWinner } from "~/domain/publishing/snapshot";
import { nameIn } from "~/i18n";
import { makeT } from "~/i18n/all.server";
import { titled } from "~/i18n/meta";
import { Lang, ListOf, useFormat, useLocale, useT } from "~/i18n/react";
import appStyles from "~/styles/app.css";
import rollStyles from "~/styles/honor-roll.css";
import printStyles from "~/styles/honor-roll-print.css";
import a3Styles from "~/styles/honor-roll-print-a3.css";
import a4LandscapeStyles from "~/styles/honor-roll-print-a4-landscape.css";
import webFont from "~/styles/web-font.css";
import { renderDocument, type RollLayout } from "./document";
import { HeadlineMetric } from "./headline-metric";
import { langOf } from "./lang";
import { longCitation, papers, sheetsOf, textWidth, type Paper, type Sheet } from "./poster-layout";
import { qrCode } from "./qr-code.server";
import { RollPeriod, TitleBadge, rollHref } from "./roll-page";
import { WinnerPhoto, winnerName } from "./winner-card";

// The 光荣榜 poster for the notice board (/honor-roll/:slug/print?paper=
// a4|a4-landscape|a3&per=title), with a QR code to each winner's page.
// Cached like the roll page, per paper, layout and origin (the QR codes carry
// absolute links). Each paper's @page size is a stylesheet of its own.

export type { Paper } from "./poster-layout";

export interface PrintOptions {
  paper: Paper;
  /** Each title starts on a sheet of its own. */
  pagePerTitle: boolean;
}

/** QR code images (data: URLs of SVG) by nomination: where each winner's page lives. */
export type QrCodes = ReadonlyMap<number, string>;

/**
 * Where a winner's QR code leads: a person's profile page; a team, which has
 * no page of its own, to its card on the honour roll (its members link from
 * there) — never to one member's page as if the honour were theirs alone.
 */
export function winnerPageOf(slug: string, winner: Pick<SnapshotWinner, "kind" | "nominationId" | "nominees">): string {
  return winner.kind === "team" ? `${rollHref(slug)}#winner-${winner.nominationId}` : `/people/${encodeURIComponent(winner.nominees[0]!.employeeNo)}`;
}

type Placed = { title: SnapshotTitle; winner: SnapshotWinner };

function PosterCard({ placed: { title, winner }, qr }: { placed: Placed; qr: QrCodes }) {
  const t = useT();
  const locale = useLocale();
  const team = winner.kind === "team";
  const name = winnerName(winner, locale);
  const unitOf = (p: SnapshotWinner["nominees"][number]) => (locale === "en" ? (p.unitEn ?? p.unitZh) : p.unitZh);
  const units = [...new Set(winner.nominees.map(unitOf)), ...(!team && winner.nominees[0]?.jobTitle ? [winner.nominees[0].jobTitle] : [])];
  const code = qr.get(winner.nominationId);
  const id = `poster-${winner.nominationId}`;
  return (
    <article className="poster-card" aria-labelledby={id}>
      <div className="poster-card__photo">
        <WinnerPhoto winner={winner} sizes="40vw" loading="eager" />
      </div>
      <div className="poster-card__head">
        <p className="poster-card__title">
          <span aria-hidden="true">★ </span>
          {nameIn(locale, title)}
        </p>
        <h3 className="poster-card__name" id={id}>
          {team ? <span className="winner__team-label">{t("honorRoll.team")}</span> : null}
          {team ? " " : null}
          <span lang={langOf(name)}>{name}</span>
        </h3>
        {team ? (
          <p className="poster-card__members">
            <span className="visually-hidden">{t("honorRoll.teamMembers")}: </span>
            <ListOf items={winner.nominees.map((p) => p.name)} />
          </p>
        ) : null}
        <p className="poster-card__unit">
          {units.map((x, i) => (
            <span key={i}>
              {i > 0 ? " · " : null}
              <Lang>{x}</Lang>
            </span>
          ))}
        </p>
      </div>
      {winner.metrics.length ? (
        <ul className="winner__metrics poster-card__metrics" aria-label={t("honorRoll.metrics")}>
          {winner.metrics.slice(0, 2).map((m) => (
            <HeadlineMetric key={m.id} metric={m} />
          ))}
        </ul>
      ) : null}
      <div className="poster-card__text">
        {/* The code floats at the citation's top right, so the words use the room beside and under it. */}
        {code ? (
          <figure className="poster-card__qr">
            <img src={code} alt={t(team ? "honorRoll.printQrTeam" : "honorRoll.printQr", { name })} width={96} height={96} />
            <figcaption>{t("honorRoll.printQrCaption")}</figcaption>
          </figure>
        ) : null}
        <blockquote className="poster-card__citation" lang={langOf(winner.citation)}>
          <p>{winner.citation}</p>
        </blockquote>
      </div>
    </article>
  );
}

/** The sheets of a poster: one run of the winners, or a run per title. */
function postersSheets(roll: HonorRoll, options: PrintOptions): Array<Sheet<Placed> & { title: SnapshotTitle | null }> {
  const all = winnersOf(roll.snapshot);
  const long = all.some(({ winner }) => textWidth(winner.citation) > longCitation);
  if (!options.pagePerTitle) return sheetsOf(all, options.paper, long).map((s) => ({ ...s, title: null }));
  const titles = roll.snapshot.titles.filter((x) => x.winners.length);
  return titles.flatMap((title, i) =>
    sheetsOf(
      title.winners.map((winner) => ({ title, winner })),
      options.paper,
      long,
      i === 0,
    ).map((s) => ({ ...s, title })),
  );
}

/**
 * The honour roll as a 光荣榜 poster on A4 (portrait or landscape) or A3:
 * sheets the size of the paper, each holding whole cards in a grid that
 * fills it (docs/decisions/0027); the first opens with the roll's title in a
 * red and gold band, every sheet ends with the organisation, the date of
 * publication and its number. The options above the poster are for the
 * screen only and work as a plain GET form.
 */
export function PrintPoster({ roll, options, qr, here }: { roll: HonorRoll; options: PrintOptions; qr: QrCodes; here: string }) {
  const t = useT();
  const format = useFormat();
  const locale = useLocale();
  const s = roll.snapshot;
  const version = roll.version === roll.latestVersion ? null : roll.version;
  const sheets = postersSheets(roll, options);
  const campaign = nameIn(locale, s.campaign);
  const org = nameIn(locale, s.campaign.unit);
  const published = t("honorRoll.published", { date: format.date(roll.publishedAt) });
  return (
    <div className={`poster poster--${options.paper}`}>
      <form method="get" action={here} className="print-options" aria-labelledby="print-options-title">
        <h1 id="print-options-title" className="print-options__title">
          {t("honorRoll.printOptions")}
        </h1>
        {version ? <input type="hidden" name="v" value={version} /> : null}
        <fieldset>
          <legend>{t("honorRoll.printPaper")}</legend>
          {papers.map((p) => (
            <label key={p}>
              <input type="radio" name="paper" value={p} defaultChecked={options.paper === p} /> {t(`honorRoll.paper.${p}`)}
            </label>
          ))}
        </fieldset>
        <label>
          <input type="checkbox" name="per" value="title" defaultChecked={options.pagePerTitle} /> {t("honorRoll.printPerTitle")}
        </label>
        <button type="submit" className="button">
          {t("honorRoll.printApply")}
        </button>
        <p className="hint">{t("honorRoll.printHow", { paper: t(`honorRoll.paper.${options.paper}`) })}</p>
        <p>
          <a href={rollHref(roll.slug, "", version ?? undefined)}>{t("honorRoll.printBack")}</a>
        </p>
      </form>
      {sheets.map((sheet, i) => (
        <section
          key={i}
          className={`poster-sheet${i === 0 ? " poster-sheet--first" : ""}`}
          aria-label={t("honorRoll.printSheet", { n: i + 1, count: sheets.length })}
        >
          {i === 0 ? (
            <header className="poster-band">
              <p className="poster-band__kicker">{t("honorRoll.kicker")}</p>
              <h2 className="poster-band__title">{campaign}</h2>
              <p className="poster-band__facts">
                <RollPeriod snapshot={s} /> · {t("honorRoll.scope", { unit: org })}
                {roll.version > 1 ? ` · ${t("honorRoll.list.version", { version: roll.version })}` : null}
              </p>
              <p className="poster-band__motto">{t("honorRoll.printFooter")}</p>
            </header>
          ) : (
            <p className="poster-band poster-band--slim">
              <span className="poster-band__kicker">{t("honorRoll.kicker")}</span> {campaign}
            </p>
          )}
          {sheet.title ? (
            <h2 className="poster-sheet__title">
              <TitleBadge title={sheet.title} size="2rem" />
              {nameIn(locale, sheet.title)}
            </h2>
          ) : null}
          <div
            className={`poster-grid poster-grid--c${sheet.columns} poster-grid--r${sheet.rows} poster-grid--${sheet.size} poster-grid--${sheet.shape}${sheet.long ? " poster-grid--long" : ""}`}
          >
            {sheet.items.map((placed) => (
              <PosterCard key={placed.winner.nominationId} placed={placed} qr={qr} />
            ))}
          </div>
          <footer className="poster-foot">
            <span className="poster-foot__org">{org}</span>
            <span>{published}</span>
            <span>
              ★ {t("app.name")} · {t("honorRoll.printSheet", { n: i + 1, count: sheets.length })}
            </span>
          </footer>
        </section>
      ))}
    </div>
  );
}

const stylesheets = [appStyles, webFont, rollStyles, printStyles];
const pageSize: Record<Paper, string[]> = { a4: [], "a4-landscape": [a4LandscapeStyles], a3: [a3Styles] };

/** The poster as a document on this paper, its QR codes leading to pages under `origin`. */
export function printLayout(options: PrintOptions, origin: string): RollLayout {
  return {
    kind: `print:${options.paper}:${options.pagePerTitle ? "title" : "all"}:${origin}`,
    stylesheets,
    render: async (roll, locale) => {
      const t = makeT(locale);
      const winners = winnersOf(roll.snapshot).map(({ winner }) => winner);
      const qr = new Map(await Promise.all(winners.map(async (w) => [w.nominationId, await qrCode(origin + winnerPageOf(roll.slug, w))] as const)));
      const version = roll.version === roll.latestVersion ? "" : `v=${roll.version}&`;
      const here = `/honor-roll/${roll.slug}/print`;
      return renderDocument(
        {
          locale,
          title: titled(t, t("honorRoll.print.meta", { campaign: nameIn(locale, roll.snapshot.campaign) })),
          stylesheets: [...stylesheets, ...pageSize[options.paper]],
          here: `${here}?${version}paper=${options.paper}${options.pagePerTitle ? "&per=title" : ""}`,
          bare: true,
          bodyClass: `print-page print-page--${options.paper}`,
        },
        <PrintPoster roll={roll} options={options} qr={qr} here={here} />,
      );
    },
  };
}
