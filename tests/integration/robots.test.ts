import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import type { RobotKind } from "../../app/domain/notifications/kinds";
import { announce } from "../../app/domain/notifications/announce.server";
import { everyoneIn, onePerson, votersIn } from "../../app/domain/notifications/recipients.server";
import { deliverDueRobotMessages, type RobotDeliveryDeps } from "../../app/domain/notifications/robot-delivery.server";
import { parseAllowedHosts, type RobotPlatform } from "../../app/domain/notifications/robot-platforms";
import type { RobotSettings } from "../../app/domain/notifications/robot-settings";
import {
  createRobot,
  deleteRobot,
  robotPage,
  robotsPage,
  sendTestMessage,
  updateRobot,
  type RobotInput,
} from "../../app/domain/notifications/robots.server";
import { isLinkKey } from "../../app/domain/publishing/links.server";
import { rollSharePath } from "../../app/domain/publishing/signed-paths";
import { startJobEngine, type JobEngine } from "../../app/jobs/engine.server";
import { queues } from "../../app/jobs/queues";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { closedPort } from "../support/ports";
import { startWebhookServer, type WebhookServer } from "../support/webhooks";

// Group robots (issue 17, item 4), against a local stand-in for each
// platform's webhook that checks the format and the signature exactly as the
// platform documents them (tests/support/webhooks.ts): each platform's
// message, retries with backoff, 429 and the platforms' "too fast" answers,
// the per-minute limit (25 messages: 20 now, 5 when the window frees), the
// webhook hosts allowed at save and at send, masked secrets, and no robot
// ever told who has or has not voted.

let t: TestDb;
let engine: JobEngine;
let hooks: WebhookServer;
let admin: User;
let staff: User;
let settings: RobotSettings;
let deps: RobotDeliveryDeps;
const publicUrl = "https://stars.example.com";

beforeAll(async () => {
  t = await createTestDb();
  // The engine's tables, for the jobs announce() sends; no worker runs (the tests call the delivery themselves).
  engine = await startJobEngine({ database: t.handle, directUrl: t.databaseUrl, queues });
  hooks = await startWebhookServer();
  await givenUnit(t.db, "RB");
  admin = await givenPerson(t.db, { unit: "RB", roles: ["admin"], password: null });
  staff = await givenPerson(t.db, { unit: "RB", password: null });
  settings = { allowedHosts: parseAllowedHosts(hooks.host), publicUrl, publicUrlSet: true };
  deps = { settings, sleep: async () => {} };
});
afterAll(async () => {
  await hooks?.close();
  await engine?.stop(1_000);
  await t?.close();
});

// What a test left waiting (a retry's delay) must not be sent in the next test's run.
afterEach(async () => {
  await sql`update robot_messages set status = 'cancelled' where status = 'pending'`.execute(t.db);
});

let units = 0;
let tokens = 0;

/** A unit of its own (a company at the root), so each test's announcements reach only its own robots. */
async function givenRobotUnit() {
  const code = `RU${++units}`;
  await givenUnit(t.db, code);
  const row = await t.db.selectFrom("org_units").select(["id", "path"]).where("code", "=", code).executeTakeFirstOrThrow();
  return { code, path: `${row.path}${row.id}/` };
}

const secretOf = (platform: RobotPlatform) =>
  platform === "dingtalk" ? `SEC${"d".repeat(61)}${tokens}` : platform === "feishu" ? `fs${tokens}secretKeyAbc` : undefined;

/** A robot registered through the use-case, pointing at the stand-in. */
async function givenRobot(unit: string, platform: RobotPlatform, extra: Partial<RobotInput> = {}) {
  const token = `tok${++tokens}${platform}`;
  const secret = secretOf(platform);
  const input: RobotInput = {
    unit,
    name: `${platform} robot ${tokens}`,
    platform,
    webhookUrl: hooks.robot(platform, token, secret),
    secret,
    locale: "zh-CN",
    events: ["voting-opened", "publicity-started", "honor-roll-published", "honor-roll-corrected"],
    enabled: true,
    ...extra,
  };
  const r = await createRobot(t.db, admin, input, settings);
  if (!r.ok) throw new Error(r.error);
  return { id: r.value.id, token, secret, input };
}

let events = 0;
async function announceTo(scope: string, kind: RobotKind | "voting-reminder", options: { params?: Record<string, unknown>; link?: string } = {}) {
  return t.db.transaction().execute((trx) =>
    announce(trx, {
      key: `test:${++events}:${kind}`,
      kind,
      params: (options.params ?? { campaign: { "zh-CN": "2026 服务之星", en: "2026 Service Stars" }, closesAt: "2026-12-20T10:00:00Z" }) as never,
      link: options.link ?? "/campaigns/2026-stars/vote",
      recipients: onePerson(staff.id),
      robotScope: scope,
    }),
  );
}

const messagesOf = (robotId: number) =>
  t.db
    .selectFrom("robot_messages")
    .select([sql<string>`id::text`.as("id"), "status", "tries", "error", "not_before", "sent_at", "kind"])
    .where("robot_id", "=", robotId)
    .orderBy(sql`robot_messages.id`)
    .execute();
const receivedBy = (token: string) => hooks.received.filter((r) => r.token === token);
/** What was waiting is due now (as if its time had come). */
const makeDue = (robotId: number) =>
  sql`update robot_messages set not_before = now() where robot_id = ${robotId} and status = 'pending'`.execute(t.db);

describe("each platform receives its own documented format, signed as it documents", () => {
  test("WeCom markdown, DingTalk actionCard with the signed URL, Feishu interactive card with timestamp and sign", async () => {
    const unit = await givenRobotUnit();
    const wecom = await givenRobot(unit.code, "wecom");
    const dingtalk = await givenRobot(unit.code, "dingtalk");
    const feishu = await givenRobot(unit.code, "feishu", { locale: "en" });
    expect((await announceTo(unit.path, "voting-opened")).robotMessages).toBe(3);

    const counts = await deliverDueRobotMessages(t.db, deps);
    expect(counts).toMatchObject({ sent: 3, retrying: 0, failed: 0, inDoubt: 0 });
    for (const robot of [wecom, dingtalk, feishu]) {
      const [got] = receivedBy(robot.token);
      expect(got?.problem).toBeNull();
      expect((await messagesOf(robot.id)).map((m) => m.status)).toEqual(["sent"]);
    }
    const link = `${publicUrl}/campaigns/2026-stars/vote`;
    const w = receivedBy(wecom.token)[0]!.body as { msgtype: string; markdown: { content: string } };
    expect(w.msgtype).toBe("markdown");
    expect(w.markdown.content).toContain("投票已开始：2026 服务之星");
    expect(w.markdown.content).toContain(`](${link})`);
    const d = receivedBy(dingtalk.token)[0]!;
    expect(d.body).toMatchObject({ msgtype: "actionCard", actionCard: { title: "投票已开始：2026 服务之星", singleURL: link } });
    expect(d.rawQuery).toMatch(/^access_token=tok\d+dingtalk&timestamp=\d{13}&sign=[A-Za-z0-9%]+$/);
    const f = receivedBy(feishu.token)[0]!.body as { msg_type: string; timestamp: string; card: { header: { title: { content: string } } } };
    expect(f.msg_type).toBe("interactive");
    expect(f.timestamp).toMatch(/^\d{10}$/);
    // The robot's language, not the reader's.
    expect(f.card.header.title.content).toBe("Voting is open: 2026 Service Stars");
    expect(JSON.stringify(f)).toContain(link);
  });

  test("an honour roll carries its share image: WeCom as news, DingTalk in the text, Feishu as a second button — signed so the chat can fetch it", async () => {
    const unit = await givenRobotUnit();
    const robots = await Promise.all((["wecom", "dingtalk", "feishu"] as const).map((p) => givenRobot(unit.code, p)));
    await announceTo(unit.path, "honor-roll-corrected", {
      params: { campaign: { "zh-CN": "2026 服务之星", en: "2026 Service Stars" }, version: 2 },
      link: "/honor-roll/2026-stars",
    });
    await deliverDueRobotMessages(t.db, deps);
    const [wecom, dingtalk, feishu] = robots.map((r) => receivedBy(r.token)[0]!);
    expect(wecom.problem).toBeNull();
    const article = (wecom.body as { msgtype: string; news: { articles: Array<{ title: string; url: string; picurl: string }> } }).news.articles[0]!;
    expect(wecom.body.msgtype).toBe("news");
    expect(article).toMatchObject({ title: "光荣榜已更正：2026 服务之星", url: `${publicUrl}/honor-roll/2026-stars` });
    const image = new URL(article.picurl);
    expect(`${image.origin}${image.pathname}`).toBe(`${publicUrl}${rollSharePath("2026-stars")}`);
    expect(image.searchParams.get("lang")).toBe("zh-CN");
    expect(image.searchParams.get("v")).toBe("2");
    expect(await isLinkKey(t.db, rollSharePath("2026-stars"), image.searchParams.get("key")!)).toBe(true);
    expect(dingtalk.problem).toBeNull();
    expect((dingtalk.body.actionCard as { text: string }).text).toContain(`](${article.picurl})`);
    expect(feishu.problem).toBeNull();
    expect(JSON.stringify(feishu.body)).toContain(JSON.stringify(article.picurl));
  });

  test("a wrong signing secret is refused by the platform (the stand-in checks for real), retried, and shown with the platform's words", async () => {
    const unit = await givenRobotUnit();
    const dingtalk = await givenRobot(unit.code, "dingtalk");
    const feishu = await givenRobot(unit.code, "feishu");
    // The group's administrator reset the secrets; the portal still has the old ones.
    hooks.robot("dingtalk", dingtalk.token, "SECthe-new-one");
    hooks.robot("feishu", feishu.token, "the-new-one");
    await announceTo(unit.path, "voting-opened");
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ sent: 0, retrying: 2 });
    expect(receivedBy(dingtalk.token)[0]!.problem).toBe("sign does not match");
    expect(receivedBy(feishu.token)[0]!.problem).toBe("sign does not match");
    expect((await messagesOf(dingtalk.id))[0]).toMatchObject({
      status: "pending",
      tries: 1,
      error: expect.stringMatching(/^errcode 310000: sign not match/),
    });
    expect((await messagesOf(feishu.id))[0]).toMatchObject({
      status: "pending",
      tries: 1,
      error: expect.stringMatching(/^code 19021: sign match fail/),
    });
  });
});

describe("refusals, retries and rate limits", () => {
  test("a platform error is tried again with backoff, then sent (one message in the group)", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "wecom");
    hooks.script(robot.token, { json: { errcode: -1, errmsg: "system busy" } }, { status: 502, json: {} });
    await announceTo(unit.path, "voting-opened");

    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ retrying: 1, sent: 0 });
    const [first] = await messagesOf(robot.id);
    expect(first).toMatchObject({ status: "pending", tries: 1, error: "errcode -1: system busy" });
    // Backoff: 30 s, then 60 s; nothing goes before its time.
    expect(new Date(first!.not_before).getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ sent: 0, retrying: 0 });

    await makeDue(robot.id);
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ retrying: 1 });
    expect((await messagesOf(robot.id))[0]).toMatchObject({ tries: 2, error: "HTTP 502" });
    await makeDue(robot.id);
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ sent: 1 });
    expect((await messagesOf(robot.id))[0]).toMatchObject({ status: "sent", tries: 3, error: null });
    expect(receivedBy(robot.token).length).toBe(3);
  });

  test("after its last try a message is failed for good and the robot's page shows it with the error", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "dingtalk");
    hooks.script(robot.token, ...Array.from({ length: 5 }, () => ({ json: { errcode: 300001, errmsg: "token is not exist" } })));
    await announceTo(unit.path, "publicity-started", {
      params: { campaign: { "zh-CN": "服务之星", en: "Service Stars" }, winners: ["甲", "乙"], endsAt: "2026-12-20T10:00:00Z" },
    });
    for (let i = 0; i < 5; i++) {
      await makeDue(robot.id);
      await deliverDueRobotMessages(t.db, deps);
    }
    expect((await messagesOf(robot.id))[0]).toMatchObject({ status: "failed", tries: 5, error: "errcode 300001: token is not exist" });
    await makeDue(robot.id);
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ sent: 0, retrying: 0, failed: 0 });

    const page = await robotPage(t.db, admin, robot.id, "en");
    if (!page.ok) throw new Error(page.error);
    expect(page.value.robot?.messages[0]).toMatchObject({
      state: "failed",
      tries: 5,
      error: "errcode 300001: token is not exist",
      title: "Proposed winners of Service Stars",
    });
  });

  test("HTTP 429 and each platform's “too fast” answer postpone the message, not counted as a try (DingTalk throttles for 10 minutes)", async () => {
    const unit = await givenRobotUnit();
    const wecom = await givenRobot(unit.code, "wecom");
    const dingtalk = await givenRobot(unit.code, "dingtalk");
    const feishu = await givenRobot(unit.code, "feishu");
    hooks.script(wecom.token, { json: { errcode: 45009, errmsg: "api freq out of limit" } });
    hooks.script(dingtalk.token, { json: { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" } });
    hooks.script(feishu.token, { status: 429, json: { code: 11232, msg: "frequency limited" } });
    await announceTo(unit.path, "voting-opened");
    await announceTo(unit.path, "voting-opened");
    const before = Date.now();
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ sent: 0, retrying: 0, failed: 0, postponed: 6 });
    for (const [robot, seconds] of [
      [wecom, 60],
      [dingtalk, 600],
      [feishu, 60],
    ] as const) {
      const messages = await messagesOf(robot.id);
      // The refused one and the one behind it wait; neither counts as a try; only one request was made.
      expect(messages.map((m) => [m.status, m.tries])).toEqual([
        ["pending", 0],
        ["pending", 0],
      ]);
      for (const m of messages) expect(new Date(m.not_before).getTime()).toBeGreaterThanOrEqual(before + (seconds - 5) * 1000);
      expect(receivedBy(robot.token).length).toBe(1);
      await makeDue(robot.id);
    }
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ sent: 6 });
  });

  test("25 messages for one WeCom robot: 20 go now, 5 wait until the first minute's window frees — none dropped", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "wecom");
    for (let i = 0; i < 25; i++) await announceTo(unit.path, "voting-opened");
    const counts = await deliverDueRobotMessages(t.db, deps);
    expect(counts).toMatchObject({ sent: 20, postponed: 5 });
    const messages = await messagesOf(robot.id);
    const sent = messages.filter((m) => m.status === "sent");
    const waiting = messages.filter((m) => m.status === "pending");
    expect(sent.length).toBe(20);
    expect(waiting.length).toBe(5);
    // The 20 sent are the oldest 20, in order.
    expect(messages.slice(0, 20).every((m) => m.status === "sent")).toBe(true);
    const firstSent = Math.min(...sent.map((m) => new Date(m.sent_at!).getTime()));
    for (const m of waiting) {
      expect(m.tries).toBe(0);
      expect(new Date(m.not_before).getTime()).toBeGreaterThanOrEqual(firstSent + 60_000);
    }
    // A run before then sends nothing.
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ sent: 0 });
    expect(receivedBy(robot.token).length).toBe(20);

    // A minute later (moved back in time rather than waited for): the 5 go.
    await sql`update robot_messages set sent_at = sent_at - interval '61 seconds', not_before = not_before - interval '61 seconds' where robot_id = ${robot.id}`.execute(
      t.db,
    );
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ sent: 5, postponed: 0 });
    expect(receivedBy(robot.token).length).toBe(25);
    expect(new Set(receivedBy(robot.token).map((r) => r.problem))).toEqual(new Set([null]));
  });

  test("Feishu allows 100 a minute: 25 go in one run, at most 5 a second", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "feishu");
    for (let i = 0; i < 25; i++) await announceTo(unit.path, "voting-opened");
    const waits: number[] = [];
    const counts = await deliverDueRobotMessages(t.db, { ...deps, sleep: async (ms) => void waits.push(ms) });
    expect(counts).toMatchObject({ sent: 25, postponed: 0 });
    expect(receivedBy(robot.token).filter((r) => r.problem === null).length).toBe(25);
    for (const ms of waits) expect(ms).toBeLessThanOrEqual(1000);
  });

  test("a request that gets no answer may have arrived: in doubt, never sent again; a connection refused is tried again", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "wecom");
    hooks.script(robot.token, { hangUp: true });
    await announceTo(unit.path, "voting-opened");
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ inDoubt: 1 });
    expect((await messagesOf(robot.id))[0]).toMatchObject({ status: "in_doubt", error: expect.stringContaining("may or may not have arrived") });

    const slow = await givenRobot(unit.code, "wecom");
    hooks.script(slow.token, { delayMs: 1_500 });
    await announceTo(unit.path, "voting-opened");
    // Both robots of the unit get the second announcement: the first answers at once now.
    expect(await deliverDueRobotMessages(t.db, { ...deps, timeoutMs: 300 })).toMatchObject({ inDoubt: 1, sent: 1 });
    expect((await messagesOf(slow.id))[0]).toMatchObject({ status: "in_doubt", error: expect.stringMatching(/^no answer within 0.3 s/) });

    // A listed host where nothing listens.
    const port = await closedPort();
    const refusedSettings: RobotSettings = { ...settings, allowedHosts: parseAllowedHosts(`${hooks.host},127.0.0.1:${port}`) };
    const other = await givenRobotUnit();
    const r = await createRobot(
      t.db,
      admin,
      {
        unit: other.code,
        name: "nobody listens",
        platform: "wecom",
        webhookUrl: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=x`,
        locale: "en",
        events: ["voting-opened"],
        enabled: true,
      },
      refusedSettings,
    );
    if (!r.ok) throw new Error(r.error);
    await announceTo(other.path, "voting-opened");
    expect(await deliverDueRobotMessages(t.db, { ...deps, settings: refusedSettings })).toMatchObject({ retrying: 1 });
    expect((await messagesOf(r.value.id))[0]).toMatchObject({
      status: "pending",
      tries: 1,
      error: "could not connect to the webhook (ECONNREFUSED)",
    });
  });
});

describe("at most once", () => {
  test("a message a crashed run left claimed is marked in doubt and never sent again", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "wecom");
    await announceTo(unit.path, "voting-opened");
    await announceTo(unit.path, "voting-opened");
    const [crashed] = await messagesOf(robot.id);
    // Claimed eleven minutes ago by a run that died before it could mark it.
    await sql`update robot_messages set status = 'sending', tries = 1, claimed_at = now() - interval '11 minutes' where id = ${crashed!.id}`.execute(
      t.db,
    );
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ stale: 1, sent: 1 });
    expect((await messagesOf(robot.id)).map((m) => m.status)).toEqual(["in_doubt", "sent"]);
    expect(receivedBy(robot.token).length).toBe(1);
    // A second run at once finds nothing to do.
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ stale: 0, sent: 0, retrying: 0, postponed: 0 });
  });

  test("a run past its time budget stops claiming: the rest wait, due, for the next run", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "wecom");
    for (let i = 0; i < 3; i++) await announceTo(unit.path, "voting-opened");
    expect(await deliverDueRobotMessages(t.db, { ...deps, budgetMs: -1 })).toMatchObject({ sent: 0, postponed: 0 });
    expect((await messagesOf(robot.id)).map((m) => [m.status, m.tries])).toEqual([
      ["pending", 0],
      ["pending", 0],
      ["pending", 0],
    ]);
    expect(await deliverDueRobotMessages(t.db, deps)).toMatchObject({ sent: 3 });
  });

  test("nothing is written, or sent, for an announcement whose transaction rolled back", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "wecom");
    await expect(
      t.db.transaction().execute(async (trx) => {
        await announce(trx, {
          key: `rolled-back:${unit.code}`,
          kind: "voting-opened",
          params: { campaign: "x" },
          link: "/campaigns/x/vote",
          recipients: onePerson(staff.id),
          robotScope: unit.path,
        });
        throw new Error("the phase move failed");
      }),
    ).rejects.toThrow("the phase move failed");
    expect(await messagesOf(robot.id)).toEqual([]);
    await deliverDueRobotMessages(t.db, deps);
    expect(receivedBy(robot.token)).toEqual([]);
  });
});

describe("webhook addresses: only the platforms' hosts, or those the operator lists", () => {
  const attempts: Array<[RobotPlatform, string, string]> = [
    ["wecom", "http://127.0.0.1:8080/cgi-bin/webhook/send?key=x", "robots.url.scheme"],
    ["wecom", "https://127.0.0.1/cgi-bin/webhook/send?key=x", "robots.url.host"],
    ["dingtalk", "https://169.254.169.254/latest/meta-data/", "robots.url.host"],
    ["wecom", "https://2130706433/cgi-bin/webhook/send?key=x", "robots.url.host"],
    ["feishu", "https://robots.intranet.example/open-apis/bot/v2/hook/abc", "robots.url.host"],
    ["wecom", "https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send?key=x", "robots.url.host"],
    ["wecom", "https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=x", "robots.url.host"],
    ["wecom", "https://oapi.dingtalk.com/robot/send?access_token=x", "robots.url.host"],
    ["wecom", "https://qyapi.weixin.qq.com/cgi-bin/user/get?key=x", "robots.url.path"],
    ["wecom", "https://someone:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", "robots.url.credentials"],
    ["wecom", "file:///etc/passwd", "robots.url.scheme"],
  ];
  for (const [platform, url, error] of attempts) {
    test(`${url} is refused for ${platform} (${error}), and nothing is stored`, async () => {
      const before = await t.db
        .selectFrom("robots")
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow();
      const r = await createRobot(
        t.db,
        admin,
        { unit: "RB", name: "x", platform, webhookUrl: url, secret: "SECsecretsecret", locale: "zh-CN", events: [], enabled: true },
        settings,
      );
      expect(r).toMatchObject({ ok: false, error, status: 400 });
      expect(
        await t.db
          .selectFrom("robots")
          .select(sql<number>`count(*)::int`.as("n"))
          .executeTakeFirstOrThrow(),
      ).toEqual(before);
    });
  }

  test("the official hosts are accepted for their own platform", async () => {
    for (const [platform, url] of [
      ["wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"],
      ["dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc"],
      ["feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/abc"],
      ["feishu", "https://open.larksuite.com/open-apis/bot/v2/hook/abc"],
    ] as const) {
      const r = await createRobot(
        t.db,
        admin,
        { unit: "RB", name: `official ${platform}`, platform, webhookUrl: url, secret: "SECsecret", locale: "zh-CN", events: [], enabled: false },
        { ...settings, allowedHosts: [] },
      );
      expect(r.ok).toBe(true);
    }
  });

  test("checked again at send: a robot whose host is no longer listed, or was written past the form, sends nothing", async () => {
    const unit = await givenRobotUnit();
    const listed = await givenRobot(unit.code, "wecom");
    const sneaked = await givenRobot(unit.code, "wecom");
    await t.db.updateTable("robots").set({ webhook_url: "http://169.254.169.254/latest/meta-data/" }).where("id", "=", sneaked.id).execute();
    await announceTo(unit.path, "voting-opened");
    const counts = await deliverDueRobotMessages(t.db, { ...deps, settings: { ...settings, allowedHosts: [] } });
    expect(counts).toMatchObject({ sent: 0, failed: 2 });
    for (const robot of [listed, sneaked]) {
      expect((await messagesOf(robot.id))[0]).toMatchObject({ status: "failed", error: expect.stringContaining("not allowed") });
      expect(receivedBy(robot.token)).toEqual([]);
    }
  });
});

describe("administrators register, edit and delete robots", () => {
  test("staff are refused everything, and nothing changes", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "wecom");
    expect(await robotsPage(t.db, staff, "en", settings)).toMatchObject({ ok: false, status: 403 });
    expect(await robotPage(t.db, staff, robot.id, "en")).toMatchObject({ ok: false, status: 403 });
    expect(await createRobot(t.db, staff, robot.input, settings)).toMatchObject({ ok: false, status: 403 });
    expect(await updateRobot(t.db, staff, robot.id, { ...robot.input, name: "mine" }, settings)).toMatchObject({ ok: false, status: 403 });
    expect(await deleteRobot(t.db, staff, robot.id)).toMatchObject({ ok: false, status: 403 });
    expect(await sendTestMessage(t.db, staff, robot.id, deps)).toMatchObject({ ok: false, status: 403 });
    expect(await t.db.selectFrom("robots").select("name").where("id", "=", robot.id).executeTakeFirst()).toEqual({ name: robot.input.name });
    expect(receivedBy(robot.token)).toEqual([]);
  });

  test("secrets and webhook keys are shown masked, kept when left empty, and never written to the audit log", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "dingtalk");
    const page = await robotsPage(t.db, admin, "zh-CN", settings);
    if (!page.ok) throw new Error(page.error);
    const view = page.value.units.find((u) => u.code === unit.code)!.robots[0]!;
    expect(view.secret).toBe(`••••${robot.secret!.slice(-4)}`);
    expect(view.webhookUrl).toBe(`http://${hooks.host}/robot/send?access_token=••••${robot.token.slice(-4)}`);
    expect(JSON.stringify(page.value)).not.toContain(robot.secret!);
    expect(JSON.stringify(page.value)).not.toContain(robot.token);

    // Renamed and moved to English, webhook and secret left empty: both kept.
    expect(
      await updateRobot(t.db, admin, robot.id, { ...robot.input, name: "renamed", locale: "en", webhookUrl: "", secret: "" }, settings),
    ).toMatchObject({ ok: true });
    const stored = await t.db
      .selectFrom("robots")
      .select(["name", "webhook_url", "secret", "locale"])
      .where("id", "=", robot.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: "renamed", webhook_url: robot.input.webhookUrl, secret: robot.secret, locale: "en" });
    // A new secret replaces it.
    const newSecret = "SECa-brand-new-secret-0123456789";
    expect(await updateRobot(t.db, admin, robot.id, { ...robot.input, webhookUrl: "", secret: newSecret }, settings)).toMatchObject({ ok: true });
    expect((await t.db.selectFrom("robots").select("secret").where("id", "=", robot.id).executeTakeFirstOrThrow()).secret).toBe(newSecret);
    await sendTestMessage(t.db, admin, robot.id, deps);
    await deleteRobot(t.db, admin, robot.id);

    const entries = await t.db
      .selectFrom("audit_log")
      .select(["action", "before", "after", "subject_id"])
      .where("subject_type", "=", "robot")
      .where("subject_id", "=", String(robot.id))
      .orderBy("id")
      .execute();
    expect(entries.map((e) => e.action)).toEqual(["robot.created", "robot.updated", "robot.updated", "robot.tested", "robot.deleted"]);
    const text = JSON.stringify(entries);
    for (const secret of [robot.secret!, newSecret, robot.secret!.slice(-4), newSecret.slice(-4)]) expect(text).not.toContain(secret);
    expect(text).not.toContain(robot.token);
    expect(entries[2]!.after).toMatchObject({ secretReplaced: true, name: robot.input.name });
  });

  test("a DingTalk or Feishu robot needs its secret; switching a WeCom robot to DingTalk without one is refused", async () => {
    const unit = await givenRobotUnit();
    const wecom = await givenRobot(unit.code, "wecom");
    const url = hooks.robot("dingtalk", "switched");
    expect(await updateRobot(t.db, admin, wecom.id, { ...wecom.input, platform: "dingtalk", webhookUrl: url }, settings)).toMatchObject({
      ok: false,
      error: "robots.secret.required",
    });
    expect(
      await createRobot(
        t.db,
        admin,
        { ...wecom.input, platform: "feishu", webhookUrl: hooks.robot("feishu", "nosecret"), secret: undefined },
        settings,
      ),
    ).toMatchObject({ ok: false, error: "robots.secret.required" });
    // A WeCom robot keeps no secret, whatever the form sent.
    const r = await createRobot(t.db, admin, { ...wecom.input, secret: "ignored-secret" }, settings);
    if (!r.ok) throw new Error(r.error);
    expect((await t.db.selectFrom("robots").select("secret").where("id", "=", r.value.id).executeTakeFirstOrThrow()).secret).toBeNull();
  });

  test("turning a robot off cancels what it still had to announce; a robot turned off is not announced to", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "wecom");
    await announceTo(unit.path, "voting-opened");
    expect(await updateRobot(t.db, admin, robot.id, { ...robot.input, webhookUrl: "", enabled: false }, settings)).toMatchObject({ ok: true });
    expect((await messagesOf(robot.id)).map((m) => m.status)).toEqual(["cancelled"]);
    expect((await announceTo(unit.path, "voting-opened")).robotMessages).toBe(0);
    await deliverDueRobotMessages(t.db, deps);
    expect(receivedBy(robot.token)).toEqual([]);
  });

  test("a robot announces only the events it was given", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "wecom", { events: ["honor-roll-published"] });
    expect((await announceTo(unit.path, "voting-opened")).robotMessages).toBe(0);
    expect(
      (await announceTo(unit.path, "honor-roll-published", { link: "/honor-roll/x", params: { campaign: "x", winners: ["甲"] } })).robotMessages,
    ).toBe(1);
    expect((await messagesOf(robot.id)).map((m) => m.kind)).toEqual(["honor-roll-published"]);
  });
});

describe("Send a test message", () => {
  test("sends at once and says so; the message is listed with the others", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "feishu", { locale: "en" });
    expect(await sendTestMessage(t.db, admin, robot.id, deps)).toEqual({ ok: true, value: { name: robot.input.name, outcome: "sent", error: null } });
    const [got] = receivedBy(robot.token);
    expect(got?.problem).toBeNull();
    expect(JSON.stringify(got?.body)).toContain("Test message from Service Stars");
    expect(JSON.stringify(got?.body)).toContain(`of Unit ${unit.code}`);
    const page = await robotPage(t.db, admin, robot.id, "zh-CN");
    if (!page.ok) throw new Error(page.error);
    expect(page.value.robot?.messages[0]).toMatchObject({ kind: "robot-test", state: "sent", title: "服务之星测试消息" });
  });

  test("a refusal is shown at once, with the platform's words, and not tried again", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "dingtalk");
    hooks.script(robot.token, { json: { errcode: 310000, errmsg: "keywords not in content" } });
    expect(await sendTestMessage(t.db, admin, robot.id, deps)).toEqual({
      ok: true,
      value: { name: robot.input.name, outcome: "failed", error: "errcode 310000: keywords not in content" },
    });
    expect((await messagesOf(robot.id))[0]).toMatchObject({ status: "failed", tries: 1 });
    await makeDue(robot.id);
    await deliverDueRobotMessages(t.db, deps);
    expect(receivedBy(robot.token).length).toBe(1);
  });

  test("when the robot's minute is full it waits its turn", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "wecom");
    for (let i = 0; i < 20; i++) await announceTo(unit.path, "voting-opened");
    await deliverDueRobotMessages(t.db, deps);
    expect(await sendTestMessage(t.db, admin, robot.id, deps)).toEqual({
      ok: true,
      value: { name: robot.input.name, outcome: "queued", error: null },
    });
    expect(receivedBy(robot.token).length).toBe(20);
    expect((await messagesOf(robot.id)).at(-1)).toMatchObject({ kind: "robot-test", status: "pending" });
  });
});

describe("no robot is ever told who has or has not voted", () => {
  test("a voting reminder writes no robot message, even for a robot of the same unit", async () => {
    const unit = await givenRobotUnit();
    const robot = await givenRobot(unit.code, "wecom");
    await givenPerson(t.db, { unit: unit.code, name: "未投票者甲", password: null });
    const written = await t.db.transaction().execute((trx) =>
      announce(trx, {
        key: `reminder:${unit.code}`,
        kind: "voting-reminder",
        params: { campaign: "x", closesAt: "2026-12-20T10:00:00Z" },
        link: "/campaigns/x/vote",
        recipients: votersIn(unit.path),
        robotScope: unit.path,
      }),
    );
    expect(written.notices).toBe(1);
    expect(written.robotMessages).toBe(0);
    expect(await messagesOf(robot.id)).toEqual([]);
  });

  test("what robots announce names campaigns, never the people it went to", async () => {
    const unit = await givenRobotUnit();
    const robots = await Promise.all((["wecom", "dingtalk", "feishu"] as const).map((p) => givenRobot(unit.code, p)));
    const names = ["投票人甲", "投票人乙", "Voter Charlie"];
    for (const name of names) await givenPerson(t.db, { unit: unit.code, name, password: null });
    await t.db.transaction().execute((trx) =>
      announce(trx, {
        key: `voting-opened:${unit.code}`,
        kind: "voting-opened",
        params: { campaign: { "zh-CN": "服务之星", en: "Service Stars" } },
        link: "/campaigns/x/vote",
        recipients: everyoneIn(unit.path),
        robotScope: unit.path,
      }),
    );
    await deliverDueRobotMessages(t.db, deps);
    const sent = JSON.stringify(robots.flatMap((r) => receivedBy(r.token)));
    expect(receivedBy(robots[0]!.token).length).toBe(1);
    for (const name of names) expect(sent).not.toContain(name);
    const stored = JSON.stringify(await t.db.selectFrom("robot_messages").selectAll().execute());
    for (const name of names) expect(stored).not.toContain(name);
  });
});
