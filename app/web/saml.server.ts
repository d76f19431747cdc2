import type { AppLoadContext } from "@remix-run/node";
import { sessionCookieFor } from "./session.server";

/**
 * The session cookie for a sign-in with the company account, as startSession
 * sets it for a password: the browser keeps it as long as the session can
 * live; the database decides sooner (idle, revoked, left).
 */
export function companySessionCookie(request: Request, context: AppLoadContext, token: string, userId: number): Promise<string> {
  context.observe.signInAttempt("success");
  context.observe.signedIn(userId);
  return sessionCookieFor(request, context, token);
}
