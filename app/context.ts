import type { Cookie } from "@remix-run/node";
import type { Db } from "../db/client";
import type { AuthSettings } from "./domain/auth/settings";

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
  }
  // Loader data is typed as sent by single fetch (turbo-stream), not as JSON.
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
