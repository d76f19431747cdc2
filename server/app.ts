import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import path from "node:path";
import zlib from "node:zlib";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { createCookie } from "@remix-run/node";
import type { DbHandle } from "../db/client";
import { log } from "../app/log.server";
import type { answerRollPage } from "../app/web/roll-page.server";
import type { RequestHead } from "../app/web/session.server";
import type { AuthSettings } from "../app/domain/auth/settings";
import { noIdentityProviders, type IdentitySettings } from "../app/domain/identity/settings";
import type { SamlProvider } from "../app/domain/identity/saml.server";
import { defaultRetention, type RetentionSettings } from "../app/domain/retention";
import { errorAnswer, httpStatusOf, localeOf } from "./error-page";
import { databaseHealth } from "./database-health";
import { headersOf, remixHandler } from "./remix-handler";
import type { RequestLimits } from "../app/web/request-limits";
import { isScimPath } from "../app/web/scim";
import { precompressedBuild } from "./precompressed";
import { metricsEndpoint, type Metrics } from "./metrics";
import { answeredAs, observeRequests, observerOf } from "./observe";
import type { Readiness } from "./readiness";
import type { TrustProxy } from "./config";
import { routePatterns } from "./route-patterns";
import {
  bodyLimitOf,
  bodyLimits,
  emailPreviewHeaders,
  isEmailPreview,
  nonce,
  noDataRequests,
  sameOriginOnly,
  isJsonApi,
  scriptlessDocumentHeaders,
  securityHeadersFor,
} from "./security";

export interface AppOptions {
  db: DbHandle;
  build: ServerBuild;
  sessionSecrets: string[];
  trustProxy: TrustProxy;
  auth: AuthSettings;
  /** OIDC_*, SAML_IDP_METADATA: the company sign-in (none: passwords only). */
  identity?: IdentitySettings;
  /** FORM_MAX_BYTES, UPLOAD_MAX_BYTES (the form readers in the Remix build read the same settings). */
  limits: RequestLimits;
  /** RETENTION_NETWORK_DAYS, UPLOAD_ABANDONED_HOURS: what /settings/my-data tells people (the jobs apply them). */
  retention?: RetentionSettings;
  /** The request histogram and counters (server/metrics.ts). */
  metrics: Metrics;
  /** What GET /readyz checks (server/readiness.ts). */
  readiness: Readiness;
  /** GET /metrics on this port, to requests bearing this token; none: not served here (METRICS_PORT, or not at all). */
  metricsToken?: string;
  /** SAML sign-in, when configured (server/index.ts). */
  saml?: SamlProvider;
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
  return { method: req.method, url: `${req.protocol}://${req.get("host")}${req.originalUrl}`, headers: headersOf(req) };
}

export function createApp({
  db,
  build,
  sessionSecrets,
  trustProxy,
  auth,
  identity = noIdentityProviders,
  limits,
  retention = defaultRetention,
  metrics,
  readiness,
  metricsToken,
  saml,
}: AppOptions) {
  const app = express();
  const bodyLimit = bodyLimitOf(limits);
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);

  // Every request: an id, and one log line and one observation when it is answered (docs/operations.md).
  app.use(observeRequests({ metrics, routeOf: routePatterns(build.routes) }));

  // One cookie object per process; signed with every secret so they can rotate.
  const sessionCookie = createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secrets: sessionSecrets,
  });

  // A company sign-in's flow (app/web/sso.server.ts): sent only to /auth/oidc, and only on a top-level GET from the provider (Lax).
  const flowCookie = createCookie("__oidc_flow", {
    httpOnly: true,
    sameSite: "lax",
    path: "/auth/oidc",
    secrets: sessionSecrets,
  });

  // A SAML sign-in's AuthnRequest ID (app/web/sso.server.ts, decision 0046): the IdP's page posts the
  // response cross-site to /auth/saml/acs, which carries only a SameSite=None cookie, and browsers keep
  // those only when Secure (from https:// or a loopback address).
  const samlRequestCookie = createCookie("__saml_request", {
    httpOnly: true,
    sameSite: "none",
    secure: true,
    path: "/auth/saml",
    secrets: sessionSecrets,
  });

  const health = databaseHealth(db);
  app.get("/healthz", answeredAs("/healthz"), async (_req, res) => {
    if (await health.probe()) return res.set("cache-control", "no-store").json({ status: "ok", database: db.kind });
    log("warn", "healthz: database unreachable");
    res.status(503).set("cache-control", "no-store").json({ status: "unavailable", database: db.kind });
  });

  // Whether to send this instance traffic: the database, its migrations, the job engine (server/readiness.ts).
  app.get("/readyz", answeredAs("/readyz"), async (_req, res, next) => {
    try {
      const { ready, checks } = await readiness.check();
      res
        .status(ready ? 200 : 503)
        .set("cache-control", "no-store")
        .json({ status: ready ? "ready" : "unavailable", checks });
    } catch (error) {
      next(error);
    }
  });

  if (metricsToken) app.get("/metrics", metricsEndpoint(metrics, metricsToken));

  /** The friendly page for a status, in the person's language (a SCIM error at /scim/v2), never cached. */
  const sendErrorPage = (req: Request, res: Response, status: number) => {
    if (status === 503) res.set("retry-after", "5");
    const { contentType, body } = errorAnswer(req, status);
    res.status(status).set("cache-control", "no-store").type(contentType).send(body);
  };

  // While PostgreSQL is away, a 503 page at once rather than a wait for a
  // connection that fails (database-health.ts); static files still flow.
  app.use(async (req, res, next) => {
    if (path.extname(req.path) || (await health.available())) return next();
    res.set(scriptlessDocumentHeaders);
    sendErrorPage(req, res, 503);
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
    identity,
    flowCookie,
    samlRequestCookie,
    retention,
    observe: observerOf(res),
    saml,
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
  // An outbox email's preview keeps its inline styles under a policy of its own (security.ts).
  const samlLogoutOrigin = () => {
    const slo = saml?.idp().sloUrl;
    return slo ? new URL(slo).origin : "'self'";
  };
  const securityHeaders = securityHeadersFor([...(identity.oidc ? [new URL(identity.oidc.issuer).origin] : []), ...(saml ? [samlLogoutOrigin] : [])]);
  app.use((req, res, next) => (isEmailPreview(req.path) ? emailPreviewHeaders : securityHeaders)(req, res, next));

  // Brotli at quality 4: the same size as the default for a third of the CPU
  // on a 5 KB page (bench:pages; docs/benchmarks.md).
  app.use(
    compression({
      brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: 16 } },
    }),
  );

  // Fingerprinted by Remix: cache forever, sent as compressed at build time.
  app.use("/build", answeredAs("/build/*"), precompressedBuild(path.resolve("public/build")));
  // The web font (docs/decisions/0027): a content hash in each name, so cached forever too. WOFF2 is Brotli inside: compression leaves it alone.
  app.use("/fonts", answeredAs("/fonts/*"), express.static("public/fonts", { immutable: true, maxAge: "1y", index: false }));
  // Every file in public/ has an extension: a page URL (/honor-roll/…) never
  // reaches the disk, where express.static would stat it on every request
  // (3 % of the server's CPU under bench:honor-roll).
  const publicFiles = express.static("public", { maxAge: "1h", index: false });
  app.use((req, res, next) => {
    if (!path.extname(req.path)) return next();
    // Labelled "static" while the folder answers; a route's own extension (results.csv) goes on to Remix.
    res.locals.route = "static";
    publicFiles(req, res, (error?: unknown) => {
      delete res.locals.route;
      next(error);
    });
  });

  app.use(noDataRequests);
  app.use(sameOriginOnly);
  app.use(bodyLimits(bodyLimit));

  app.all(
    "*",
    remixHandler({
      build,
      mode: process.env.NODE_ENV === "development" ? "development" : "production",
      getLoadContext: loadContext,
      bodyLimit,
      // A server error while the database is away is the database's absence,
      // said as such; at /scim/v2 any server error is a SCIM error, not our page.
      async review(req, response) {
        if (response.status < 500) return response;
        const away = await health.confirmAway();
        const scimPage = isScimPath(req.path) && !response.headers.get("content-type")?.startsWith("application/scim+json");
        if (!away && !scimPage) return response;
        void response.body?.cancel().catch(() => {});
        const status = away ? 503 : response.status;
        const { contentType, body } = errorAnswer(req, status);
        return new globalThis.Response(body, {
          status,
          headers: { "content-type": contentType, "cache-control": "no-store", ...(status === 503 ? { "retry-after": "5" } : {}) },
        });
      },
    }),
  );

  // Whatever Remix could not answer (a URL with broken percent-encoding fails
  // in Express's router): a small page in the person's language, never a stack.
  app.use(async (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    // An error in the honour roll's early answer comes here before the nonce and its policy: the page has no script either.
    if (!res.hasHeader("content-security-policy")) res.set(scriptlessDocumentHeaders);
    let status = httpStatusOf(error);
    if (status >= 500) {
      const { requestId, route } = observerOf(res);
      log("error", "request failed", { reqId: requestId, route, error: String(error) });
      if (await health.confirmAway()) status = 503;
    }
    // A client of the JSON API reads JSON, errors included (decision 0049).
    if (isJsonApi(req.path))
      return res
        .status(status)
        .set("cache-control", "no-store")
        .json({ error: status >= 500 ? "server_error" : "bad_request" });
    sendErrorPage(req, res, status);
  });
  return app;
}
