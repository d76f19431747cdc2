import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { log } from "./log.server";
import { FallbackLocaleProvider } from "./i18n/fallback";
import { MissingMessageProvider } from "./i18n/react";

const ABORT_DELAY = 5_000;

/**
 * React 18's streaming renderer writes into a 2,048-byte buffer and flushes
 * all of it even when a multi-byte character did not fit at its end, so up
 * to three NUL bytes leak into the HTML near every such boundary
 * (facebook/react#24985, fixed upstream in #26228, not in 18.3.1). In a
 * Chinese page that is most pages: browsers show "��" where it lands in an
 * attribute. HTML never carries NUL bytes of its own, so dropping a chunk's
 * trailing zeros removes exactly the leak.
 */
export function withoutTrailingNuls(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let end = chunk.length;
      while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end--;
      done(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}

/**
 * A page asked for a message its route's handle does not name (app/i18n/page.ts):
 * the browser would not have it either, so the page would show a key. Logged
 * for operators; where I18N_STRICT=1 (the servers the tests start) the page
 * refuses to render, so a test finds it.
 */
function missingMessage(url: string, { observe }: AppLoadContext) {
  return (key: string): string => {
    if (process.env.I18N_STRICT === "1") throw new Error(`"${key}" is in no message area that ${url}'s route names in its handle`);
    log("error", "message missing from the page's areas", { reqId: observe.requestId, route: observe.route, key });
    return key;
  };
}

/**
 * Errors are logged for operators, never shown: the ErrorBoundary shows a
 * friendly page. With the request's id and route pattern, not its path (a
 * password link carries its token there): the request's own line has the rest.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  log("error", "request failed", { reqId: context.observe.requestId, route: context.observe.route, error: message });
};

/**
 * Pages and their data show personal things (a ballot's receipt, the admin
 * lists, a person's own settings): no browser or proxy cache keeps them
 * unless the route said it may (the published honour roll keeps its ETag,
 * media are immutable).
 */
function notStoredUnlessSaid(headers: Headers): void {
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
}

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  notStoredUnlessSaid(response.headers);
  return response;
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.nonce;
  notStoredUnlessSaid(responseHeaders);
  const bot = isbot(request.headers.get("user-agent") ?? "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <FallbackLocaleProvider value={loadContext.locale}>
          <MissingMessageProvider value={missingMessage(new URL(request.url).pathname, loadContext)}>
            <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
          </MissingMessageProvider>
        </FallbackLocaleProvider>
      </NonceProvider>,
      {
        nonce,
        [bot ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = withoutTrailingNuls();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) handleError(error, { request, params: {}, context: loadContext });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

// The server answers a signed-in reader's view of an honour roll before
// Remix does (server/app.ts, docs/decisions/0018).
export { answerRollPage } from "./web/roll-page.server";
