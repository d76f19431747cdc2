import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { Locale } from "~/i18n";
import { translate } from "~/i18n/all.server";
import { linkKey } from "../publishing/links.server";
import { rollSharePath } from "../publishing/signed-paths";
import { claim, eachWithConcurrency, markFailed, markSent, markStaleClaimsInDoubt, postpone } from "./claims.server";
import type { MessageParams, NotificationKind } from "./kinds";
import { messageText } from "./message";
import { robotRequest, type RobotRequest, type RobotText } from "./robot-payloads.server";
import { platforms, webhookProblem, type RobotPlatform } from "./robot-platforms";
import type { RobotSettings } from "./robot-settings";

// Delivering the group robots' messages (issue 17, item 4; decision 0039's
// claims). Run by the `notify-robots` queue — one run at a time across
// instances — every minute and whenever an announcement writes messages:
//
// 1. Messages a crashed run left claimed are marked in doubt (never resent).
// 2. The due messages, robot by robot (a few robots at once, each robot's in
//    order): as many as the platform's rate limit leaves room for in the
//    last 60 s are claimed, sent and marked; the rest wait until the window
//    frees — postponed, never dropped.
// 3. A platform's "too fast" answer postpones the message for as long as the
//    platform says it throttles (not a try); any other refusal (errcode ≠ 0,
//    HTTP 4xx/429/5xx) or a connection that never opened is tried again with
//    backoff, then failed for good and shown on /admin/robots. A request that
//    went out but got no answer (time-out, connection dropped) may have
//    arrived: it is marked in doubt, never sent twice.

const table = "robot_messages";

/** What the delivery needs from outside: the settings, and for tests a fetch, a clock and a sleep. */
export interface RobotDeliveryDeps {
  settings: RobotSettings;
  fetch?: typeof fetch;
  /** How long one request may take (default 10 s). */
  timeoutMs?: number;
  /** The clock the signatures' timestamps are read from. */
  now?: () => Date;
  /** Waits between sends to a platform with a per-second limit. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** How long one run keeps claiming messages (default 4 min, well within the queue's 15 min expiry); the rest wait for the next run. */
  budgetMs?: number;
}

export interface DeliveryCounts {
  sent: number;
  /** Refused now, tried again later. */
  retrying: number;
  failed: number;
  /** Waiting for the robot's rate-limit window (or the platform's throttle) to free. */
  postponed: number;
  inDoubt: number;
}

/** The outcome of handing one message to its platform. */
export type SendOutcome = "sent" | "retrying" | "failed" | "postponed" | "inDoubt";

const defaultTimeoutMs = 10_000;
const defaultBudgetMs = 4 * 60_000;
/** Bytes of a platform's answer read at most: theirs are under 200. */
const answerBytes = 64 * 1024;
/** Due messages read per run; more wait for the next run a minute later. */
const batchSize = 2000;
/** Robots served at once; each robot's own messages go one after the other, in order. */
const robotsAtOnce = 4;

/** A robot as the delivery reads it. */
export interface RobotRow {
  id: number;
  name: string;
  platform: RobotPlatform;
  webhook_url: string;
  secret: string | null;
  locale: Locale;
  enabled: boolean;
}

type Answer = { kind: "ok" } | { kind: "throttled" | "error" | "doubt"; error: string };

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

export async function loadRobot(db: Db, id: number): Promise<RobotRow | undefined> {
  return db
    .selectFrom("robots")
    .select(["id", "name", "platform", "webhook_url", "secret", "locale", "enabled"])
    .where("id", "=", id)
    .executeTakeFirst() as Promise<RobotRow | undefined>;
}

/** Messages the robot sent in the last 60 s, and those being sent now: what the platform's per-minute limit counts. */
export async function windowUse(db: Db, robotId: number): Promise<number> {
  const r = await sql<{ n: number | string }>`
    select count(*) as n from robot_messages
    where robot_id = ${robotId} and (status = 'sending' or (status = 'sent' and sent_at > now() - interval '60 seconds'))`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Pending messages wait until the oldest send in the robot's window is 60 s old (the next run sends what then fits). */
async function waitForWindow(db: Db, robotId: number, ids: readonly string[]): Promise<number> {
  if (!ids.length) return 0;
  const r = await sql`
    update robot_messages set not_before = greatest(not_before, coalesce(
      (select min(sent_at) from robot_messages where robot_id = ${robotId} and status = 'sent' and sent_at > now() - interval '60 seconds'),
      now()) + interval '60 seconds')
    where id = any(${ids.map(String)}::bigint[]) and status = 'pending'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** A robot turned off: what it still had to announce is cancelled (a test message, asked for now, still goes). */
export async function cancelAnnouncements(db: Db, robotId: number): Promise<void> {
  await sql`update robot_messages set status = 'cancelled', error = 'the robot was turned off'
    where robot_id = ${robotId} and status = 'pending' and kind <> 'robot-test'`.execute(db);
}

/** A claimed message that must not be tried again (its webhook is no longer allowed, a test message refused). */
async function failForGood(db: Db, id: string, error: string): Promise<void> {
  await sql`update robot_messages set status = 'failed', claimed_at = null, error = ${error.slice(0, 500)} where id = ${id} and status = 'sending'`.execute(
    db,
  );
}

/** A claimed message whose request went out without an answer: it may have arrived, so it is never sent again. */
async function markInDoubt(db: Db, id: string, error: string): Promise<void> {
  await sql`update robot_messages set status = 'in_doubt', claimed_at = null, error = ${error.slice(0, 500)} where id = ${id} and status = 'sending'`.execute(
    db,
  );
}

/**
 * What one robot message says in a language: a notification's title and
 * body (messageText), or the robots' test message (kind 'robot-test').
 */
export function robotWords(
  locale: Locale,
  message: { kind: string; params: Record<string, unknown>; link: string },
): { title: string; body: string } {
  if (message.kind !== "robot-test") return messageText(locale, message.kind as NotificationKind, message.params as MessageParams, message.link);
  const unit = message.params.unit as { "zh-CN": string; en: string } | undefined;
  return {
    title: translate(locale, "robots.test.message.title"),
    body: translate(locale, "robots.test.message.body", { robot: String(message.params.robot ?? ""), unit: unit?.[locale] ?? "" }),
  };
}

/** An honour roll's share image, signed so the chat app can show it without an account, in the robot's language and the message's version. */
async function shareImage(db: Db, settings: RobotSettings, locale: Locale, kind: string, link: string, params: Record<string, unknown>) {
  if (kind !== "honor-roll-published" && kind !== "honor-roll-corrected") return undefined;
  const slug = /^\/honor-roll\/([^/?#]+)$/.exec(link)?.[1];
  if (!slug) return undefined;
  const path = rollSharePath(slug);
  const version = typeof params.version === "number" && Number.isSafeInteger(params.version) ? `&v=${params.version}` : "";
  return {
    url: `${settings.publicUrl}${path}?key=${await linkKey(db, path)}&lang=${locale}${version}`,
    label: translate(locale, "robots.message.shareImage"),
  };
}

/** What one message says in the robot's language, with the absolute links it carries. */
export async function robotText(
  db: Db,
  settings: RobotSettings,
  locale: Locale,
  message: { kind: string; params: Record<string, unknown>; link: string },
): Promise<RobotText> {
  const { title, body } = robotWords(locale, message);
  return {
    title,
    body,
    url: `${settings.publicUrl}${message.link}`,
    urlLabel: translate(locale, "robots.message.open"),
    image: await shareImage(db, settings, locale, message.kind, message.link, message.params),
  };
}

/** The first `max` bytes of an answer's body; the rest is not read. */
async function readBounded(response: Response, max: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, max).toString("utf8");
}

// Failures before the request could reach the platform: nothing arrived, so trying again sends it once.
const notConnected = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

function networkAnswer(error: unknown, timeoutMs: number): Answer {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const code = cause?.code;
  if (code && notConnected.has(code)) return { kind: "error", error: `could not connect to the webhook (${code})` };
  if (cause?.message?.includes("redirect")) return { kind: "error", error: "the webhook answered with a redirect, which is not followed" };
  if ((error as { name?: string } | null)?.name === "TimeoutError") {
    return { kind: "doubt", error: `no answer within ${timeoutMs / 1000} s: the message may or may not have arrived, and is not sent again` };
  }
  return {
    kind: "doubt",
    error: `the connection failed after the message was sent (${code ?? "unknown"}): it may or may not have arrived, and is not sent again`,
  };
}

/** The platform's answer: HTTP status, then the JSON's errcode (WeCom, DingTalk) or code (Feishu). */
function platformAnswer(platform: RobotPlatform, status: number, text: string): Answer {
  if (status === 429) return { kind: "throttled", error: "HTTP 429: too many requests" };
  if (status < 200 || status >= 300) return { kind: "error", error: `HTTP ${status}` };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { kind: "doubt", error: `HTTP ${status} with an answer that is not the platform's JSON: it may or may not have arrived` };
  }
  const code = json.errcode ?? json.code ?? json.StatusCode;
  const message = String(json.errmsg ?? json.msg ?? json.StatusMessage ?? "").slice(0, 200);
  if (code === 0) return { kind: "ok" };
  if (typeof code !== "number") return { kind: "doubt", error: `HTTP ${status} without an error code: it may or may not have arrived` };
  const error = `${platform === "feishu" ? "code" : "errcode"} ${code}${message ? `: ${message}` : ""}`;
  return { kind: platforms[platform].throttleCodes.includes(code) ? "throttled" : "error", error };
}

async function post(platform: RobotPlatform, request: RobotRequest, deps: RobotDeliveryDeps, signal?: AbortSignal): Promise<Answer> {
  const timeoutMs = deps.timeoutMs ?? defaultTimeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await (deps.fetch ?? fetch)(request.url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: request.body,
      // A webhook that redirects is not followed: the redirect could point anywhere.
      redirect: "error",
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    return networkAnswer(error, timeoutMs);
  }
  let text: string;
  try {
    text = await readBounded(response, answerBytes);
  } catch (error) {
    if (response.status === 429 || response.status >= 300) return platformAnswer(platform, response.status, "");
    return networkAnswer(error, timeoutMs);
  }
  return platformAnswer(platform, response.status, text);
}

/**
 * Sends one message already claimed, and marks it: sent; postponed (the
 * platform throttles: not a try); refused (tried again with backoff, or
 * failed for good when `retry` is false or its tries are spent); or in doubt.
 */
export async function sendClaimed(
  db: Db,
  deps: RobotDeliveryDeps,
  robot: RobotRow,
  id: string,
  retry: boolean,
  signal?: AbortSignal,
): Promise<SendOutcome> {
  const message = await db.selectFrom("robot_messages").select(["kind", "params", "link"]).where("id", "=", id).executeTakeFirstOrThrow();
  // Checked again at send time: WEBHOOK_ALLOWED_HOSTS may have changed since the robot was saved.
  const problem = webhookProblem(robot.platform, robot.webhook_url, deps.settings.allowedHosts);
  if (problem) {
    await failForGood(db, id, `the webhook address is not allowed (${problem}): only the platform's official hosts and WEBHOOK_ALLOWED_HOSTS are`);
    return "failed";
  }
  const text = await robotText(db, deps.settings, robot.locale, { ...message, params: message.params as Record<string, unknown> });
  const now = deps.now?.() ?? new Date();
  const answer = await post(
    robot.platform,
    robotRequest({ platform: robot.platform, webhookUrl: robot.webhook_url, secret: robot.secret }, text, now),
    deps,
    signal,
  );
  switch (answer.kind) {
    case "ok":
      await markSent(db, table, id);
      return "sent";
    case "throttled":
      await postpone(db, table, id, new Date(now.getTime() + platforms[robot.platform].throttledSeconds * 1000));
      return "postponed";
    case "doubt":
      await markInDoubt(db, id, answer.error);
      return "inDoubt";
    case "error":
      if (!retry) {
        await failForGood(db, id, answer.error);
        return "failed";
      }
      return (await markFailed(db, table, id, answer.error)) === "retry" ? "retrying" : "failed";
  }
}

/** One robot's due messages, in order, within its platform's limits, until the run's deadline. */
async function deliverForRobot(
  db: Db,
  deps: RobotDeliveryDeps,
  robotId: number,
  ids: readonly string[],
  counts: DeliveryCounts,
  deadline: number,
  signal?: AbortSignal,
) {
  const robot = await loadRobot(db, robotId);
  if (!robot) return; // deleted meanwhile: its messages went with it
  let queue = ids;
  if (!robot.enabled) {
    // Turned off: what it would have announced is cancelled (updateRobot does the same at once); a test message still goes.
    await cancelAnnouncements(db, robotId);
    const tests = await db
      .selectFrom("robot_messages")
      .select("id")
      .where("id", "in", [...ids])
      .where("status", "=", "pending")
      .execute();
    queue = tests.map((t) => t.id);
  }
  const limits = platforms[robot.platform];
  const room = Math.max(0, limits.perMinute - (await windowUse(db, robotId)));
  const sleep = deps.sleep ?? defaultSleep;
  const started: number[] = [];
  let sent = 0;
  for (const id of queue.slice(0, room)) {
    if (signal?.aborted || Date.now() > deadline) return;
    if (limits.perSecond && started.length >= limits.perSecond) {
      const wait = started[started.length - limits.perSecond]! + 1000 - Date.now();
      if (wait > 0) await sleep(wait, signal);
    }
    if (!(await claim(db, table, id))) continue;
    started.push(Date.now());
    const outcome = await sendClaimed(db, deps, robot, id, true, signal);
    counts[outcome] += 1;
    sent += 1;
    // The platform says this robot is throttled: the rest wait with it.
    if (outcome === "postponed") {
      const until = new Date(Date.now() + limits.throttledSeconds * 1000);
      const rest = queue.slice(sent);
      await sql`update robot_messages set not_before = greatest(not_before, ${until}) where id = any(${rest.map(String)}::bigint[]) and status = 'pending'`.execute(
        db,
      );
      counts.postponed += rest.length;
      return;
    }
  }
  counts.postponed += await waitForWindow(db, robotId, queue.slice(sent));
}

/** Sends the robots' due messages (the `notify-robots` queue's run); a second run at once finds nothing due. */
export async function deliverDueRobotMessages(db: Db, deps: RobotDeliveryDeps, signal?: AbortSignal): Promise<DeliveryCounts & { stale: number }> {
  const deadline = Date.now() + (deps.budgetMs ?? defaultBudgetMs);
  const stale = await markStaleClaimsInDoubt(db, table);
  const counts: DeliveryCounts = { sent: 0, retrying: 0, failed: 0, postponed: 0, inDoubt: 0 };
  const due = await db
    .selectFrom("robot_messages")
    .select([sql<string>`id::text`.as("id"), "robot_id"])
    .where("status", "=", "pending")
    .where("not_before", "<=", sql<Date>`now()`)
    // The column, not the text it is selected as: "100" sorts before "99".
    .orderBy(sql`robot_messages.id`)
    .limit(batchSize)
    .execute();
  const byRobot = new Map<number, string[]>();
  for (const m of due) byRobot.set(m.robot_id, [...(byRobot.get(m.robot_id) ?? []), m.id]);
  await eachWithConcurrency(
    [...byRobot],
    robotsAtOnce,
    ([robotId, ids]) => deliverForRobot(db, deps, robotId, ids, counts, deadline, signal),
    signal,
  );
  return { ...counts, stale };
}
