import type { HonorRoll } from "~/domain/publishing/publishing.server";
import type { SnapshotTitle, SnapshotWinner } from "~/domain/publishing/snapshot";
import { nameIn } from "~/i18n";
import { ListOf, useFormat, useLocale, useT } from "~/i18n/react";
import { HeadlineMetric } from "./headline-metric";
import { RollPeriod, TitleBadge } from "./honor-roll-view";
import { langOf } from "./lang";
import { WinnerPhoto, winnerName } from "./winner-card";

export type Paper = "a4" | "a3";

export interface PrintOptions {
  paper: Paper;
  /** Each title starts on a page of its own. */
  pagePerTitle: boolean;
}

/** QR code images (data: URLs of SVG) by employee number: where each winner's profile page lives. */
export type QrCodes = ReadonlyMap<string, string>;

function PrintWinner({ winner, title, qr }: { winner: SnapshotWinner; title: SnapshotTitle; qr: QrCodes }) {
  const t = useT();
  const locale = useLocale();
  const unitOf = (p: SnapshotWinner["nominees"][number]) => (locale === "en" ? (p.unitEn ?? p.unitZh) : p.unitZh);
  const name = winnerName(winner, locale);
  // A team's code leads to its first member's page: one code per card keeps the poster calm.
  const first = winner.nominees[0]!;
  const code = qr.get(first.employeeNo);
  return (
    <article className="print-winner" aria-label={name}>
      <div className="print-winner__photo">
        <WinnerPhoto winner={winner} sizes="40vw" loading="eager" />
      </div>
      <div className="print-winner__body">
        <p className="print-winner__title">{nameIn(locale, title)}</p>
        <h3 className="print-winner__name" lang={langOf(name)}>{name}</h3>
        {winner.kind === "team" ? <p className="print-winner__members"><ListOf items={winner.nominees.map((p) => p.name)} /></p> : null}
        <p className="print-winner__unit">{[...new Set(winner.nominees.map(unitOf))].join(" · ")}</p>
        <p className="print-winner__citation" lang={langOf(winner.citation)}>{winner.citation}</p>
        {winner.metrics.length ? (
          <ul className="winner__metrics print-winner__metrics" aria-label={t("honorRoll.metrics")}>
            {winner.metrics.slice(0, 2).map((m) => (
              <HeadlineMetric key={m.id} metric={m} />
            ))}
          </ul>
        ) : null}
      </div>
      {code ? (
        <figure className="print-winner__qr">
          <img src={code} alt={t("honorRoll.printQr", { name: first.name })} width={96} height={96} />
          <figcaption>{t("honorRoll.printQrCaption")}</figcaption>
        </figure>
      ) : null}
    </article>
  );
}

/**
 * The honour roll as a 光荣榜 poster for A4 or A3: a red and gold band, then
 * each title's winners in a grid whose cards never break across pages, each
 * with a QR code to the person's page; optionally a page per title. The
 * options above the poster are for the screen only.
 */
export function PrintPoster({ roll, options, qr, here }: { roll: HonorRoll; options: PrintOptions; qr: QrCodes; here: string }) {
  const t = useT();
  const format = useFormat();
  const locale = useLocale();
  const s = roll.snapshot;
  const version = roll.version === roll.latestVersion ? null : roll.version;
  return (
    <div className={`print print--${options.paper}${options.pagePerTitle ? " print--per-title" : ""}`}>
      <form method="get" action={here} className="print-options" aria-labelledby="print-options-title">
        <h1 id="print-options-title" className="print-options__title">{t("honorRoll.printOptions")}</h1>
        {version ? <input type="hidden" name="v" value={version} /> : null}
        <fieldset>
          <legend>{t("honorRoll.printPaper")}</legend>
          {(["a4", "a3"] as const).map((p) => (
            <label key={p}>
              <input type="radio" name="paper" value={p} defaultChecked={options.paper === p} /> {p.toUpperCase()}
            </label>
          ))}
        </fieldset>
        <label>
          <input type="checkbox" name="per" value="title" defaultChecked={options.pagePerTitle} /> {t("honorRoll.printPerTitle")}
        </label>
        <button type="submit" className="button">{t("honorRoll.printApply")}</button>
        <p className="hint">{t("honorRoll.printHow")}</p>
        <p>
          <a href={`/honor-roll/${roll.slug}${version ? `?v=${version}` : ""}`}>{t("honorRoll.printBack")}</a>
        </p>
      </form>
      <header className="print-band">
        <p className="print-band__kicker">{t("honorRoll.kicker")}</p>
        <h2 className="print-band__title">{nameIn(locale, s.campaign)}</h2>
        <p className="print-band__facts">
          <RollPeriod snapshot={s} /> · {nameIn(locale, s.campaign.unit)} · {t("honorRoll.published", { date: format.date(roll.publishedAt) })}
          {roll.version > 1 ? ` · ${t("honorRoll.list.version", { version: roll.version })}` : null}
        </p>
      </header>
      {s.titles.map((title) =>
        title.winners.length ? (
          <section key={title.slug} className="print-title" aria-label={nameIn(locale, title)}>
            <p className="print-title__campaign">
              {nameIn(locale, s.campaign)} · {t("honorRoll.kicker")}
            </p>
            <h2 className="print-title__heading">
              <TitleBadge title={title} size="2rem" />
              {nameIn(locale, title)}
            </h2>
            <div className="print-grid">
              {title.winners.map((w) => (
                <PrintWinner key={w.nominationId} winner={w} title={title} qr={qr} />
              ))}
            </div>
          </section>
        ) : null,
      )}
      <footer className="print-footer">{t("app.name")} · {t("honorRoll.printFooter")}</footer>
    </div>
  );
}
