import { initialsColours, initialsOf } from "~/domain/initials";
import type { HonorRollSnapshot, SnapshotWinner } from "~/domain/publishing/snapshot";
import { formatNumber, listSeparator, metricNameIn, nameIn, timeZone, unitIn, type Locale, type MessageKey, type Vars } from "~/i18n";
import { translate } from "~/i18n/all.server";
import {
  ascent,
  fit,
  fitList,
  measure,
  normaliseSpace,
  round,
  spacing,
  textLines,
  textPath,
  wrap,
  type TextStyle,
  type Typeface,
} from "./share-text";

// The share images' composition: what each card says in a language (from
// the roll's snapshot) and how it is laid out — an SVG of outlines only
// (share-text.ts draws the text), the photo composited on it by
// share-image.server.ts (docs/decisions/0015-share-images-and-font.md).

export const shareImageSize = { width: 1200, height: 630 } as const;

// ---- the cards' words --------------------------------------------------------------

/** What the honour roll's image says, in one language. */
export interface RollCard {
  kicker: string;
  name: string;
  period: string;
  unit: string;
  titles: Array<{ name: string; count: string }>;
  names: string[];
  total: number;
  more: (total: number) => string;
  separator: string;
  brand: string;
}

/** What a winner's image says, in one language. */
export interface WinnerCard {
  title: string;
  /** The person's name, or the team's. */
  name: string;
  /** A team's members; empty for a person. */
  members: string[];
  moreMembers: (total: number) => string;
  separator: string;
  unit: string;
  /** The first headline figure with a short mark of where it came from ("客户满意度 99.2% · 系统数据"); null without one. */
  figure: string | null;
  citation: string;
  campaign: string;
  brand: string;
  /** The initials shown when there is no photo (initialsOf, as on every page). */
  initials: string;
  hasPhoto: boolean;
}

const t = (locale: Locale, key: MessageKey, vars?: Vars) => translate(locale, key, vars);

/** A campaign's period as the reader's calendar says it (one year said once). */
export function formatPeriod(locale: Locale, start: string, end: string): string {
  const [from, to] = [start, end].map((d) => new Date(`${d}T12:00:00+08:00`));
  const long = { timeZone, year: "numeric", month: "long", day: "numeric" } as const;
  if (locale === "en") return new Intl.DateTimeFormat(locale, long).formatRange(from, to);
  // Node's ICU has no Chinese interval pattern (it falls back to 2026/7/1 – 2026/9/30): said the Chinese way here.
  const sameYear = start.slice(0, 4) === end.slice(0, 4);
  const full = new Intl.DateTimeFormat(locale, long);
  const monthDay = new Intl.DateTimeFormat(locale, { timeZone, month: "long", day: "numeric" });
  return `${full.format(from)}至${(sameYear ? monthDay : full).format(to)}`;
}

/** A winner as a name: the team's, else the people's. */
export function winnerName(winner: SnapshotWinner, locale: Locale): string {
  if (winner.kind === "team" && winner.teamName) return winner.teamName;
  return winner.nominees.map((p) => p.name).join(listSeparator(locale));
}

export function rollCard(snapshot: HonorRollSnapshot, locale: Locale): RollCard {
  const c = snapshot.campaign;
  const winners = snapshot.titles.flatMap((title) => title.winners);
  return {
    kicker: t(locale, "sharing.roll.kicker"),
    name: nameIn(locale, c),
    period: formatPeriod(locale, c.periodStart, c.periodEnd),
    unit: nameIn(locale, c.unit),
    titles: snapshot.titles
      .filter((title) => title.winners.length > 0)
      .map((title) => ({
        name: nameIn(locale, title),
        count: t(locale, title.winners.length === 1 ? "sharing.roll.winners.one" : "sharing.roll.winners.other", { count: title.winners.length }),
      })),
    names: winners.map((w) => winnerName(w, locale)),
    total: winners.length,
    more: (total) => t(locale, "sharing.roll.more", { total }),
    separator: listSeparator(locale),
    brand: t(locale, "sharing.brand"),
  };
}

/**
 * A headline figure in one line, with its short mark: imported from a
 * system ("系统数据"), or entered by the nominator ("填报") — a roll
 * published before figures had an origin says entered (decision 0051).
 */
export function figureLine(metric: SnapshotWinner["metrics"][number], locale: Locale): string {
  const unit = unitIn(locale, metric).trim();
  const number = formatNumber(locale, metric.value);
  const value = !unit ? number : unit.startsWith("%") || unit === "‰" ? `${number}${unit}` : `${number} ${unit}`;
  const imported = metric.origin === "imported" && Boolean(metric.sourceSystem);
  return `${metricNameIn(locale, metric)} ${value} · ${t(locale, imported ? "evidence.origin.imported.badge" : "evidence.origin.entered.badge")}`;
}

/** The card of one winner of the snapshot, or null when it is not on it. */
export function winnerCard(snapshot: HonorRollSnapshot, nominationId: number, locale: Locale): WinnerCard | null {
  const title = snapshot.titles.find((x) => x.winners.some((w) => w.nominationId === nominationId));
  const winner = title?.winners.find((w) => w.nominationId === nominationId);
  if (!title || !winner) return null;
  const team = winner.kind === "team" && winner.teamName !== null;
  const units = [...new Set(winner.nominees.map((p) => (locale === "en" ? (p.unitEn ?? p.unitZh) : p.unitZh)))];
  const name = winnerName(winner, locale);
  return {
    title: nameIn(locale, title),
    name,
    members: team ? winner.nominees.map((p) => p.name) : [],
    moreMembers: (total) => t(locale, "sharing.winner.members.more", { total }),
    separator: listSeparator(locale),
    unit: units.join(listSeparator(locale)),
    figure: winner.metrics[0] ? figureLine(winner.metrics[0], locale) : null,
    citation: normaliseSpace(winner.citation),
    campaign: nameIn(locale, snapshot.campaign),
    brand: t(locale, "sharing.brand"),
    initials: initialsOf(name, team ? "team" : "person"),
    hasPhoto: winner.photo !== null,
  };
}

// ---- the scenes --------------------------------------------------------------------

/** The SVG to render, and where a photo goes (composited by the caller, then `overlay` on top). */
export interface Scene {
  svg: string;
  photo: { left: number; top: number; width: number; height: number } | null;
  overlay: string | null;
}

const { width: W, height: H } = shareImageSize;
const colours = {
  deep: "#6d0a0f",
  red: "#a8151b",
  bright: "#c62a24",
  gold: "#e5bd62",
  paleGold: "#f7dc97",
  cream: "#fbeed3",
  muted: "#efcfa0",
};

/** A five-pointed star as path data. */
function star(cx: number, cy: number, r: number): string {
  const points = Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? r : r * 0.4;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return `${round(cx + radius * Math.cos(angle))} ${round(cy + radius * Math.sin(angle))}`;
  });
  return `M${points.join("L")}Z`;
}

/** Rays from a point above the image, faint: the sunburst of a 光荣榜 poster. */
function rays(cx: number, cy: number): string {
  const count = 36;
  const length = 1600;
  const d = Array.from({ length: count }, (_, i) => {
    const a = (i * 2 * Math.PI) / count;
    const b = a + Math.PI / count;
    return `M${cx} ${cy}L${round(cx + length * Math.cos(a))} ${round(cy + length * Math.sin(a))}L${round(cx + length * Math.cos(b))} ${round(cy + length * Math.sin(b))}Z`;
  }).join("");
  return `<path d="${d}" fill="#ffffff" fill-opacity="0.035"/>`;
}

/** Background, sunburst and the double gold frame every card shares. */
function backdrop(glowX: number, glowY: number): string {
  return [
    `<defs>`,
    `<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${colours.bright}"/><stop offset="0.55" stop-color="${colours.red}"/><stop offset="1" stop-color="${colours.deep}"/></linearGradient>`,
    `<radialGradient id="glow" cx="${glowX}" cy="${glowY}" r="520" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="#ffd27a" stop-opacity="0.28"/><stop offset="1" stop-color="#ffd27a" stop-opacity="0"/></radialGradient>`,
    `<linearGradient id="goldline" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${colours.gold}" stop-opacity="0"/><stop offset="0.5" stop-color="${colours.paleGold}"/><stop offset="1" stop-color="${colours.gold}" stop-opacity="0"/></linearGradient>`,
    `</defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
    rays(glowX, glowY),
    `<rect width="${W}" height="${H}" fill="url(#glow)"/>`,
    `<rect x="18" y="18" width="${W - 36}" height="${H - 36}" fill="none" stroke="${colours.gold}" stroke-width="3"/>`,
    `<rect x="28" y="28" width="${W - 56}" height="${H - 56}" fill="none" stroke="${colours.gold}" stroke-opacity="0.6" stroke-width="1"/>`,
    ...[
      [28, 28],
      [W - 28, 28],
      [28, H - 28],
      [W - 28, H - 28],
    ].map(([x, y]) => `<path d="${star(x, y, 9)}" fill="${colours.paleGold}"/>`),
  ].join("");
}

const svgOpen = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`;

/** The whole honour roll: its name, period and unit, each title with its number of winners, some names, the brand. */
export function rollScene(face: Typeface, card: RollCard): Scene {
  const cx = W / 2;
  const inner = 1000;
  const parts: string[] = [backdrop(cx, -60)];

  // The kicker between two gold rules, spaced like a poster's heading.
  const kicker: TextStyle = { size: 30, weight: "bold", fill: colours.gold, tracking: spacing(card.kicker, 0.5, 0.12) };
  const kickerWidth = measure(face, card.kicker, kicker);
  const kickerY = 98;
  parts.push(textPath(face, card.kicker, kicker, cx, kickerY, "middle"));
  for (const side of [-1, 1]) {
    const from = cx + side * (kickerWidth / 2 + 24);
    parts.push(`<path d="M${round(from)} ${kickerY - 11}h${side * 130}" stroke="${colours.gold}" stroke-width="2"/>`);
    parts.push(`<path d="${star(from + side * 150, kickerY - 11, 8)}" fill="${colours.gold}"/>`);
  }

  // A long name (English runs longer than Chinese) gets smaller type and a third line before anything is cut.
  const name = fit(face, card.name, { size: 64, weight: "bold", fill: colours.paleGold, tracking: 0.04 }, [64, 56, 48, 42, 36], inner, (size) =>
    size >= 48 ? 2 : 3,
  );
  const nameLeading = name.style.size * 1.25;
  const metaFit = fit(
    face,
    [card.period, card.unit].filter(Boolean).join(" · "),
    { size: 26, weight: "regular", fill: colours.cream },
    [26, 24, 22],
    inner,
    (size) => (size >= 24 ? 1 : 2),
  );
  const meta = metaFit.style;
  const metaLine = metaFit.lines;
  const metaHeight = metaLine.length * 34;

  // The titles as gold-edged plaques: one row, the type made smaller until
  // it fits (down to 20 px); two rows when even that does not.
  const gap = 18;
  const plaqueRows = (size: number, maxLabel: number) => {
    const label: TextStyle = { size, weight: "bold", fill: colours.paleGold };
    const count: TextStyle = { size: Math.round(size * 0.85), weight: "regular", fill: colours.cream };
    const plaques = card.titles.slice(0, 8).map((title) => {
      const text = wrap(face, title.name, label, maxLabel, 1).lines[0] ?? "";
      return { text, count: title.count, width: Math.max(measure(face, text, label), measure(face, title.count, count)) + 2 * size };
    });
    const rows: Array<typeof plaques> = [];
    for (const plaque of plaques) {
      const row = rows.at(-1);
      if (row && row.reduce((n, p) => n + p.width + gap, 0) + plaque.width <= inner) row.push(plaque);
      else rows.push([plaque]);
    }
    return { rows, label, count, height: Math.round(size * 3.4) };
  };
  const plaques = [26, 24, 22, 20].map((size) => plaqueRows(size, inner)).find((p) => p.rows.length <= 1) ?? plaqueRows(22, 440);
  const plaquesHeight = plaques.rows.length * (plaques.height + 14) - 14;

  // Stack the middle block and centre it between the kicker and the brand;
  // the winners' names take the room that is left (up to two lines).
  const top = kickerY + 44;
  const bottom = 536;
  const nameHeight = name.lines.length * nameLeading;
  const names: TextStyle = { size: 28, weight: "regular", fill: colours.cream };
  const namesRoom = bottom - top - (nameHeight + 20 + metaHeight + 34 + plaquesHeight + 36);
  const nameList =
    namesRoom >= 42 ? fitList(face, card.names, card.separator, card.more, names, inner, Math.min(2, Math.floor(namesRoom / 42))) : { lines: [] };
  const used = nameHeight + 20 + metaHeight + 34 + plaquesHeight + (nameList.lines.length ? 36 + nameList.lines.length * 42 : 0);
  let y = top + Math.max(0, (bottom - top - used) / 2);

  parts.push(textLines(face, name.lines, name.style, cx, y + ascent * name.style.size, nameLeading, "middle"));
  y += nameHeight + 20;
  parts.push(textLines(face, metaLine, meta, cx, y + ascent * meta.size, 34, "middle"));
  y += metaHeight + 34;
  for (const row of plaques.rows) {
    const rowWidth = row.reduce((n, p) => n + p.width, 0) + gap * (row.length - 1);
    let x = cx - rowWidth / 2;
    for (const p of row) {
      const middle = x + p.width / 2;
      parts.push(
        `<rect x="${round(x)}" y="${round(y)}" width="${round(p.width)}" height="${plaques.height}" rx="6" fill="${colours.deep}" fill-opacity="0.55" stroke="${colours.gold}" stroke-width="2"/>`,
      );
      parts.push(textPath(face, p.text, plaques.label, middle, y + plaques.height * 0.44, "middle"));
      parts.push(textPath(face, p.count, plaques.count, middle, y + plaques.height * 0.8, "middle"));
      x += p.width + gap;
    }
    y += plaques.height + 14;
  }
  y += 36 - 14;
  parts.push(textLines(face, nameList.lines, names, cx, y + ascent * names.size, 42, "middle"));

  parts.push(`<path d="M${cx - 260} 556h520" stroke="url(#goldline)" stroke-width="1.5"/>`);
  parts.push(textPath(face, card.brand, { size: 24, weight: "bold", fill: colours.gold, tracking: 0.08 }, cx, 592, "middle"));
  return { svg: `${svgOpen}${parts.join("")}</svg>`, photo: null, overlay: null };
}

/** One winner: the photo (or their initial) in a gold frame, the title, the name, unit, citation, campaign and brand. */
export function winnerScene(face: Typeface, card: WinnerCard): Scene {
  const photo = { left: 84, top: 96, width: 372, height: 438 };
  const parts: string[] = [backdrop(photo.left + photo.width / 2, photo.top + photo.height / 2)];
  // A shadow and a gold mount behind the photo.
  parts.push(
    `<rect x="${photo.left - 14}" y="${photo.top - 14}" width="${photo.width + 28}" height="${photo.height + 28}" fill="#000000" fill-opacity="0.18" transform="translate(6 8)"/>`,
  );
  parts.push(`<rect x="${photo.left - 14}" y="${photo.top - 14}" width="${photo.width + 28}" height="${photo.height + 28}" fill="${colours.gold}"/>`);
  parts.push(`<rect x="${photo.left - 6}" y="${photo.top - 6}" width="${photo.width + 12}" height="${photo.height + 12}" fill="${colours.deep}"/>`);
  if (!card.hasPhoto) {
    // The pages' placeholder (components/initials.tsx): the same initials in the same two colours, as large as the ring allows.
    parts.push(`<rect x="${photo.left}" y="${photo.top}" width="${photo.width}" height="${photo.height}" fill="${initialsColours.background}"/>`);
    parts.push(
      `<circle cx="${photo.left + photo.width / 2}" cy="${photo.top + photo.height / 2}" r="130" fill="none" stroke="${colours.gold}" stroke-width="3"/>`,
    );
    const initials: TextStyle = { size: 1, weight: "bold", fill: initialsColours.ink };
    const size = Math.min(150, Math.floor(200 / Math.max(measure(face, card.initials, initials), 0.01)));
    parts.push(
      textPath(face, card.initials, { ...initials, size }, photo.left + photo.width / 2, photo.top + photo.height / 2 + 0.36 * size, "middle"),
    );
  }

  const left = 530;
  const width = W - 70 - left;
  let y = 96;

  // The title on a gold ribbon.
  const ribbon: TextStyle = { size: 28, weight: "bold", fill: colours.deep, tracking: spacing(card.title, 0.12, 0.03) };
  const ribbonText = wrap(face, card.title, ribbon, width - 72, 1).lines[0] ?? "";
  const ribbonWidth = measure(face, ribbonText, ribbon) + 72;
  parts.push(`<path d="M${left} ${y}h${round(ribbonWidth)}l-14 26l14 26h${round(-ribbonWidth)}Z" fill="${colours.gold}"/>`);
  parts.push(`<path d="${star(left + 22, y + 26, 9)}" fill="${colours.deep}"/>`);
  parts.push(textPath(face, ribbonText, ribbon, left + 40, y + 26 + 0.36 * ribbon.size));
  y += 52 + 30;

  const name = fit(face, card.name, { size: 76, weight: "bold", fill: colours.paleGold, tracking: 0.06 }, [76, 64, 54, 46], width, 2);
  const nameLeading = name.style.size * 1.2;
  parts.push(textLines(face, name.lines, name.style, left, y + ascent * name.style.size, nameLeading));
  y += name.lines.length * nameLeading + 8;

  if (card.members.length) {
    const members: TextStyle = { size: 26, weight: "regular", fill: colours.cream };
    const list = fitList(face, card.members, card.separator, card.moreMembers, members, width, 1);
    parts.push(textLines(face, list.lines, members, left, y + ascent * members.size, 36));
    y += 38;
  }
  const unit: TextStyle = { size: 26, weight: "regular", fill: colours.muted };
  const unitLines = wrap(face, card.unit, unit, width, 1).lines;
  parts.push(textLines(face, unitLines, unit, left, y + ascent * unit.size, 36));
  y += 36 + 22;

  parts.push(`<path d="M${left} ${y}h90" stroke="${colours.gold}" stroke-width="3"/>`);
  y += 26;

  // The first headline figure and where it came from, on one line above the citation.
  if (card.figure) {
    const figure: TextStyle = { size: 26, weight: "bold", fill: colours.paleGold };
    const line = wrap(face, card.figure, figure, width, 1).lines;
    parts.push(textLines(face, line, figure, left, y + ascent * figure.size, 36));
    y += 36 + 14;
  }

  // The footer: the campaign's name beside the brand, on one line in smaller
  // type if need be, else on two (English names run long), else across the
  // whole width above the brand; the rule rises to make room. Cut (at a
  // word, with an ellipsis) only when even that is too little.
  const brand: TextStyle = { size: 22, weight: "bold", fill: colours.gold, tracking: 0.06 };
  const brandWidth = measure(face, card.brand, brand);
  const besideBrand = width - brandWidth - 28;
  const campaignStyle: TextStyle = { size: 22, weight: "regular", fill: colours.muted };
  const footer = (() => {
    const one = fit(face, card.campaign, campaignStyle, [22, 20, 18], besideBrand, 1);
    if (!one.truncated) return { campaign: one, rule: 552, firstBaseline: 588, brandBaseline: 588 };
    const two = fit(face, card.campaign, campaignStyle, [18, 17, 16], besideBrand, 2);
    if (!two.truncated) return { campaign: two, rule: 540, firstBaseline: 566, brandBaseline: 590 };
    const above = fit(face, card.campaign, campaignStyle, [18, 17, 16], width, 2);
    // Under the citation, the brand's line below it.
    const firstBaseline = 562 - 24 * (above.lines.length - 1);
    return { campaign: above, rule: firstBaseline - 30, firstBaseline, brandBaseline: 592 };
  })();

  // The citation takes what room is left above the footer: smaller type and more lines before it is cut.
  const room = footer.rule - 24 - y;
  const leading = (size: number) => size * (size >= 24 ? 1.5 : 1.4);
  const body = fit(face, card.citation, { size: 30, weight: "regular", fill: colours.cream }, [30, 27, 24, 22, 20, 18], width, (size) =>
    Math.max(1, Math.floor(room / leading(size))),
  );
  parts.push(textLines(face, body.lines, body.style, left, y + ascent * body.style.size, leading(body.style.size)));

  parts.push(`<path d="M${left} ${footer.rule}h${width}" stroke="${colours.gold}" stroke-opacity="0.5" stroke-width="1"/>`);
  parts.push(textPath(face, card.brand, brand, left + width, footer.brandBaseline, "end"));
  parts.push(textLines(face, footer.campaign.lines, footer.campaign.style, left, footer.firstBaseline, 24));

  const overlay = card.hasPhoto
    ? `${svgOpen}<rect x="${photo.left + 0.5}" y="${photo.top + 0.5}" width="${photo.width - 1}" height="${photo.height - 1}" fill="none" stroke="${colours.paleGold}" stroke-opacity="0.7" stroke-width="1"/></svg>`
    : null;
  return { svg: `${svgOpen}${parts.join("")}</svg>`, photo: card.hasPhoto ? photo : null, overlay };
}
