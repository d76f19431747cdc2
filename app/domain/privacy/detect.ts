// The privacy guard's detector (issue 19, item 1; decision 0040): finds
// customers' personal data in free text — mobile and landline numbers,
// resident IDs, bank cards, IMEIs, ICCIDs, email addresses and vehicle
// plates — and masks it. A finding is only what passes its check (a real
// date, a check digit, an issuer's prefix): metric values, dates, times,
// amounts, employee and work-order numbers and service hotlines are not.
//
// Offsets are in Unicode code points, as PostgreSQL and a reader count
// characters (decision 0025): in "𠮷13812345678" the mobile starts at 1.
// Pure and client-safe (no Node import): the forms will warn with it while
// one types. Every pattern is compiled once, anchored by lookbehinds so it
// starts only at a number's first digit, with bounded repeats and no two ways
// to match the same characters, so any input is scanned in linear time
// (tests/unit/privacy-detect.test.ts, "hostile input").

import {
  chinaDay,
  isBankCard,
  isChineseIccid,
  isImei,
  isLandline,
  isLegacyResidentId,
  isMobilePrefix,
  isPlateSerial,
  isResidentId,
  isEmailDomain,
} from "./checks";
import { maskEmail, maskLandline, maskLongNumber, maskMobile, maskPlate } from "./mask";

export const findingKinds = ["mobile", "landline", "id_card", "bank_card", "imei", "iccid", "email", "plate"] as const;
export type FindingKind = (typeof findingKinds)[number];

/** One piece of personal data: `start` inclusive, `end` exclusive, in code points; `masked` replaces text[start, end). */
export interface Finding {
  kind: FindingKind;
  start: number;
  end: number;
  masked: string;
}

/** Each kind's name for a writer ("a mobile number", "手机号码"), in the privacy area of messages. */
export const findingKindLabel = {
  mobile: "privacy.kind.mobile",
  landline: "privacy.kind.landline",
  id_card: "privacy.kind.id_card",
  bank_card: "privacy.kind.bank_card",
  imei: "privacy.kind.imei",
  iccid: "privacy.kind.iccid",
  email: "privacy.kind.email",
  plate: "privacy.kind.plate",
} as const satisfies Record<FindingKind, string>;

export interface DetectOptions {
  /** "Now", for the birth date of an ID that must not be in the future; the current time when left out. */
  now?: Date;
}

/** A finding in UTF-16 units, before overlaps are settled and offsets turned into code points. */
interface Candidate {
  kind: FindingKind;
  start: number;
  end: number;
  masked: string;
}

interface Scan {
  text: string;
  today: number;
  found: Candidate[];
}

// A number starts where no digit (nor a decimal point after one) comes
// before it, and ends where none comes after: 13812345678 inside
// 2026113812345678 or 0.13812345678 is not a mobile.
const start = String.raw`(?<![0-9]|[0-9]\.)`;
const end = String.raw`(?![0-9]|\.[0-9])`;

const patterns = {
  // 15–20 digits in one run (an 18-digit ID may end in X): IDs, cards, IMEIs, ICCIDs.
  digitRun: new RegExp(String.raw`${start}\d{14,19}[\dXx]${end}`, "g"),
  // A card written in fours: 6222 0212 3456 7890 128, 6222-0212-3456-7890.
  cardInFours: new RegExp(String.raw`${start}\d{4}([ -])\d{4}(?:\1\d{4}){2}(?:\1\d{1,4})?${end}`, "g"),
  // An ID written 6-8-4: 440106 19500101 1234.
  idInParts: new RegExp(String.raw`${start}\d{6} \d{8} \d{3}[\dXx]${end}`, "g"),
  // An IMEI written 2-6-6-1: 35-209900-176148-1.
  imeiInParts: new RegExp(String.raw`${start}\d{2}([ -])\d{6}\1\d{6}\1\d${end}`, "g"),
  // 13812345678, 138 1234 5678, 138-1234-5678, +86 138…, 0086-138…, (+86)138….
  mobile: new RegExp(String.raw`${start}((?:\+|00)86[ -]?|\(\+?86\) ?)?(1[3-9]\d([ -]?)\d{4}\3\d{4})${end}`, "g"),
  // 020-87654321, (020) 8765 4321, 0755 8765432, 02087654321, 020-87654321-8001.
  landline: new RegExp(String.raw`${start}(\(0(?:10|2\d|[3-9]\d\d)\) ?|0(?:10|2\d|[3-9]\d\d)[ -]?)([2-8]\d{2,3}[ -]?\d{4})(-\d{1,5})?${end}`, "g"),
  // +86 20 8765 4321, 0086-755-8765432, +86 (0)20 87654321.
  landlineAbroad: new RegExp(
    String.raw`(?:\+|${start}00)86[ -]?(?:\(0\) ?)?((?:10|2\d|[3-9]\d\d)[ -]?)([2-8]\d{2,3}[ -]?\d{4})(-\d{1,5})?${end}`,
    "g",
  ),
  // The name starts after anything that cannot be in one; the domain's labels are split by dots.
  email: /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g,
  // A province, the city's letter (never I or O), an optional separator, then five or six letters and digits (or four and 挂/学/警/港/澳).
  plate:
    /([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])([A-HJ-NP-Za-hj-np-z][·・• -]?)([0-9A-HJ-NP-Za-hj-np-z]{4,6})([挂学警港澳]?)(?![0-9A-Za-z])/g,
};

const digitsOf = (s: string) => s.replace(/\D/g, "");

// An IMEI and a 15-digit ID can share their digits (IMEIs starting 35, Fujian's
// code); the words just before decide, and without them it is the ID, the more sensitive.
const imeiWords = /imei|串号|识别码/i;
const imeiNamedBefore = (text: string, at: number) => imeiWords.test(text.slice(Math.max(0, at - 16), at));

/** What a run of 15–20 digits (grouped or not) is, most specific first, or null. */
function classifyNumber(scan: Scan, written: string, at: number): Candidate | null {
  const digits = written.replace(/[ -]/g, "");
  const found = (kind: FindingKind): Candidate => ({ kind, start: at, end: at + written.length, masked: maskLongNumber(written) });
  if (isResidentId(digits, scan.today)) return found("id_card");
  if (/[Xx]/.test(digits)) return null;
  if (isChineseIccid(digits)) return found("iccid");
  if (isBankCard(digits)) return found("bank_card");
  const imei = isImei(digits);
  if (isLegacyResidentId(digits) && !(imei && imeiNamedBefore(scan.text, at))) return found("id_card");
  return imei ? found("imei") : null;
}

function eachMatch(scan: Scan, pattern: RegExp, take: (m: RegExpExecArray) => Candidate | null) {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(scan.text); m; m = pattern.exec(scan.text)) {
    const candidate = take(m);
    if (candidate) scan.found.push(candidate);
  }
}

function findLongNumbers(scan: Scan) {
  for (const pattern of [patterns.digitRun, patterns.cardInFours, patterns.idInParts, patterns.imeiInParts])
    eachMatch(scan, pattern, (m) => classifyNumber(scan, m[0], m.index));
}

function findMobiles(scan: Scan) {
  eachMatch(scan, patterns.mobile, (m) => {
    const [whole, prefix = "", number] = m;
    if (!isMobilePrefix(number.slice(0, 3))) return null;
    return { kind: "mobile", start: m.index, end: m.index + whole.length, masked: maskMobile(prefix, number) };
  });
}

function findLandlines(scan: Scan) {
  eachMatch(scan, patterns.landline, (m) => {
    const [whole, area, local, extension = ""] = m;
    if (!isLandline(digitsOf(area).slice(1), digitsOf(local))) return null;
    return { kind: "landline", start: m.index, end: m.index + whole.length, masked: maskLandline("", area, local, extension) };
  });
  eachMatch(scan, patterns.landlineAbroad, (m) => {
    const [whole, area, local, extension = ""] = m;
    if (!isLandline(digitsOf(area), digitsOf(local))) return null;
    const prefix = whole.slice(0, whole.length - area.length - local.length - extension.length);
    return { kind: "landline", start: m.index, end: m.index + whole.length, masked: maskLandline(prefix, area, local, extension) };
  });
}

function findEmails(scan: Scan) {
  if (!scan.text.includes("@")) return;
  eachMatch(scan, patterns.email, (m) => {
    const [whole, local, domain] = m;
    if (!isEmailDomain(domain)) return null;
    return { kind: "email", start: m.index, end: m.index + whole.length, masked: maskEmail(local, domain) };
  });
}

function findPlates(scan: Scan) {
  eachMatch(scan, patterns.plate, (m) => {
    const [whole, province, letter, serial, suffix] = m;
    if (!isPlateSerial(serial, suffix)) return null;
    return { kind: "plate", start: m.index, end: m.index + whole.length, masked: maskPlate(province, letter + serial + suffix) };
  });
}

// Full-width digits, letters, ＋, －, ＠, brackets and the ideographic space,
// as Chinese input methods type them, read as their ASCII selves. Each is one
// UTF-16 unit either way, so offsets do not move; masks are cut from the text as written.
const fullWidth = /[\u3000\uFF08\uFF09\uFF0B\uFF0D\uFF10-\uFF19\uFF20-\uFF3A\uFF41-\uFF5A]/;
const fullWidthAll = new RegExp(fullWidth.source, "g");
function asAscii(text: string): string {
  if (!fullWidth.test(text)) return text;
  return text.replace(fullWidthAll, (c) => (c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

const specificity: Record<FindingKind, number> = { id_card: 0, iccid: 1, bank_card: 2, imei: 3, email: 4, mobile: 5, landline: 6, plate: 7 };

/**
 * Where two candidates overlap, the longer wins (an email holding a mobile
 * number), then the more specific kind (a valid ID that also passes Luhn is an
 * ID, not a bank card). Linear: each kept span marks the units it covers.
 */
function settleOverlaps(found: Candidate[], length: number): Candidate[] {
  if (found.length < 2) return found;
  const order = [...found].sort((a, b) => b.end - b.start - (a.end - a.start) || specificity[a.kind] - specificity[b.kind] || a.start - b.start);
  const taken = new Uint8Array(length);
  const kept: Candidate[] = [];
  for (const c of order) {
    let free = true;
    for (let i = c.start; i < c.end && free; i++) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

const surrogate = /[\uD800-\uDFFF]/;

/** UTF-16 offsets → code points, for candidates sorted by start: one walk over the text. */
function inCodePoints(text: string, sorted: Candidate[]): Finding[] {
  if (!surrogate.test(text)) return sorted;
  let unit = 0;
  let point = 0;
  const at = (target: number) => {
    for (; unit < target; point++) unit += text.codePointAt(unit)! > 0xffff ? 2 : 1;
    return point;
  };
  return sorted.map((c) => {
    const start = at(c.start);
    return { ...c, start, end: at(c.end) };
  });
}

/** Every piece of personal data in `text`, in order, none overlapping; offsets in code points. */
export function findPersonalData(text: string, options: DetectOptions = {}): Finding[] {
  const scan: Scan = { text: asAscii(text), today: chinaDay(options.now ?? new Date()), found: [] };
  findLongNumbers(scan);
  findMobiles(scan);
  findLandlines(scan);
  findEmails(scan);
  findPlates(scan);
  // Masks are cut from the text as written, not its ASCII reading.
  const settled = settleOverlaps(scan.found, text.length);
  if (scan.text !== text) for (const c of settled) c.masked = remask(text.slice(c.start, c.end), scan.text.slice(c.start, c.end), c.masked);
  return inCodePoints(text, settled);
}

/** A mask computed on the ASCII reading, with the characters it kept taken from the text as written. */
function remask(written: string, ascii: string, masked: string): string {
  if (masked.length !== ascii.length) return masked;
  let out = "";
  for (let i = 0; i < masked.length; i++) out += masked[i] === ascii[i] ? written[i] : masked[i];
  return out;
}

/**
 * `text` with each finding replaced by its mask. Findings are those
 * findPersonalData gave for this very text (offsets in code points); one that
 * overlaps an earlier one or runs past the end is ignored.
 */
export function maskFindings(text: string, findings: readonly Finding[]): string {
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  let out = "";
  let unit = 0;
  let point = 0;
  const advanceTo = (target: number) => {
    const from = unit;
    for (; point < target && unit < text.length; point++) unit += text.codePointAt(unit)! > 0xffff ? 2 : 1;
    return text.slice(from, unit);
  };
  for (const f of sorted) {
    if (f.start < point || f.end < f.start) continue;
    const before = advanceTo(f.start);
    const unitStart = unit;
    advanceTo(f.end);
    if (point < f.end) {
      // Past the end of the text: keep what is left as it is.
      out += before + text.slice(unitStart);
      return out;
    }
    out += before + f.masked;
  }
  return out + text.slice(unit);
}
