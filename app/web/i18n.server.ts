import type { AppLoadContext } from "@remix-run/node";
import { type T } from "~/i18n";
import { makeT } from "~/i18n/all.server";
import type { Refusal } from "~/domain/result";
import { getLocale } from "./session.server";

/** The translator for this request's locale. */
export async function serverT(request: Request, context: AppLoadContext): Promise<T> {
  return makeT(await getLocale(request, context));
}

/** A domain refusal as a message in the user's language. */
export function refusalText(t: T, refusal: Refusal): string {
  return t(refusal.error, refusal.vars);
}
