import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for the three chat platforms' webhooks, on 127.0.0.1, for the
 * group robots' tests (issue 17, item 4). Each request is checked as the
 * platform documents it — its path, the JSON of its message type, and the
 * signature, computed here on its own (not with the app's code):
 *
 * - WeCom: POST /cgi-bin/webhook/send?key=KEY, `markdown` (content ≤ 4,096
 *   bytes) or `news` (1–8 articles with title and url); no signature.
 * - DingTalk: POST /robot/send?access_token=TOKEN&timestamp=MS&sign=SIGN, where
 *   SIGN = urlencode(base64(HmacSHA256(key = secret, timestamp + "\n" + secret)))
 *   and the timestamp is within an hour of now; `markdown` or `actionCard`.
 * - Feishu: POST /open-apis/bot/v2/hook/TOKEN with `timestamp` (s, within an
 *   hour) and `sign` = base64(HmacSHA256(key = timestamp + "\n" + secret, "")) in
 *   the body; `interactive` (card with header and elements) or `post`.
 *
 * A request that passes answers as the platform does ({"errcode":0,…} or
 * {"code":0,…}), unless the test scripted another answer; one that fails
 * gets the platform's error (and is recorded with why).
 */

export type Platform = "wecom" | "dingtalk" | "feishu";

export interface Received {
  platform: Platform;
  token: string;
  /** Why the platform would refuse it, or null: it is as documented. */
  problem: string | null;
  body: Record<string, unknown>;
  /** The query string as sent (DingTalk's signature is in it). */
  rawQuery: string;
}

export interface Scripted {
  status?: number;
  json?: unknown;
  /** Wait this long before answering (a platform that does not answer in time). */
  delayMs?: number;
  /** Close the connection without an answer. */
  hangUp?: boolean;
}

export interface WebhookServer {
  /** "127.0.0.1:PORT", for WEBHOOK_ALLOWED_HOSTS. */
  host: string;
  /** A robot's webhook on this server; DingTalk and Feishu robots sign with `secret`. */
  robot(platform: Platform, token: string, secret?: string): string;
  received: Received[];
  /** The next answers to a robot's requests, in order, once they pass the checks. */
  script(token: string, ...answers: Scripted[]): void;
  close(): Promise<void>;
}

const hour = 3600;

function dingtalkExpected(secret: string, timestamp: string): string {
  return createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
}

function feishuExpected(secret: string, timestamp: string): string {
  return createHmac("sha256", `${timestamp}\n${secret}`).update("").digest("base64");
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const bytes = (s: string) => Buffer.byteLength(s, "utf8");

function wecomProblem(body: Record<string, unknown>): string | null {
  if (body.msgtype === "markdown") {
    const content = (body.markdown as { content?: unknown } | undefined)?.content;
    if (!isText(content)) return "markdown.content missing";
    return bytes(content) > 4096 ? "markdown.content over 4096 bytes" : null;
  }
  if (body.msgtype === "news") {
    const articles = (body.news as { articles?: unknown } | undefined)?.articles;
    if (!Array.isArray(articles) || articles.length < 1 || articles.length > 8) return "news.articles must hold 1 to 8 articles";
    for (const a of articles as Array<Record<string, unknown>>) {
      if (!isText(a.title) || bytes(a.title) > 128) return "news article title missing or over 128 bytes";
      if (!isText(a.url)) return "news article url missing";
      if (a.description !== undefined && (typeof a.description !== "string" || bytes(a.description) > 512)) return "news description over 512 bytes";
    }
    return null;
  }
  return `msgtype ${String(body.msgtype)} is not markdown or news`;
}

function dingtalkProblem(query: URLSearchParams, rawQuery: string, body: Record<string, unknown>, secret: string): string | null {
  const timestamp = query.get("timestamp");
  const sign = query.get("sign");
  if (!timestamp || !/^\d{13}$/.test(timestamp) || !sign) return "timestamp (ms) or sign missing";
  if (Math.abs(Date.now() - Number(timestamp)) > hour * 1000) return "timestamp more than an hour from now";
  const expected = dingtalkExpected(secret, timestamp);
  if (!sameText(sign, expected)) return "sign does not match";
  // The documented form: the base64 URL-encoded in the query.
  if (!rawQuery.includes(`sign=${encodeURIComponent(expected)}`)) return "sign is not URL-encoded";
  if (body.msgtype === "markdown") {
    const md = body.markdown as Record<string, unknown> | undefined;
    return isText(md?.title) && isText(md?.text) ? null : "markdown.title or markdown.text missing";
  }
  if (body.msgtype === "actionCard") {
    const card = body.actionCard as Record<string, unknown> | undefined;
    if (!isText(card?.title) || !isText(card?.text)) return "actionCard.title or actionCard.text missing";
    return isText(card?.singleTitle) && isText(card?.singleURL) ? null : "actionCard.singleTitle or singleURL missing";
  }
  return `msgtype ${String(body.msgtype)} is not markdown or actionCard`;
}

function feishuProblem(body: Record<string, unknown>, secret: string): string | null {
  const timestamp = typeof body.timestamp === "number" ? String(body.timestamp) : body.timestamp;
  if (!isText(timestamp) || !/^\d{10}$/.test(timestamp) || !isText(body.sign)) return "timestamp (s) or sign missing";
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > hour) return "timestamp more than an hour from now";
  if (!sameText(body.sign, feishuExpected(secret, timestamp))) return "sign does not match";
  if (bytes(JSON.stringify(body)) > 20 * 1024) return "request over 20 KB";
  if (body.msg_type === "interactive") {
    const card = body.card as Record<string, unknown> | undefined;
    const title = (card?.header as { title?: { content?: unknown } } | undefined)?.title?.content;
    return isText(title) && Array.isArray(card?.elements) && card.elements.length > 0 ? null : "card.header.title or card.elements missing";
  }
  if (body.msg_type === "post") return body.content && typeof body.content === "object" ? null : "post content missing";
  return `msg_type ${String(body.msg_type)} is not interactive or post`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const refusal = (platform: Platform, problem: string) =>
  platform === "feishu"
    ? problem.includes("sign") || problem.includes("timestamp")
      ? { code: 19021, msg: "sign match fail or timestamp is not within one hour from current time", data: {} }
      : { code: 9499, msg: "Bad Request", data: {} }
    : platform === "dingtalk" && (problem.includes("sign") || problem.includes("timestamp"))
      ? { errcode: 310000, errmsg: `sign not match: ${problem}` }
      : { errcode: 40008, errmsg: `invalid message: ${problem}` };

const success = (platform: Platform) => (platform === "feishu" ? { code: 0, msg: "success", data: {} } : { errcode: 0, errmsg: "ok" });

export async function startWebhookServer(): Promise<WebhookServer> {
  const robots = new Map<string, { platform: Platform; secret?: string }>();
  const scripts = new Map<string, Scripted[]>();
  const received: Received[] = [];

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const rawQuery = url.search.slice(1);
      const token =
        url.pathname === "/cgi-bin/webhook/send"
          ? url.searchParams.get("key")
          : url.pathname === "/robot/send"
            ? url.searchParams.get("access_token")
            : /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/.exec(url.pathname)?.[1];
      const robot = token ? robots.get(token) : undefined;
      const text = await readBody(req);
      if (!robot || !token || req.method !== "POST") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ errcode: 93000, errmsg: "invalid webhook url" }));
        return;
      }
      let body: Record<string, unknown> = {};
      let problem: string | null = null;
      if (!/^application\/json/i.test(req.headers["content-type"] ?? "")) problem = "content-type is not application/json";
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        problem ??= "body is not JSON";
      }
      if (!problem) {
        problem =
          robot.platform === "wecom"
            ? wecomProblem(body)
            : robot.platform === "dingtalk"
              ? dingtalkProblem(url.searchParams, rawQuery, body, robot.secret ?? "")
              : feishuProblem(body, robot.secret ?? "");
      }
      received.push({ platform: robot.platform, token, problem, body, rawQuery });
      if (problem) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(refusal(robot.platform, problem)));
        return;
      }
      const next = scripts.get(token)?.shift();
      if (next?.delayMs) await new Promise((resolve) => setTimeout(resolve, next.delayMs));
      if (next?.hangUp) {
        req.socket.destroy();
        return;
      }
      res.writeHead(next?.status ?? 200, { "content-type": "application/json" }).end(JSON.stringify(next?.json ?? success(robot.platform)));
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    host: `127.0.0.1:${port}`,
    received,
    robot(platform, token, secret) {
      robots.set(token, { platform, secret });
      if (platform === "wecom") return `${base}/cgi-bin/webhook/send?key=${token}`;
      if (platform === "dingtalk") return `${base}/robot/send?access_token=${token}`;
      return `${base}/open-apis/bot/v2/hook/${token}`;
    },
    script(token, ...answers) {
      scripts.set(token, [...(scripts.get(token) ?? []), ...answers]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
