import type { MessageKey, Vars } from "~/i18n";

/** A use-case's answer: its value, or a refusal the route can show as is. */
export type Result<T> = { ok: true; value: T } | Refusal;

/** A refusal names an i18n key and the HTTP status it maps to. */
export interface Refusal {
  ok: false;
  error: MessageKey;
  status: number;
  vars?: Vars;
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err(error: MessageKey, status = 400, vars?: Vars): Refusal {
  return vars ? { ok: false, error, status, vars } : { ok: false, error, status };
}

export const forbidden = (error: MessageKey = "common.forbidden") => err(error, 403);
export const notFound = (error: MessageKey = "common.notFound") => err(error, 404);
