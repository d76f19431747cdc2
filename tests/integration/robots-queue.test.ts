import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { announce } from "../../app/domain/notifications/announce.server";
import { onePerson } from "../../app/domain/notifications/recipients.server";
import { createRobot } from "../../app/domain/notifications/robots.server";
import { readRobotSettings } from "../../app/domain/notifications/robot-settings";
import { deliverRobotMessages, queues } from "../../app/jobs/queues";
import { workers } from "../../server/workers";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { until, useEngines } from "../support/jobs";
import { startWebhookServer, type WebhookServer } from "../support/webhooks";

// The `notify-robots` queue as the server wires it (server/workers.ts): an
// announcement that writes robot messages nudges the queue in its own
// transaction, and once it commits the worker sends them, reading
// WEBHOOK_ALLOWED_HOSTS and PUBLIC_URL as the server does.

let t: TestDb;
let hooks: WebhookServer;
const saved = { hosts: process.env.WEBHOOK_ALLOWED_HOSTS, url: process.env.PUBLIC_URL };
beforeAll(async () => {
  t = await createTestDb();
  hooks = await startWebhookServer();
  process.env.WEBHOOK_ALLOWED_HOSTS = hooks.host;
  process.env.PUBLIC_URL = "https://stars.example.com";
});
afterAll(async () => {
  process.env.WEBHOOK_ALLOWED_HOSTS = saved.hosts;
  process.env.PUBLIC_URL = saved.url;
  await hooks?.close();
  await t?.close();
});

const engines = useEngines();

test("an announcement's robot messages are sent by the notify-robots worker once it commits", async () => {
  await engines.start(t, { queues, workers: { [deliverRobotMessages.name]: workers(t.db)[deliverRobotMessages.name]! } });
  await givenUnit(t.db, "RQ");
  const admin = await givenPerson(t.db, { unit: "RQ", roles: ["admin"], password: null });
  const unit = await t.db.selectFrom("org_units").select(["id", "path"]).where("code", "=", "RQ").executeTakeFirstOrThrow();
  const created = await createRobot(
    t.db,
    admin,
    {
      unit: "RQ",
      name: "queue robot",
      platform: "feishu",
      webhookUrl: hooks.robot("feishu", "queued", "queue-secret"),
      secret: "queue-secret",
      locale: "en",
      events: ["voting-opened"],
      enabled: true,
    },
    readRobotSettings(),
  );
  if (!created.ok) throw new Error(created.error);
  await t.db.transaction().execute((trx) =>
    announce(trx, {
      key: "queue:voting-opened",
      kind: "voting-opened",
      params: { campaign: { "zh-CN": "服务之星", en: "Service Stars" } },
      link: "/campaigns/x/vote",
      recipients: onePerson(admin.id),
      robotScope: `${unit.path}${unit.id}/`,
    }),
  );
  await until(async () => hooks.received.length > 0, 30, "the worker to send the message");
  expect(hooks.received.map((r) => r.problem)).toEqual([null]);
  expect(JSON.stringify(hooks.received[0]!.body)).toContain("https://stars.example.com/campaigns/x/vote");
  await until(
    async () => (await sql<{ status: string }>`select status from robot_messages`.execute(t.db)).rows[0]?.status === "sent",
    10,
    "the message to be marked sent",
  );
});
