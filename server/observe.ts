import { randomUUID } from "node:crypto";
import type { RequestHandler, Response } from "express";
import type { RequestObserver } from "../app/context";
import { log, logs } from "../app/log.server";
import type { Metrics } from "./metrics";

/** An incoming X-Request-Id is kept when a proxy's id could be it: short, and letters, digits and `._:-` only. */
const acceptableId = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdOf(header: string | undefined): string {
  return header && acceptableId.test(header) ? header : randomUUID();
}

/** The routes the server answers itself, each named by its own pattern: a successful probe or scrape is logged at debug only. */
const probes = new Set(["/healthz", "/readyz", "/metrics"]);

/** Names what answered the request when it is not a Remix route: "/healthz", "/build/*", "static". */
export function answeredAs(route: string): RequestHandler {
  return (_req, res, next) => {
    res.locals.route = route;
    next();
  };
}

/** The request's observer, made by observeRequests, for the Remix load context. */
export function observerOf(res: Response): RequestObserver {
  return res.locals.observe as RequestObserver;
}

/**
 * First of all middleware: gives the request its id (X-Request-Id, echoed in
 * the answer), and when the answer is finished (or the client left, status
 * 499), writes its one log line — id, method, route pattern, status,
 * milliseconds, and the signed-in person's id when there is one — and
 * observes its duration. Never the raw URL, a header, a cookie or a body.
 */
export function observeRequests({ metrics, routeOf }: { metrics: Metrics; routeOf: (pathname: string) => string }): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const requestId = requestIdOf(req.get("x-request-id"));
    res.setHeader("X-Request-Id", requestId);
    let userId: number | undefined;
    let route: string | undefined;
    const routeNow = () => (route ??= (res.locals.route as string | undefined) ?? routeOf(req.originalUrl.split("?", 1)[0]));
    res.locals.observe = {
      requestId,
      get route() {
        return routeNow();
      },
      signedIn(id) {
        userId = id;
      },
      signInAttempt: (outcome) => metrics.signInAttempt(outcome),
      ballotCast: () => metrics.ballotCast(),
    } satisfies RequestObserver;

    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      const ms = performance.now() - started;
      const aborted = !res.writableFinished;
      const status = aborted ? 499 : res.statusCode;
      const pattern = routeNow();
      metrics.request(pattern, req.method, status, ms / 1000);
      const level = status >= 500 ? "warn" : probes.has(pattern) && status < 400 ? "debug" : "info";
      if (!logs(level)) return;
      log(level, "request", {
        reqId: requestId,
        method: req.method,
        route: pattern,
        status,
        ms: Math.round(ms * 10) / 10,
        ...(userId === undefined ? {} : { userId }),
        ...(aborted ? { aborted } : {}),
      });
    };
    res.once("finish", finished);
    res.once("close", finished);
    next();
  };
}
