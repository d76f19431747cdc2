import sharp from "sharp";
import type { DemoPhotoScene } from "./nomination-content";
import { seededRandom, type Random } from "./random";

// Demo photos for the seeded nominations: a flat illustration per scene,
// composed as SVG and encoded as JPEG by sharp. No text is drawn (fonts
// differ from machine to machine), and every colour and position comes from
// a seeded generator, so the same (scene, seed) always gives the same bytes
// on a given sharp build.

// Drawn on a 1600×1200 canvas, output at 1280×960: the largest width a
// photo is served at (limits.ts), so the upload pipeline has nothing to
// shrink, and a first start encodes each picture in about two thirds of the
// time a 1600-px one took (decision 0030).
const width = 1600;
const height = 1200;
const outWidth = 1280;
const outHeight = 960;

/** A colour from hue (degrees), saturation and lightness (0–100), as #rrggbb. */
function hsl(h: number, s: number, l: number): string {
  const hue = ((h % 360) + 360) % 360;
  const sat = s / 100;
  const light = l / 100;
  const a = sat * Math.min(light, 1 - light);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const c = light - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

interface Palette {
  /** The scene's main hue; others are offsets from it. */
  hue: number;
  sky: [string, string];
  ground: string;
  accent: string;
  accent2: string;
  dark: string;
  light: string;
}

function palette(random: Random, base: number, night = false): Palette {
  const hue = base + random.int(-25, 25);
  const accentHue = hue + 150 + random.int(-30, 30);
  return {
    hue,
    sky: night ? [hsl(hue, 45, 14), hsl(hue + 20, 40, 30)] : [hsl(hue, 60, 86), hsl(hue + 15, 55, 95)],
    ground: night ? hsl(hue + 40, 20, 18) : hsl(random.int(80, 130), random.int(32, 45), random.int(60, 70)),
    accent: hsl(accentHue, 70, 55),
    accent2: hsl(accentHue + 60, 65, 60),
    dark: hsl(hue, 30, 22),
    light: hsl(hue, 40, 97),
  };
}

const skinTones = ["#f1c7a5", "#e0ac85", "#c98e68", "#f5d3b8", "#b97b56"];
const hairTones = ["#2b211c", "#3a2a20", "#1d1a1a", "#4a3426", "#5b4636"];

const n = (v: number) => Math.round(v * 10) / 10;

/** A friendly standing (or seated, when legs=false) figure, feet at (x, y). */
function figure(
  random: Random,
  x: number,
  y: number,
  scale: number,
  shirt: string,
  opts: { legs?: boolean; helmet?: string; headset?: string } = {},
): string {
  const s = scale;
  const skin = random.pick(skinTones);
  const hair = random.pick(hairTones);
  const legs = opts.legs ?? true;
  const bodyTop = y - (legs ? 300 : 170) * s;
  const headY = bodyTop - 62 * s;
  const parts: string[] = [];
  if (legs) {
    const trousers = hsl(random.int(200, 240), 25, random.int(22, 38));
    parts.push(`<rect x="${n(x - 44 * s)}" y="${n(y - 150 * s)}" width="${n(38 * s)}" height="${n(150 * s)}" rx="${n(14 * s)}" fill="${trousers}"/>`);
    parts.push(`<rect x="${n(x + 6 * s)}" y="${n(y - 150 * s)}" width="${n(38 * s)}" height="${n(150 * s)}" rx="${n(14 * s)}" fill="${trousers}"/>`);
  }
  // Torso: rounded shoulders, straight down to the waist.
  const w = 70 * s;
  const torsoBottom = legs ? y - 135 * s : y;
  parts.push(
    `<path d="M${n(x - w)} ${n(torsoBottom)} L${n(x - w)} ${n(bodyTop + 40 * s)} Q${n(x - w)} ${n(bodyTop)} ${n(x - w + 40 * s)} ${n(bodyTop)} L${n(x + w - 40 * s)} ${n(bodyTop)} Q${n(x + w)} ${n(bodyTop)} ${n(x + w)} ${n(bodyTop + 40 * s)} L${n(x + w)} ${n(torsoBottom)} Z" fill="${shirt}"/>`,
  );
  // Neck and head.
  parts.push(`<rect x="${n(x - 14 * s)}" y="${n(headY + 30 * s)}" width="${n(28 * s)}" height="${n(40 * s)}" fill="${skin}"/>`);
  parts.push(`<circle cx="${n(x)}" cy="${n(headY)}" r="${n(48 * s)}" fill="${skin}"/>`);
  if (opts.helmet) {
    parts.push(
      `<path d="M${n(x - 56 * s)} ${n(headY - 6 * s)} A${n(56 * s)} ${n(56 * s)} 0 0 1 ${n(x + 56 * s)} ${n(headY - 6 * s)} Z" fill="${opts.helmet}"/>`,
    );
    parts.push(
      `<rect x="${n(x - 66 * s)}" y="${n(headY - 12 * s)}" width="${n(132 * s)}" height="${n(12 * s)}" rx="${n(6 * s)}" fill="${opts.helmet}"/>`,
    );
  } else {
    parts.push(
      `<path d="M${n(x - 50 * s)} ${n(headY + 4 * s)} A${n(50 * s)} ${n(52 * s)} 0 0 1 ${n(x + 50 * s)} ${n(headY + 4 * s)} Q${n(x + 20 * s)} ${n(headY - 22 * s)} ${n(x - 50 * s)} ${n(headY + 4 * s)} Z" fill="${hair}"/>`,
    );
  }
  if (opts.headset) {
    parts.push(
      `<path d="M${n(x - 52 * s)} ${n(headY)} A${n(52 * s)} ${n(58 * s)} 0 0 1 ${n(x + 52 * s)} ${n(headY)}" fill="none" stroke="${opts.headset}" stroke-width="${n(9 * s)}"/>`,
    );
    parts.push(
      `<rect x="${n(x - 64 * s)}" y="${n(headY - 10 * s)}" width="${n(22 * s)}" height="${n(36 * s)}" rx="${n(8 * s)}" fill="${opts.headset}"/>`,
    );
    parts.push(
      `<rect x="${n(x + 42 * s)}" y="${n(headY - 10 * s)}" width="${n(22 * s)}" height="${n(36 * s)}" rx="${n(8 * s)}" fill="${opts.headset}"/>`,
    );
    parts.push(
      `<path d="M${n(x - 54 * s)} ${n(headY + 22 * s)} Q${n(x - 48 * s)} ${n(headY + 50 * s)} ${n(x - 14 * s)} ${n(headY + 38 * s)}" fill="none" stroke="${opts.headset}" stroke-width="${n(6 * s)}" stroke-linecap="round"/>`,
    );
  }
  // A smile and two eyes: the whole face, kept simple.
  parts.push(`<circle cx="${n(x - 16 * s)}" cy="${n(headY + 6 * s)}" r="${n(4.5 * s)}" fill="#2a2a2a"/>`);
  parts.push(`<circle cx="${n(x + 16 * s)}" cy="${n(headY + 6 * s)}" r="${n(4.5 * s)}" fill="#2a2a2a"/>`);
  parts.push(
    `<path d="M${n(x - 15 * s)} ${n(headY + 22 * s)} Q${n(x)} ${n(headY + 34 * s)} ${n(x + 15 * s)} ${n(headY + 22 * s)}" fill="none" stroke="#7a3b2e" stroke-width="${n(4 * s)}" stroke-linecap="round"/>`,
  );
  return parts.join("");
}

function cloud(x: number, y: number, s: number, fill: string): string {
  return `<g fill="${fill}"><ellipse cx="${n(x)}" cy="${n(y)}" rx="${n(90 * s)}" ry="${n(34 * s)}"/><circle cx="${n(x - 30 * s)}" cy="${n(y - 18 * s)}" r="${n(36 * s)}"/><circle cx="${n(x + 26 * s)}" cy="${n(y - 26 * s)}" r="${n(44 * s)}"/></g>`;
}

function starShape(cx: number, cy: number, outer: number, inner: number, fill: string, rotate = 0): string {
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = ((rotate - 90 + i * 36) * Math.PI) / 180;
    points.push(`${n(cx + r * Math.cos(a))},${n(cy + r * Math.sin(a))}`);
  }
  return `<polygon points="${points.join(" ")}" fill="${fill}"/>`;
}

function tree(x: number, y: number, s: number, leaf: string): string {
  return `<rect x="${n(x - 12 * s)}" y="${n(y - 120 * s)}" width="${n(24 * s)}" height="${n(120 * s)}" fill="#7a5236"/><circle cx="${n(x)}" cy="${n(y - 170 * s)}" r="${n(80 * s)}" fill="${leaf}"/><circle cx="${n(x - 50 * s)}" cy="${n(y - 130 * s)}" r="${n(50 * s)}" fill="${leaf}"/><circle cx="${n(x + 52 * s)}" cy="${n(y - 128 * s)}" r="${n(48 * s)}" fill="${leaf}"/>`;
}

const backdrop = (p: Palette, horizon: number) =>
  `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.sky[0]}"/><stop offset="1" stop-color="${p.sky[1]}"/></linearGradient></defs>` +
  `<rect width="${width}" height="${height}" fill="url(#sky)"/><rect y="${horizon}" width="${width}" height="${height - horizon}" fill="${p.ground}"/>`;

function hotline(random: Random): string {
  const p = palette(random, random.int(0, 360));
  const wall = hsl(p.hue + 20, 35, 90);
  const desk = hsl(random.int(20, 40), 40, random.int(50, 62));
  const parts = [
    `<rect width="${width}" height="${height}" fill="${wall}"/>`,
    `<rect y="860" width="${width}" height="340" fill="${hsl(p.hue + 20, 18, 70)}"/>`,
  ];
  // A window with the city outside.
  parts.push(`<rect x="1040" y="130" width="420" height="330" rx="16" fill="${p.sky[0]}" stroke="${p.light}" stroke-width="18"/>`);
  for (let i = 0; i < 5; i++) {
    const bh = random.int(70, 200);
    parts.push(`<rect x="${1060 + i * 78}" y="${450 - bh}" width="64" height="${bh}" fill="${hsl(p.hue, 20, 60 + i * 4)}"/>`);
  }
  parts.push(`<line x1="1250" y1="130" x2="1250" y2="460" stroke="${p.light}" stroke-width="12"/>`);
  // A plant on the sill.
  parts.push(
    `<rect x="1380" y="480" width="70" height="80" rx="10" fill="${p.accent2}"/>`,
    `<ellipse cx="1415" cy="470" rx="60" ry="40" fill="${hsl(120 + random.int(-15, 15), 45, 42)}"/>`,
  );
  // The agent at the desk, with a headset.
  parts.push(figure(random, 620, 800, 1.3, p.accent, { legs: false, headset: p.dark }));
  // Desk, monitor, keyboard, mug.
  parts.push(
    `<rect x="120" y="760" width="1360" height="44" rx="12" fill="${desk}"/>`,
    `<rect x="170" y="804" width="36" height="320" fill="${hsl(30, 20, 30)}"/>`,
    `<rect x="1394" y="804" width="36" height="320" fill="${hsl(30, 20, 30)}"/>`,
  );
  parts.push(
    `<rect x="860" y="470" width="420" height="270" rx="18" fill="${p.dark}"/>`,
    `<rect x="884" y="494" width="372" height="222" rx="8" fill="${hsl(p.hue + 10, 60, 78)}"/>`,
  );
  for (let i = 0; i < 4; i++)
    parts.push(`<rect x="912" y="${526 + i * 44}" width="${random.int(140, 300)}" height="18" rx="9" fill="${i === 0 ? p.accent : p.light}"/>`);
  parts.push(
    `<rect x="1040" y="740" width="60" height="22" fill="${p.dark}"/>`,
    `<rect x="720" y="730" width="260" height="30" rx="8" fill="${hsl(p.hue, 10, 85)}"/>`,
  );
  parts.push(
    `<rect x="300" y="680" width="80" height="82" rx="12" fill="${p.accent2}"/>`,
    `<path d="M380 700 q40 0 40 30 q0 30 -40 30" fill="none" stroke="${p.accent2}" stroke-width="12"/>`,
  );
  return parts.join("");
}

function repair(random: Random): string {
  const p = palette(random, random.int(190, 215));
  const parts = [backdrop(p, 960)];
  parts.push(`<circle cx="${random.int(820, 1150)}" cy="${random.int(110, 170)}" r="80" fill="${hsl(45, 95, 65)}"/>`);
  for (let i = 0; i < 3; i++) parts.push(cloud(random.int(150, 1100), random.int(120, 360), random.int(8, 13) / 10, p.light));
  // Poles and the wires between them.
  const pole = hsl(28, 35, random.int(30, 40));
  for (const px of [520, 1380]) {
    parts.push(
      `<rect x="${px - 22}" y="180" width="44" height="800" fill="${pole}"/>`,
      `<rect x="${px - 150}" y="240" width="300" height="26" rx="6" fill="${pole}"/>`,
    );
    for (const dx of [-130, -50, 50, 130]) parts.push(`<rect x="${px + dx - 8}" y="222" width="16" height="22" rx="4" fill="${p.light}"/>`);
  }
  for (const dx of [-130, -50, 50, 130])
    parts.push(
      `<path d="M${520 + dx} 226 Q${950 + dx} ${300 + random.int(0, 40)} ${1380 + dx} 226" fill="none" stroke="${p.dark}" stroke-width="5"/>`,
    );
  // A cabinet box on the pole.
  parts.push(`<rect x="470" y="520" width="100" height="140" rx="10" fill="${hsl(p.hue, 15, 80)}" stroke="${p.dark}" stroke-width="6"/>`);
  // The ladder, leaning on the pole.
  const ladder = hsl(random.int(30, 50), 80, 55);
  parts.push(
    `<line x1="760" y1="980" x2="575" y2="330" stroke="${ladder}" stroke-width="18" stroke-linecap="round"/>`,
    `<line x1="840" y1="980" x2="655" y2="330" stroke="${ladder}" stroke-width="18" stroke-linecap="round"/>`,
  );
  for (let i = 1; i < 9; i++) {
    const t = i / 9;
    parts.push(
      `<line x1="${n(760 - 185 * t)}" y1="${n(980 - 650 * t)}" x2="${n(840 - 185 * t)}" y2="${n(980 - 650 * t)}" stroke="${ladder}" stroke-width="12"/>`,
    );
  }
  // The engineer on the ladder, in a helmet and a work vest.
  parts.push(figure(random, 700, 760, 0.95, p.accent, { helmet: hsl(random.int(40, 55), 95, 55) }));
  parts.push(`<line x1="640" y1="540" x2="570" y2="600" stroke="${p.accent}" stroke-width="26" stroke-linecap="round"/>`);
  // Toolbox and a traffic cone.
  parts.push(
    `<rect x="980" y="900" width="170" height="90" rx="10" fill="${p.accent2}"/>`,
    `<path d="M1020 900 v-30 h90 v30" fill="none" stroke="${p.dark}" stroke-width="10"/>`,
  );
  parts.push(`<path d="M1230 990 L1280 820 L1330 990 Z" fill="#f08a24"/>`, `<rect x="1252" y="900" width="56" height="20" fill="#ffffff"/>`);
  return parts.join("");
}

function nightShift(random: Random): string {
  const p = palette(random, random.int(215, 255), true);
  const parts = [backdrop(p, 980)];
  for (let i = 0; i < 60; i++)
    parts.push(
      `<circle cx="${random.int(0, width)}" cy="${random.int(0, 600)}" r="${random.int(2, 5)}" fill="#fdf6d8" opacity="${random.int(5, 10) / 10}"/>`,
    );
  // A crescent moon: a disc with a sky-coloured disc over it.
  const mx = random.int(1150, 1400);
  const my = random.int(150, 260);
  parts.push(`<circle cx="${mx}" cy="${my}" r="95" fill="#fbefb8"/>`, `<circle cx="${mx + 45}" cy="${my - 30}" r="85" fill="${p.sky[0]}"/>`);
  // The city, windows lit here and there.
  let x = 0;
  while (x < width) {
    const bw = random.int(120, 220);
    const bh = random.int(260, 560);
    parts.push(`<rect x="${x}" y="${980 - bh}" width="${bw - 10}" height="${bh}" fill="${hsl(p.hue, 25, random.int(18, 26))}"/>`);
    for (let wy = 980 - bh + 30; wy < 940; wy += 60)
      for (let wx = x + 20; wx < x + bw - 40; wx += 50)
        if (random.next() < 0.35) parts.push(`<rect x="${wx}" y="${wy}" width="26" height="32" fill="#f8d772"/>`);
    x += bw;
  }
  // The road and the van with its headlights on.
  parts.push(`<rect y="1000" width="${width}" height="200" fill="${hsl(p.hue, 10, 20)}"/>`);
  for (let i = 0; i < 8; i++) parts.push(`<rect x="${i * 220 + 40}" y="1090" width="120" height="14" rx="7" fill="#d9d4b8"/>`);
  const vanColour = hsl(random.int(0, 360), 55, 62);
  parts.push(`<path d="M1130 990 L1600 900 L1600 1080 L1130 1030 Z" fill="#fff3b0" opacity="0.35"/>`);
  parts.push(
    `<path d="M560 1060 L560 840 Q560 800 600 800 L940 800 Q990 800 1020 850 L1110 940 Q1140 960 1140 1000 L1140 1060 Z" fill="${vanColour}"/>`,
  );
  parts.push(`<path d="M960 830 L1030 910 L960 910 Z" fill="#bfe1f5"/>`, `<rect x="620" y="840" width="300" height="70" rx="10" fill="#bfe1f5"/>`);
  parts.push(`<rect x="560" y="960" width="580" height="20" fill="${p.light}" opacity="0.8"/>`, `<circle cx="1120" cy="990" r="14" fill="#fff6c0"/>`);
  for (const wx of [680, 1000])
    parts.push(`<circle cx="${wx}" cy="1060" r="58" fill="#1e1e24"/>`, `<circle cx="${wx}" cy="1060" r="24" fill="#9a9aa8"/>`);
  return parts.join("");
}

function community(random: Random): string {
  const p = palette(random, random.int(170, 210));
  const parts = [backdrop(p, 900)];
  parts.push(`<circle cx="${random.int(180, 400)}" cy="${random.int(140, 240)}" r="80" fill="${hsl(45, 95, 68)}"/>`);
  for (let i = 0; i < 2; i++) parts.push(cloud(random.int(500, 1450), random.int(110, 300), random.int(8, 12) / 10, p.light));
  // The house.
  const wall = hsl(random.int(20, 50), 55, 80);
  const roof = hsl(random.int(0, 25), 55, 48);
  parts.push(`<rect x="820" y="520" width="560" height="400" fill="${wall}"/>`, `<path d="M780 540 L1100 300 L1420 540 Z" fill="${roof}"/>`);
  parts.push(`<rect x="1050" y="720" width="110" height="200" rx="8" fill="${p.dark}"/>`, `<circle cx="1140" cy="820" r="8" fill="${p.light}"/>`);
  for (const wx of [880, 1230])
    parts.push(`<rect x="${wx}" y="620" width="110" height="110" rx="6" fill="#bfe1f5" stroke="${p.light}" stroke-width="10"/>`);
  parts.push(tree(1500, 920, 1, hsl(110 + random.int(-20, 20), 45, 42)), tree(110, 920, 0.9, hsl(110 + random.int(-20, 20), 45, 38)));
  // A path to the door, and people chatting in front of the house.
  parts.push(`<path d="M1060 920 L1150 920 L1240 1200 L930 1200 Z" fill="${hsl(p.hue, 10, 85)}"/>`);
  parts.push(figure(random, 420, 1060, 1.05, p.accent, { helmet: hsl(random.int(40, 55), 95, 55) }));
  parts.push(figure(random, 640, 1060, 0.95, p.accent2));
  parts.push(figure(random, 800, 1070, 0.7, hsl(random.int(0, 360), 60, 60)));
  // A speech bubble with a heart: a thank-you without words.
  parts.push(`<ellipse cx="560" cy="420" rx="120" ry="80" fill="${p.light}"/>`, `<path d="M520 490 L500 560 L570 495 Z" fill="${p.light}"/>`);
  parts.push(
    `<path d="M560 460 C500 420 510 370 540 370 C555 370 560 385 560 390 C560 385 565 370 580 370 C610 370 620 420 560 460 Z" fill="${hsl(350, 75, 60)}"/>`,
  );
  return parts.join("");
}

function team(random: Random): string {
  const p = palette(random, random.int(0, 360));
  const parts = [
    `<rect width="${width}" height="${height}" fill="${hsl(p.hue, 35, 92)}"/>`,
    `<rect y="980" width="${width}" height="220" fill="${hsl(p.hue, 25, 78)}"/>`,
  ];
  // A banner without words, and bunting.
  parts.push(`<rect x="300" y="120" width="1000" height="150" rx="20" fill="${p.accent}"/>`);
  for (let i = 0; i < 5; i++) parts.push(starShape(420 + i * 190, 195, 44, 19, p.light));
  for (let i = 0; i < 14; i++) {
    const bx = 40 + i * 112;
    parts.push(`<path d="M${bx} 330 L${bx + 100} 330 L${bx + 50} 410 Z" fill="${hsl(p.hue + i * 40, 70, 62)}"/>`);
  }
  parts.push(`<path d="M30 330 L1570 330" stroke="${p.dark}" stroke-width="6"/>`);
  // Five colleagues side by side; the middle ones a step forward.
  const spread = random.int(50, 75);
  for (const i of [0, 4, 1, 3, 2]) {
    const x = 260 + i * 270;
    const front = i === 1 || i === 3 ? 30 : i === 2 ? 50 : 0;
    const shirt = hsl(p.hue + 150 + i * spread, 55, random.int(48, 62));
    parts.push(figure(random, x, 1060 + front, 1 + random.int(-8, 8) / 100, shirt));
  }
  return parts.join("");
}

function award(random: Random): string {
  const p = palette(random, random.int(200, 290));
  const gold = hsl(random.int(40, 48), 85, 55);
  const goldDark = hsl(38, 80, 40);
  const parts = [
    `<defs><radialGradient id="glow" cx="0.5" cy="0.45" r="0.7"><stop offset="0" stop-color="${hsl(p.hue, 60, 70)}"/><stop offset="1" stop-color="${hsl(p.hue, 55, 28)}"/></radialGradient></defs>`,
    `<rect width="${width}" height="${height}" fill="url(#glow)"/>`,
  ];
  // Rays behind the trophy.
  for (let i = 0; i < 16; i++) {
    const a = (i * Math.PI) / 8;
    const b = a + Math.PI / 20;
    parts.push(
      `<path d="M800 560 L${n(800 + 1200 * Math.cos(a))} ${n(560 + 1200 * Math.sin(a))} L${n(800 + 1200 * Math.cos(b))} ${n(560 + 1200 * Math.sin(b))} Z" fill="${p.light}" opacity="0.08"/>`,
    );
  }
  // Confetti.
  for (let i = 0; i < 70; i++) {
    const cx = random.int(0, width);
    const cy = random.int(0, height);
    parts.push(
      `<rect x="${cx}" y="${cy}" width="${random.int(10, 22)}" height="${random.int(6, 12)}" fill="${hsl(random.int(0, 360), 80, 65)}" transform="rotate(${random.int(0, 180)} ${cx} ${cy})"/>`,
    );
  }
  // The trophy: cup, handles, stem, base, and a star on the cup.
  parts.push(`<path d="M610 380 L990 380 L970 560 Q950 700 800 720 Q650 700 630 560 Z" fill="${gold}"/>`);
  parts.push(
    `<path d="M620 420 Q500 420 520 520 Q540 610 650 630" fill="none" stroke="${gold}" stroke-width="30"/>`,
    `<path d="M980 420 Q1100 420 1080 520 Q1060 610 950 630" fill="none" stroke="${gold}" stroke-width="30"/>`,
  );
  parts.push(
    `<rect x="770" y="710" width="60" height="120" fill="${goldDark}"/>`,
    `<rect x="680" y="820" width="240" height="60" rx="10" fill="${gold}"/>`,
    `<rect x="640" y="870" width="320" height="90" rx="12" fill="${p.dark}"/>`,
  );
  parts.push(`<rect x="700" y="895" width="200" height="40" rx="6" fill="${goldDark}"/>`);
  parts.push(starShape(800, 520, 90, 38, p.light));
  parts.push(starShape(800, 200, 110, 46, hsl(48, 95, 62), random.int(-10, 10)));
  parts.push(`<path d="M640 400 Q650 520 700 600" fill="none" stroke="${p.light}" stroke-width="14" stroke-linecap="round" opacity="0.5"/>`);
  return parts.join("");
}

const scenes: Record<DemoPhotoScene, (random: Random) => string> = {
  hotline,
  repair,
  "night-shift": nightShift,
  community,
  team,
  award,
};

/** The SVG of one demo photo; exported for tests and previews. */
export function demoPhotoSvg(scene: DemoPhotoScene, seed: number): string {
  const draw = scenes[scene];
  if (!draw) throw new Error(`demo photo: unknown scene ${String(scene)}`);
  const random = seededRandom((Math.imul(seed | 0, 2_654_435_761) ^ ((Object.keys(scenes).indexOf(scene) + 1) * 97)) >>> 0);
  // Half the photos are mirrored: with no text in them, that is free variety.
  const mirrored = random.next() < 0.5;
  const body = draw(random);
  const content = mirrored ? `<g transform="translate(${width} 0) scale(-1 1)">${body}</g>` : body;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${outWidth}" height="${outHeight}" viewBox="0 0 ${width} ${height}">${content}</svg>`;
}

/** A 1280×960 JPEG of a flat illustration for the scene; the same bytes for the same (scene, seed). */
export async function demoPhoto(scene: DemoPhotoScene, seed: number): Promise<Uint8Array> {
  const jpeg = await sharp(Buffer.from(demoPhotoSvg(scene, seed)))
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: 82, chromaSubsampling: "4:2:0" })
    .toBuffer();
  return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
}
