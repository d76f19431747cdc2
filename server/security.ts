import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";
import { drainAtMost } from "./remix-handler";
import { localeFromAcceptLanguage } from "../app/i18n/index";
import { translate } from "../app/i18n/all.server";
import type { RequestLimits } from "../app/web/request-limits";
import { isScimPath } from "../app/web/scim";

/** A fresh CSP nonce per response; Remix puts it on every script it renders. */
export function nonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.nonce = randomBytes(16).toString("base64");
  next();
}

type Source = string | ((req: IncomingMessage, res: ServerResponse) => string);

const policy = (scriptSrc: Source[], formTargets: Source[] = []): Parameters<typeof helmet>[0] => ({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc,
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:", "blob:"],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'", ...formTargets],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: "deny" },
  referrerPolicy: { policy: "same-origin" },
  // Not on plain-HTTP trials (localhost); a TLS-terminating proxy adds it in production.
  strictTransportSecurity: false,
});

/**
 * The headers of every page. `formTargets`: origins a form of ours may end
 * up at through a redirect — the company identity provider's, where signing
 * out continues (OIDC's RP-initiated logout, SAML's single logout): browsers
 * apply form-action to the redirects after a post, so without JavaScript the
 * sign-out would stop there. A function is asked for every response (the
 * SAML IdP's metadata, and so its logout address, is read again every few hours).
 */
export const securityHeadersFor = (formTargets: Source[] = []) =>
  helmet(policy(["'self'", (_req, res) => `'nonce-${(res as Response).locals.nonce}'`], formTargets));

export const securityHeaders = securityHeadersFor();

/**
 * The same headers for a document that has no script at all (the cached
 * honour roll, answered before Remix: decisions 0018, 0022): scripts are
 * refused outright, so it needs no nonce, and helmet works the headers out
 * once, at start, instead of on every answer.
 */
export const scriptlessDocumentHeaders: Readonly<Record<string, string>> = headersSetBy(helmet(policy(["'none'"])));

/**
 * An email kept in the outbox, as its recipient's mail client would show it
 * (/admin/outbox/:id/preview, framed by the outbox page): its inline styles
 * and nothing else — no script, form, fetch or image — sandboxed into an
 * origin of its own, and framed only by our own pages.
 */
export const emailPreviewHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'"],
      formAction: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'self'"],
      sandbox: [],
    },
  },
  frameguard: { action: "sameorigin" },
  referrerPolicy: { policy: "no-referrer" },
  strictTransportSecurity: false,
});

/** The path of an outbox email's preview: the one document with emailPreviewHeaders instead of securityHeaders. */
export const isEmailPreview = (path: string) => /^\/admin\/outbox\/\d{1,18}\/preview$/.test(path);

/** What a header-setting middleware sets, read once from a stand-in response. */
function headersSetBy(middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number) => void (headers[name] = String(value)),
    removeHeader: (name: string) => void delete headers[name],
  };
  let done = false;
  middleware({} as IncomingMessage, res as unknown as ServerResponse, (error) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error("the security headers' middleware did not finish at once");
  return headers;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * One-click unsubscribe (RFC 8058): a mail provider's server posts to the
 * link of an email's List-Unsubscribe header on the person's behalf, with
 * no Origin and no cookies. The link's signed token is its authority, not a
 * session, so a post from another site can do nothing a holder of the link
 * could not (app/routes/unsubscribe.$token.tsx).
 */
const oneClickUnsubscribe = /^\/unsubscribe\/[^/]+$/;

/**
 * SCIM provisioning (decision 0047): the identity system's server calls it
 * with a bearer token and no cookies, so a page of another site can do nothing
 * there that a holder of the token could not (app/routes/scim.v2.$.tsx).
 */
const scimProvisioning = isScimPath;

/**
 * The metrics API (decision 0049): a measuring system's server posts JSON
 * with a bearer token from /admin/api-tokens and no cookies, so, as for
 * SCIM, a page of another site can do nothing there that a holder of the
 * token could not (app/routes/api.v1.metrics.tsx).
 */
const metricsApi = "/api/v1/metrics";

/** The JSON API's bodies: 10,000 values (maxApiValues) at ~120 bytes each, with room to spare. */
export const apiBodyBytes = 4 * 1024 * 1024;

/** Paths that answer JSON, errors included: a client there reads no HTML page. */
export const isJsonApi = (path: string) => path.startsWith("/api/");

/**
 * SAML's assertion consumer service: the identity provider's page has the
 * person's browser post its signed response here, from the IdP's origin.
 * The response's signature, audience, recipient and InResponseTo are its
 * authority, not a session (app/domain/identity/saml.server.ts).
 */
const samlAssertionConsumer = "/auth/saml/acs";

/**
 * OpenID Connect back-channel logout: the identity provider's server posts a
 * signed logout token, with no Origin and no cookies. The token, verified
 * against the provider's keys, is its authority (app/web/sso.server.ts), so
 * this one path is open to a post from elsewhere.
 */
const backchannelLogout = "/auth/oidc/backchannel-logout";

/**
 * CSRF defence: a state-changing request must come from our own pages.
 * Browsers send Sec-Fetch-Site (all current ones) or at least Origin on
 * every POST; a request with neither is refused too.
 */
export function sameOriginOnly(req: Request, res: Response, next: NextFunction) {
  if (
    safeMethods.has(req.method) ||
    (req.method === "POST" && (oneClickUnsubscribe.test(req.path) || req.path === backchannelLogout || req.path === metricsApi)) ||
    scimProvisioning(req.path)
  )
    return next();
  if (req.method === "POST" && req.path === samlAssertionConsumer) {
    // Remix refuses any document POST whose Origin is another host (its own
    // CSRF check, a 500); this one comes from the IdP's page by design.
    delete req.headers.origin;
    return next();
  }
  const site = req.get("sec-fetch-site");
  const origin = req.get("origin");
  let allowed: boolean;
  if (site) allowed = site === "same-origin";
  else if (origin) allowed = origin === `${req.protocol}://${req.get("host")}`;
  else allowed = false;
  if (allowed) return next();
  const locale = localeFromAcceptLanguage(req.get("accept-language") ?? null) ?? "zh-CN";
  res.status(403).type("text/plain; charset=utf-8").send(translate(locale, "common.crossSite"));
}

/** The most bytes a request's body may carry (FORM_MAX_BYTES, UPLOAD_MAX_BYTES); server/remix-handler.ts counts them as they arrive. */
export function bodyLimitOf(limits: RequestLimits) {
  return (req: Request): number =>
    isJsonApi(req.path)
      ? apiBodyBytes
      : req.get("content-type")?.toLowerCase().startsWith("multipart/form-data")
        ? limits.uploadBytes
        : limits.formBytes;
}

/** Refuses a body that says it is oversized before anyone reads it (413, in the person's language). */
export function bodyLimits(bodyLimit: (req: Request) => number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const length = Number(req.get("content-length") ?? 0);
    if (!(length > bodyLimit(req))) return next();
    drainAtMost(req);
    if (isJsonApi(req.path)) {
      res
        .status(413)
        .set("cache-control", "no-store")
        .json({ error: "body_too_large", message: `The body is larger than ${bodyLimit(req)} bytes.` });
      return;
    }
    next(Object.assign(new Error("body too large"), { status: 413 }));
  };
}

/**
 * `?_data=` asked for a route's data before single fetch; Remix now answers
 * it with a 500 of its own. No page of ours makes such a request.
 */
export function noDataRequests(req: Request, _res: Response, next: NextFunction) {
  if (req.query._data === undefined) return next();
  next(Object.assign(new Error("?_data request"), { status: 400 }));
}
