import type { IncomingMessage } from "node:http";
import {
  createRequestHandler as createRemixRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { bodyTooLarge } from "../app/web/body-limit";

export interface RemixHandlerOptions {
  build: ServerBuild;
  mode: "development" | "production";
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
  /** The most bytes a request body may carry, counted as they arrive (chunked bodies too). */
  bodyLimit: (req: Request) => number;
  /** Sees (and may replace) Remix's answer before it is sent: a 500 while the database is away becomes a 503. */
  review?: (req: Request, response: globalThis.Response) => Promise<globalThis.Response>;
}

/**
 * Express → Remix, as @remix-run/express does it, except for the body: its
 * bytes are counted as they stream in and the stream fails with a "too
 * large" error at the limit, so a chunked upload without Content-Length
 * cannot fill the memory (issue 13: 60 MB to /login took the process from
 * 409 to 917 MB). The rest of an oversized body is read and thrown away, up
 * to a bound (drainAtMost).
 */
export function remixHandler({ build, mode, getLoadContext, bodyLimit, review }: RemixHandlerOptions) {
  const handle = createRemixRequestHandler(build, mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const request = remixRequest(req, res, bodyLimit(req));
      const response = await handle(request, getLoadContext(req, res));
      await send(res, review ? await review(req, response) : response);
    } catch (error) {
      next(error);
    }
  };
}

function remixRequest(req: Request, res: Response, limit: number): globalThis.Request {
  // req.hostname follows `trust proxy`; the port comes from X-Forwarded-Host or Host (as @remix-run/express).
  const port = [req.get("x-forwarded-host"), req.get("host")]
    .map((host) => Number.parseInt(host?.split(":")[1] ?? "", 10))
    .find(Number.isSafeInteger);
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const controller = new AbortController();
  // Abort loaders and actions once the answer can no longer be written (closed before it finished).
  let answered = false;
  res.on("finish", () => (answered = true));
  res.on("close", () => answered || controller.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: headersOf(req), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = countedBody(req, limit);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

/** A Node request's headers as Fetch Headers. */
export function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (value) for (const v of value) headers.append(name, v);
  }
  return headers;
}

async function send(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/**
 * What a client still sends after its body was refused is read and thrown
 * away, so that a browser, which reads no answer before it has sent its
 * whole upload, gets to show the 413 page; but only so much of it (16 MB).
 * Past that, reading stops, and two seconds later the connection is closed:
 * time for the client to read the answer before the reset that closing a
 * socket with unread bytes sends.
 */
export function drainAtMost(req: IncomingMessage, bytes = 16 * 1024 * 1024): void {
  let drained = 0;
  // Reading the request ourselves (not leaving it to Node's own drain once the
  // answer is sent, which has no bound) is what lets us stop.
  const onData = (chunk: Buffer) => {
    drained += chunk.byteLength;
    if (drained <= bytes) return;
    req.off("data", onData);
    req.pause();
    setTimeout(() => req.socket.destroy(), 2_000).unref();
  };
  req.on("data", onData);
  req.resume();
}

/**
 * The request's bytes as a web stream that errors with bodyTooLarge(limit)
 * once more than `limit` bytes arrived; from there, or when its reader
 * cancels it, the rest is drained (drainAtMost) and never kept.
 */
export function countedBody(req: IncomingMessage, limit: number): ReadableStream<Uint8Array> {
  let seen = 0;
  let finished = false;
  const stop = () => {
    finished = true;
    req.off("data", onData);
    req.off("end", onEnd);
    req.off("error", onError);
  };
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const onData = (chunk: Buffer) => {
    seen += chunk.byteLength;
    if (seen > limit) {
      stop();
      drainAtMost(req);
      controller.error(bodyTooLarge(limit));
      return;
    }
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const onEnd = () => {
    stop();
    controller.close();
  };
  const onError = (error: Error) => {
    stop();
    controller.error(error);
  };
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        req.on("data", onData);
        req.once("end", onEnd);
        req.once("error", onError);
      },
      pull() {
        if (!finished) req.resume();
      },
      cancel() {
        if (finished) return;
        stop();
        drainAtMost(req);
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}
