import { findPersonalData, maskFindings } from "./detect";

// What every output does with stored free text (issue 19, item 4; decision
// 0044): whatever reaches a page, a poster, a share image, the feed, an
// export or a notification goes through maskPersonalData on its way out, so
// a number stored before the guard existed, or by a path that bypasses the
// forms, still leaves only as 138****5678. Pure and client-safe, like the
// detector it applies.

// Every finding has digits in it (a plate at least three) or an "@", as typed
// or full-width: a text with none — most names, headings and short lines —
// is returned as it is without a scan.
const mayHoldFinding = /[0-9\uFF10-\uFF19@\uFF20]/;

/** `text` with every piece of personal data the detector finds replaced by its mask; null and undefined pass through. */
export function maskPersonalData<T extends string | null | undefined>(text: T): T {
  if (typeof text !== "string" || !mayHoldFinding.test(text)) return text;
  const findings = findPersonalData(text);
  return (findings.length === 0 ? text : maskFindings(text, findings)) as T;
}

/** Every string inside a JSON value (an audit entry's before and after) masked, the rest as it is; a new value, the old one untouched. */
export function maskPersonalDataIn(value: unknown): unknown {
  if (typeof value === "string") return maskPersonalData(value);
  if (Array.isArray(value)) return value.map(maskPersonalDataIn);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPersonalDataIn(v)]));
  return value;
}
