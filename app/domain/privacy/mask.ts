// How a finding is masked (issue 19, item 2; decision 0040): the masks the
// industry prints on receipts and call-centre screens. Separators, a country
// prefix and an extension stay as written, so a masked number still reads as
// the kind of number it was; only its identifying digits become "*".

const significant = /[0-9A-Za-z]/;

/**
 * Keeps the first `first` and the last `last` letters or digits of `text` and
 * writes "*" for the others; spaces, dashes, dots and brackets stay.
 */
export function maskMiddle(text: string, first: number, last: number): string {
  let total = 0;
  for (const c of text) if (significant.test(c)) total++;
  let seen = 0;
  let out = "";
  for (const c of text) {
    if (!significant.test(c)) {
      out += c;
      continue;
    }
    out += seen < first || seen >= total - last ? c : "*";
    seen++;
  }
  return out;
}

/** IDs, bank cards, IMEIs and ICCIDs: the first 6 and the last 4 (440106********1234). */
export const maskLongNumber = (text: string) => maskMiddle(text, 6, 4);

/** Mobiles: the network's 3 digits and the last 4 (138****5678), after a +86 kept as written. */
export const maskMobile = (prefix: string, number: string) => prefix + maskMiddle(number, 3, 4);

/** Landlines: the area code and the last 4 of the local number (020-****4321); the extension stays. */
export const maskLandline = (prefix: string, area: string, local: string, extension: string) => prefix + area + maskMiddle(local, 0, 4) + extension;

/**
 * Emails: the first character of the name, then *** and the domain
 * (w***@example.com). A name of three characters or fewer keeps its length
 * (ab@… becomes a*@…, a@… becomes *@…): no mask is longer than what it hides,
 * so a text masked in place still fits its column's limit (decision 0042).
 */
export const maskEmail = (local: string, domain: string) =>
  `${local.length > 3 ? `${local[0]}***` : local.length > 1 ? local[0] + "*".repeat(local.length - 1) : "*"}@${domain}`;

/** Plates: the province and city letter, and the last 2 characters (粤B***45). */
export const maskPlate = (province: string, rest: string) => province + maskMiddle(rest, 1, 2);
