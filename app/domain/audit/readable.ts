// An audit entry as people read it (issue 14, item 14): its before and after
// as a list of the fields that changed, each with its old and new value,
// instead of two JSON documents to compare by eye. Pure, tested in
// tests/unit/audit-readable.test.ts; the page translates the field names and
// formats the values.

import { maskPersonalData } from "../privacy/mask-text";

/** A value as the page shows it: text, a yes/no, a moment, several values, or nothing. */
export type ShownValue =
  | { kind: "text"; text: string }
  | { kind: "bool"; value: boolean }
  | { kind: "time"; iso: string }
  | { kind: "list"; items: ShownValue[] }
  | { kind: "record"; fields: Array<{ field: string; value: ShownValue }> }
  | { kind: "none" };

export interface FieldChange {
  /** The field's path, segment by segment ([] for a value that is not an object, such as a list of roles). */
  path: string[];
  before: ShownValue;
  after: ShownValue;
}

const isoMoment = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function shown(v: unknown): ShownValue {
  if (v === null || v === undefined || v === "") return { kind: "none" };
  if (typeof v === "boolean") return { kind: "bool", value: v };
  // A comment recorded before the privacy guard may hold a customer's number: the log shows it masked (decision 0044).
  if (typeof v === "string") return isoMoment.test(v) ? { kind: "time", iso: v } : { kind: "text", text: maskPersonalData(v) };
  if (typeof v === "number" || typeof v === "bigint") return { kind: "text", text: String(v) };
  if (Array.isArray(v)) return v.length ? { kind: "list", items: v.map(shown) } : { kind: "none" };
  if (isRecord(v)) return { kind: "record", fields: Object.entries(v).map(([field, value]) => ({ field, value: shown(value) })) };
  return { kind: "text", text: String(v) };
}

/** Nested objects as leaves with their paths; a list is one leaf (its order is its meaning). */
function leaves(v: unknown, path: string[] = [], out = new Map<string, { path: string[]; value: unknown }>()) {
  if (isRecord(v) && Object.keys(v).length) {
    for (const [k, x] of Object.entries(v)) leaves(x, [...path, k], out);
  } else {
    out.set(JSON.stringify(path), { path, value: v });
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields of an entry that changed, in the order they first appear: with
 * both sides, only those that differ; with one side only (something created,
 * or a fact recorded), every field of it.
 */
export function changesOf(before: unknown, after: unknown): FieldChange[] {
  const b = before === null || before === undefined ? new Map<string, { path: string[]; value: unknown }>() : leaves(before);
  const a = after === null || after === undefined ? new Map<string, { path: string[]; value: unknown }>() : leaves(after);
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  return keys
    .filter((k) => !same(b.get(k)?.value, a.get(k)?.value))
    .map((k) => ({ path: (b.get(k) ?? a.get(k))!.path, before: shown(b.get(k)?.value), after: shown(a.get(k)?.value) }));
}
