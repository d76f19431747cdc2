// The checks behind the privacy guard's findings (issue 19, item 1;
// docs/decisions/0040-privacy-detector.md): each takes the digits (or
// letters) a pattern matched and says whether they are what they look like.
// A number is a finding only when its structure holds — a real region, a
// real date, a check digit, an issuer's prefix — so that metric values,
// dates, amounts and work-order numbers that merely look similar are not.
// Pure and client-safe: the forms will run the same rules while one types.

/** Provinces (GB/T 2260's first two digits) and the residence permits of Hong Kong, Macao and Taiwan (81, 82, 83). */
const provinceCodes = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46",
  "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
]); // prettier-ignore

/** A region code a resident ID can start with: a province, then a prefecture that is not "00". */
export function isPlausibleRegion(six: string): boolean {
  return provinceCodes.has(six.slice(0, 2)) && six.slice(2, 4) !== "00";
}

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether year-month-day is a day of the Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : daysInMonth[month - 1]);
}

/** Today in China (UTC+8, no daylight saving) as yyyymmdd: a birth date after it is no birth date. */
export function chinaDay(now: Date): number {
  const d = new Date(now.getTime() + 8 * 3600_000);
  return d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** A birth date written yyyymmdd: real, from 1900 on, and not after `today` (yyyymmdd). */
export function isBirthDate(yyyymmdd: string, today: number): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  return year >= 1900 && isRealDate(year, month, day) && Number(yyyymmdd) <= today;
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckCharacters = "10X98765432";

/** The check character of an 18-digit resident ID (ISO 7064 MOD 11-2, GB 11643-1999) from its first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * idWeights[i];
  return idCheckCharacters[sum % 11];
}

/** An 18-digit resident ID: region, a real birth date not in the future, and its check character (X or x for 10). */
export function isResidentId(id: string, today: number): boolean {
  return (
    id.length === 18 &&
    isPlausibleRegion(id.slice(0, 6)) &&
    isBirthDate(id.slice(6, 14), today) &&
    idCheckCharacter(id.slice(0, 17)) === id[17].toUpperCase()
  );
}

/** A 15-digit resident ID of before 1999: region and a real yymmdd birth date in the 1900s (it has no check digit). */
export function isLegacyResidentId(id: string): boolean {
  return id.length === 15 && /^\d{15}$/.test(id) && isPlausibleRegion(id.slice(0, 6)) && isBirthDate(`19${id.slice(6, 12)}`, 99_999_999);
}

/** The Luhn (mod 10) check of bank cards, IMEIs and ICCIDs. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d > 4 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

// The issuers' major industry identifiers that hold payment cards: 3 (JCB's
// 35), 4 (Visa), 5 (Mastercard), 6 (UnionPay's 62, Discover), 9 (older
// domestic debit cards), and Mastercard's 2221–2720. Work-order and ticket
// numbers start with their date (2026…), which no issuer uses.
const cardIssuer = /^(?:35|[4569]|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/;

/** A bank card number: 16–19 digits, an issuer's prefix, and the Luhn check. */
export function isBankCard(digits: string): boolean {
  return digits.length >= 16 && digits.length <= 19 && cardIssuer.test(digits) && passesLuhn(digits);
}

// The first two digits of an IMEI name the body that allocated its type
// (GSMA reporting bodies): 35 and 86 (China's TAF) cover nearly every phone
// sold here; 01, 10, 30, 33, 44, 45, 49, 50–54, 91, 98 and 99 are the others.
const imeiReportingBodies = new Set(["01", "10", "30", "33", "35", "44", "45", "49", "50", "51", "52", "53", "54", "86", "91", "98", "99"]);

/** An IMEI: 15 digits, a reporting body's prefix, and the Luhn check digit. */
export function isImei(digits: string): boolean {
  return digits.length === 15 && imeiReportingBodies.has(digits.slice(0, 2)) && passesLuhn(digits);
}

/** A Chinese SIM card's ICCID: 89 (telecom) 86 (China), 19 or 20 digits in all. */
export function isChineseIccid(digits: string): boolean {
  return (digits.length === 19 || digits.length === 20) && digits.startsWith("8986");
}

// 13x, 145–149, 150–153, 155–159, 162, 165–167, 170–178, 18x, 190–193, 195–199:
// the prefixes the MIIT has given mobile networks (and their data-only SIMs).
const mobilePrefix = /^1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])$/;

/** The first three digits of a mainland mobile number. */
export function isMobilePrefix(first3: string): boolean {
  return mobilePrefix.test(first3);
}

/** A landline: an area code (0 dropped after +86) and a local number of 8 digits after 010 and 02x, 7 or 8 after the others. */
export function isLandline(areaWithoutZero: string, local: string): boolean {
  // 400 and 800 are company service numbers, not areas.
  if (areaWithoutZero === "400" || areaWithoutZero === "800") return false;
  const bigCity = areaWithoutZero.length === 2;
  return bigCity ? local.length === 8 : local.length === 7 || local.length === 8;
}

/** A vehicle plate after its province character: the city letter is matched; these are the 5 or 6 characters after it. */
export function isPlateSerial(serial: string, suffix: string): boolean {
  const s = serial.toUpperCase();
  const digits = s.replace(/\D/g, "").length;
  // With 挂/学/警/港/澳: four characters, then the suffix.
  if (suffix) return s.length === 4 && digits >= 3;
  // Ordinary plates: at most two letters among five.
  if (s.length === 5) return digits >= 3;
  // New-energy plates: D or F first (small cars, then a letter or digit and four digits) or last (large vehicles).
  return /^[DF][A-HJ-NP-Z0-9]\d{4}$/.test(s) || /^\d{5}[DF]$/.test(s);
}

/** An email address's domain: dot-separated labels, the last of letters only (a top-level domain). */
export function isEmailDomain(domain: string): boolean {
  const tld = domain.slice(domain.lastIndexOf(".") + 1);
  return tld.length >= 2 && /^[A-Za-z]+$/.test(tld);
}
