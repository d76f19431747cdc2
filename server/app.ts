import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import path from "node:path";
import zlib from "node:zlib";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { createCookie } from "@remix-run/node";
import { ping, type DbHandle } from "../db/client";
import { log } from "../app/lib/log.server";
import type { answerRollPage } from "../app/lib/roll-page.server";
import type { RequestHead } from "../app/lib/session.server";
import type { AuthSettings } from "../app/domain/auth/settings";
import { errorPage, httpStatusOf, localeOf } from "./error-page";
import { bodyLimits, nonce, sameOriginOnly, scriptlessDocumentHeaders, securityHeaders } from "./security";

export interface AppOptions {
  db: DbHandle;
  build: ServerBuild;
  sessionSecrets: string[];
  trustProxy: string | boolean;
  auth: AuthSettings;
}

/** What the server calls in the Remix build besides its request handler (app/entry.server.tsx re-exports it). */
interface EntryExports {
  answerRollPage: typeof answerRollPage;
}

/**
 * The parts of a request a page answered before Remix reads: its method, URL
 * and headers (RequestHead). Not a whole Fetch Request: building one (a
 * second copy of the headers, an abort signal) is work the page never uses.
 */
function requestHeadOf(req: Request): RequestHead {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (value) for (const v of value) headers.append(name, v);
  }
  return { method: req.method, url: `${req.protocol}://${req.get("host")}${req.originalUrl}`, headers };
}

export function createApp({ db, build, sessionSecrets, trustProxy, auth }: AppOptions) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);

  // One cookie object per process; signed with every secret so they can rotate.
  const sessionCookie = createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secrets: sessionSecrets,
  });

  app.get("/healthz", async (_req, res) => {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 2_000).unref());
    try {
      await Promise.race([ping(db.db), timeout]);
      res.set("cache-control", "no-store").json({ status: "ok", database: db.kind });
    } catch (error) {
      log("warn", "healthz: database unreachable", { error: String(error) });
      res.status(503).set("cache-control", "no-store").json({ status: "unavailable", database: db.kind });
    }
  });

  const loadContext = (req: Request, res: Response): AppLoadContext => ({
    db: db.db,
    dbKind: db.kind,
    // None for the honour roll answered below: it has no script to mark.
    nonce: (res.locals.nonce as string | undefined) ?? "",
    sessionCookie,
    clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    locale: localeOf(req),
    auth,
  });

  // A published honour roll, the most-read page, for a signed-in reader:
  // answered from the app's cache before Remix, with the route's own checks;
  // anything else goes on to Remix (docs/decisions/0018). Its bytes come
  // compressed already, and it has no script, so it gets security headers
  // worked out once instead of a nonce (docs/decisions/0022).
  const { answerRollPage } = build.entry.module as unknown as EntryExports;
  if (typeof answerRollPage !== "function") throw new Error("the Remix build's entry.server exports no answerRollPage");
  app.get("/honor-roll/:slug", async (req, res, next) => {
    try {
      const answer = await answerRollPage(requestHeadOf(req), loadContext(req, res));
      if (!answer) return next();
      res.writeHead(answer.status, { ...scriptlessDocumentHeaders, ...answer.headers }).end(answer.body ?? undefined);
    } catch (error) {
      next(error);
    }
  });

  app.use(nonce);
  app.use(securityHeaders);

  // Brotli at quality 4: the same size as the default for a third of the CPU
  // on a 5 KB page (bench:pages; docs/benchmarks.md).
  app.use(
    compression({
      brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: 16 } },
    }),
  );

  // Fingerprinted by Remix: cache forever.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", index: false }));
  // Every file in public/ has an extension: a page URL (/honor-roll/…) never
  // reaches the disk, where express.static would stat it on every request
  // (3 % of the server's CPU under bench:honor-roll).
  const publicFiles = express.static("public", { maxAge: "1h", index: false });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

  app.use(sameOriginOnly);
  app.use(bodyLimits);

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV === "development" ? "development" : "production",
      getLoadContext: loadContext,
    }),
  );

  // Whatever Remix could not answer (a URL with broken percent-encoding fails
  // in Express's router): a small page in the person's language, never a stack.
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    // An error in the honour roll's early answer comes here before the nonce and its policy: the page has no script either.
    if (!res.hasHeader("content-security-policy")) res.set(scriptlessDocumentHeaders);
    const status = httpStatusOf(error);
    if (status >= 500) log("error", "request failed", { url: req.originalUrl.slice(0, 200), error: String(error) });
    res.status(status).set("cache-control", "no-store").type("html").send(errorPage(localeOf(req), status));
  });
  return app;
}
