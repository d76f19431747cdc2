// The privacy guard on forms (issue 19, item 2; decision 0043): every
// free-text field a person writes refuses customers' personal data until it
// is masked. The same schema runs on the server (the guarantee: nothing is
// stored while it finds something) and in the browser (the warning while one
// types), so the rule is written once, here. Pure and client-safe.

import type * as z from "zod";
import { findPersonalData, type Finding, type FindingKind } from "./detect";
// Masking is the one function every output uses too (decision 0044).
import { maskPersonalData } from "./mask-text";

/** The submit button that masks what was found and sends the form on (`<button name="privacy" value="mask">`). */
export const privacyField = "privacy";
export const maskChoice = "mask";
/** `field=value` the form was sent with, for forms whose submit buttons carry the action (save or submit). */
export const privacyThenField = "privacyThen";

/** The message of a field with a finding: one per finding, its kind in the key, its sentence (masked) beside. */
const findingMessage = "privacy.found.";
export type FindingMessageKey = `privacy.found.${FindingKind}`;

/** Does this field error say "personal data here"? */
export const isFindingMessage = (message: string) => message.startsWith(findingMessage);

const sentenceEnd = /[。！？!?；;\n]/;
const around = 24;

/**
 * Where a finding is, for the writer: its sentence (at most 24 characters
 * either side, cut at a sentence's end), with every finding in it already
 * masked, so a message never repeats a number.
 */
export function findingExcerpt(text: string, findings: readonly Finding[], index: number): string {
  const chars = [...text];
  // One piece per code point: a finding's mask at its start, nothing for the rest of it.
  const pieces = [...chars];
  for (const f of findings) pieces.splice(f.start, f.end - f.start, f.masked, ...Array<string>(f.end - f.start - 1).fill(""));
  const { start, end } = findings[index];
  let from = start;
  while (from > 0 && start - from < around && !sentenceEnd.test(chars[from - 1])) from--;
  let to = end;
  while (to < chars.length && to - end < around && !sentenceEnd.test(chars[to])) to++;
  const cutBefore = from > 0 && !sentenceEnd.test(chars[from - 1]);
  const cutAfter = to < chars.length && !sentenceEnd.test(chars[to]);
  // The sentence keeps its own full stop.
  if (to < chars.length && chars[to] !== "\n" && !cutAfter) to++;
  const excerpt = pieces.slice(from, to).join("").trim();
  return `${cutBefore ? "…" : ""}${excerpt}${cutAfter ? "…" : ""}`;
}

/** The field errors for `text`: "A mobile number: “…王女士（138****5678）…”", one per finding. */
export function findingMessages(text: string): string[] {
  const findings = findPersonalData(text);
  return findings.map((f, i) => `${findingMessage}${f.kind} ${JSON.stringify({ excerpt: findingExcerpt(text, findings, i) })}`);
}

/**
 * A free-text field of a form (a story, a comment, a reason): refused while
 * it holds personal data. Wraps the field's own schema, so its trimming and
 * limits stay as they were.
 */
export function guarded<T extends z.ZodType<string | undefined>>(schema: T): T {
  return schema.superRefine((value, ctx) => {
    if (typeof value !== "string") return;
    for (const message of findingMessages(value)) ctx.addIssue({ code: "custom", message });
  }) as unknown as T;
}

/** Did the person choose "Mask and continue"? */
export const maskRequested = (form: FormData) => form.get(privacyField) === maskChoice;

/**
 * "Mask and continue": masks, in the posted form, every field whose errors
 * name a finding (Conform's field names: `stories[0].body`), and restores the
 * action the form was first sent with when the mask button replaced it.
 * The form is then parsed again; a field the guard does not cover is never
 * touched (an email address in a settings form stays as typed).
 */
export function maskFlaggedFields(form: FormData, errors: Record<string, string[] | null> | undefined): void {
  for (const [name, messages] of Object.entries(errors ?? {})) {
    if (!messages?.some(isFindingMessage)) continue;
    const value = form.get(name);
    if (typeof value === "string") form.set(name, maskPersonalData(value));
  }
  const then = form.get(privacyThenField);
  if (typeof then === "string") {
    const at = then.indexOf("=");
    const [name, value] = [then.slice(0, at), then.slice(at + 1)];
    if (at > 0 && !form.has(name)) form.set(name, value);
  }
  form.delete(privacyThenField);
  form.delete(privacyField);
}

/** Does a form's answer carry findings (so the choice "Mask and continue" is offered)? */
export function hasFindings(errors: Record<string, string[] | null> | undefined): boolean {
  return Object.values(errors ?? {}).some((messages) => messages?.some(isFindingMessage));
}
