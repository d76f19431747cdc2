import type { Cookie } from "@remix-run/node";
import type { Db } from "../db/client";
import type { AuthSettings } from "./domain/auth/settings";
import type { IdentitySettings } from "./domain/identity/settings";
import type { RetentionSettings } from "./domain/retention";
import type { SamlProvider } from "./domain/identity/saml.server";

/** How a sign-in attempt ended: signed in, refused (unknown account or wrong password), or told to wait. */
export type SignInOutcome = "success" | "invalid" | "throttled";

/**
 * What the web layer tells the server about the request it is answering,
 * for the request's log line and the metrics (server/observe.ts). Counts and
 * ids only: never a ballot's choices or text a person wrote.
 */
export interface RequestObserver {
  /** The request's id (X-Request-Id, echoed in the answer): put it on any line logged about this request. */
  readonly requestId: string;
  /** The route pattern it matched ("/campaigns/:slug/vote"), never the raw path (a password link carries its token there). */
  readonly route: string;
  /** The signed-in person the request acts for: their id goes on the request's log line. */
  signedIn(userId: number): void;
  signInAttempt(outcome: SignInOutcome): void;
  /** A ballot was stored (counted, never who or for whom). */
  ballotCast(): void;
}

// What server/app.ts hands every loader and action. Routes pass `context.db`
// to one domain function; they never import db/ themselves.
declare module "@remix-run/node" {
  interface AppLoadContext {
    db: Db;
    dbKind: "pg" | "pglite";
    nonce: string;
    sessionCookie: Cookie;
    clientIp: string;
    /** The language the request asks for (cookie → Accept-Language), before we know who it is. */
    locale: "zh-CN" | "en";
    /** Sign-in allowance and session lifetime, from server/config.ts. */
    auth: AuthSettings;
    /** Company sign-in: the OpenID provider and the SAML button, when configured (server/config.ts, app/domain/identity/settings.ts). */
    identity: IdentitySettings;
    /** A company sign-in's state, nonce and PKCE verifier between leaving for the provider and its callback: signed, HttpOnly, SameSite=Lax, ten minutes (decision 0045). */
    flowCookie: Cookie;
    /** A SAML sign-in's AuthnRequest ID, binding the IdP's response to this browser: signed, HttpOnly, SameSite=None; Secure, ten minutes (decision 0046). */
    samlRequestCookie: Cookie;
    /** How long sessions' user agents and abandoned uploads are kept, from server/config.ts. */
    retention: RetentionSettings;
    /** The request's id, route and signed-in person for its log line, and the counters (server/observe.ts). */
    observe: RequestObserver;
    /** SAML sign-in, when SAML_IDP_METADATA is set (server/index.ts); undefined: off, and /auth/saml/* answer 404. */
    saml?: SamlProvider;
  }
  // Loader data is typed as sent by single fetch (turbo-stream), not as JSON.
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
