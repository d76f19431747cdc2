import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { Locale } from "~/i18n";
import { nudgeJob } from "~/jobs/engine.server";
import { deliverRobotMessages } from "~/jobs/queues";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { unitChoices } from "../org/org.server";
import { err, forbidden, notFound, ok, type Result } from "../result";
import { isRowId } from "../row-id";
import { claim } from "./claims.server";
import { isRobotKind, type RobotKind } from "./kinds";
import {
  cancelAnnouncements,
  loadRobot,
  robotWords,
  sendClaimed,
  windowUse,
  type RobotDeliveryDeps,
  type SendOutcome,
} from "./robot-delivery.server";
import { maskSecret, maskWebhookUrl, platforms, platformSigns, webhookProblem, type RobotPlatform } from "./robot-platforms";
import { readRobotSettings, type RobotSettings } from "./robot-settings";

// Administrators' group robots (issue 17, item 4): register one per org unit
// — its platform, webhook, signing secret, language and which events it
// announces — edit, delete, list with its recent messages, and send a test
// message. The webhook address and the secret are credentials: never shown
// back or audited in full (the page and the audit log get masked forms), and
// an edit that leaves them empty keeps them.

/** What the form gives, as the schema read it (robot-schema.ts). */
export interface RobotInput {
  unit: string;
  name: string;
  platform: RobotPlatform;
  /** Empty on an edit: keep the stored one. */
  webhookUrl?: string;
  secret?: string;
  locale: Locale;
  events: readonly RobotKind[];
  enabled: boolean;
}

/** A message as the robot's page lists it. */
export type MessageState = "sent" | "waiting" | "retrying" | "sending" | "failed" | "in_doubt" | "cancelled";

export interface RobotMessageView {
  id: string;
  kind: string;
  /** Its title in the reader's language. */
  title: string;
  state: MessageState;
  createdAt: Date;
  sentAt: Date | null;
  /** Not sent before then (a rate limit's window, a retry's delay). */
  notBefore: Date;
  tries: number;
  /** The platform's or the network's words, for the operator (English). */
  error: string | null;
}

export interface RobotView {
  id: number;
  name: string;
  platform: RobotPlatform;
  /** Masked: the key in it is a credential. */
  webhookUrl: string;
  /** Masked ("••••abcd"), or null when it has none. */
  secret: string | null;
  locale: Locale;
  events: RobotKind[];
  enabled: boolean;
  unit: { code: string; nameZh: string; nameEn: string | null };
  messages: RobotMessageView[];
}

export interface RobotsPage {
  units: Array<{ code: string; nameZh: string; nameEn: string | null; robots: RobotView[] }>;
  /** Where the links in messages point when PUBLIC_URL is not set (localhost), for the page to warn; null when it is set. */
  unsetPublicUrl: string | null;
}

/** Messages listed per robot on the list, and on the robot's own page. */
export const listedMessages = 5;
export const robotPageMessages = 30;

const robotColumns = ["r.id", "r.name", "r.platform", "r.webhook_url", "r.secret", "r.locale", "r.events", "r.enabled"] as const;

async function robotRows(db: Db, id?: number) {
  let q = db
    .selectFrom("robots as r")
    .innerJoin("org_units as u", "u.id", "r.org_unit_id")
    .select([...robotColumns, "u.code", "u.name_zh", "u.name_en"])
    .orderBy("r.name")
    .orderBy("r.id");
  if (id !== undefined) q = q.where("r.id", "=", id);
  return q.execute();
}

async function recentMessages(db: Db, robotIds: number[], perRobot: number, locale: Locale) {
  if (!robotIds.length) return new Map<number, RobotMessageView[]>();
  const rows = await sql<{
    id: string;
    robot_id: number;
    kind: string;
    params: Record<string, unknown>;
    link: string;
    status: string;
    tries: number;
    created_at: Date;
    sent_at: Date | null;
    not_before: Date;
    error: string | null;
  }>`
    select id::text as id, robot_id, kind, params, link, status, tries, created_at, sent_at, not_before, error from (
      select m.*, row_number() over (partition by robot_id order by id desc) as n
      from robot_messages m where robot_id = any(${robotIds}::int[])) x
    where n <= ${perRobot} order by x.robot_id, x.id desc`.execute(db);
  const byRobot = new Map<number, RobotMessageView[]>();
  for (const m of rows.rows) {
    const state: MessageState = m.status === "pending" ? (Number(m.tries) > 0 ? "retrying" : "waiting") : (m.status as MessageState);
    const view: RobotMessageView = {
      id: m.id,
      kind: m.kind,
      title: robotWords(locale, m).title,
      state,
      createdAt: new Date(m.created_at),
      sentAt: m.sent_at ? new Date(m.sent_at) : null,
      notBefore: new Date(m.not_before),
      tries: Number(m.tries),
      error: m.error,
    };
    byRobot.set(m.robot_id, [...(byRobot.get(m.robot_id) ?? []), view]);
  }
  return byRobot;
}

type RobotRowWithUnit = Awaited<ReturnType<typeof robotRows>>[number];

function robotView(r: RobotRowWithUnit, messages: RobotMessageView[]): RobotView {
  return {
    id: r.id,
    name: r.name,
    platform: r.platform,
    webhookUrl: maskWebhookUrl(r.webhook_url),
    secret: r.secret ? maskSecret(r.secret) : null,
    locale: r.locale,
    events: r.events.filter(isRobotKind),
    enabled: r.enabled,
    unit: { code: r.code, nameZh: r.name_zh, nameEn: r.name_en },
    messages,
  };
}

/** /admin/robots: every robot by unit (in tree order), each with its latest messages. Administrators only. */
export async function robotsPage(db: Db, user: User, locale: Locale, settings: RobotSettings = readRobotSettings()): Promise<Result<RobotsPage>> {
  if (!isAdmin(user)) return forbidden();
  const [rows, units] = await Promise.all([robotRows(db), unitChoices(db)]);
  const messages = await recentMessages(
    db,
    rows.map((r) => r.id),
    listedMessages,
    locale,
  );
  const page: RobotsPage = { units: [], unsetPublicUrl: settings.publicUrlSet ? null : settings.publicUrl };
  for (const unit of units) {
    const robots = rows.filter((r) => r.code === unit.code).map((r) => robotView(r, messages.get(r.id) ?? []));
    if (robots.length) page.units.push({ code: unit.code, nameZh: unit.nameZh, nameEn: unit.nameEn, robots });
  }
  return ok(page);
}

/** The robot's own page (its form and its messages), or the form of a new one (id null). Administrators only. */
export async function robotPage(
  db: Db,
  user: User,
  id: number | null,
  locale: Locale,
): Promise<Result<{ robot: RobotView | null; units: Awaited<ReturnType<typeof unitChoices>> }>> {
  if (!isAdmin(user)) return forbidden();
  const units = await unitChoices(db);
  if (id === null) return ok({ robot: null, units });
  const [row] = isRowId(id) ? await robotRows(db, id) : [];
  if (!row) return notFound("robots.notFound");
  const messages = await recentMessages(db, [row.id], robotPageMessages, locale);
  return ok({ robot: robotView(row, messages.get(row.id) ?? []), units });
}

/** What the audit log keeps of a robot: never the secret, the webhook's key masked. */
function audited(r: {
  unit: string;
  name: string;
  platform: string;
  webhookUrl: string;
  locale: string;
  events: readonly string[];
  enabled: boolean;
}) {
  return {
    unit: r.unit,
    name: r.name,
    platform: r.platform,
    webhookUrl: maskWebhookUrl(r.webhookUrl),
    locale: r.locale,
    events: r.events,
    enabled: r.enabled,
  };
}

/** The stored fields of a valid input, or why it is refused: the unit, the webhook's host for its platform, the secret a signing platform needs. */
async function checked(
  db: Db,
  input: RobotInput,
  stored: { webhookUrl: string; secret: string | null } | null,
  settings: RobotSettings,
): Promise<Result<{ unitId: number; webhookUrl: string; secret: string | null }>> {
  const unit = await db.selectFrom("org_units").select("id").where("code", "=", input.unit).executeTakeFirst();
  if (!unit) return err("robots.unit.unknown", 400);
  const webhookUrl = input.webhookUrl || stored?.webhookUrl;
  if (!webhookUrl) return err("robots.url.required", 400);
  const problem = webhookProblem(input.platform, webhookUrl, settings.allowedHosts);
  if (problem) {
    const { hosts, path } = platforms[input.platform];
    return err(`robots.url.${problem}`, 400, { hosts: hosts.join(", "), path });
  }
  const secret = platformSigns(input.platform) ? input.secret || stored?.secret || null : null;
  if (platformSigns(input.platform) && !secret) return err("robots.secret.required", 400);
  return ok({ unitId: unit.id, webhookUrl, secret });
}

type Checked = Extract<Awaited<ReturnType<typeof checked>>, { ok: true }>["value"];

/** The robots row of a checked input. */
function stored(input: RobotInput, valid: Checked) {
  return {
    org_unit_id: valid.unitId,
    name: input.name,
    platform: input.platform,
    webhook_url: valid.webhookUrl,
    secret: valid.secret,
    locale: input.locale,
    events: sql<string[]>`${[...input.events]}::text[]`,
    enabled: input.enabled,
  };
}

/** Registers a robot. Administrators only; audited without its secret. */
export async function createRobot(
  db: Db,
  user: User,
  input: RobotInput,
  settings: RobotSettings = readRobotSettings(),
): Promise<Result<{ id: number }>> {
  if (!isAdmin(user)) return forbidden();
  const valid = await checked(db, input, null, settings);
  if (!valid.ok) return valid;
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto("robots").values(stored(input, valid.value)).returning("id").executeTakeFirstOrThrow();
    await audit(trx, user, {
      action: "robot.created",
      subjectType: "robot",
      subjectId: row.id,
      after: audited({ ...input, webhookUrl: valid.value.webhookUrl }),
    });
    return ok({ id: row.id });
  });
}

/**
 * Changes a robot; an empty webhook or secret keeps the stored one. Turning
 * it off cancels what it had still to announce. Administrators only; audited
 * without the secret (only whether it was replaced).
 */
export async function updateRobot(
  db: Db,
  user: User,
  id: number,
  input: RobotInput,
  settings: RobotSettings = readRobotSettings(),
): Promise<Result<{ id: number }>> {
  if (!isAdmin(user)) return forbidden();
  const [before] = isRowId(id) ? await robotRows(db, id) : [];
  if (!before) return notFound("robots.notFound");
  const valid = await checked(db, input, { webhookUrl: before.webhook_url, secret: before.secret }, settings);
  if (!valid.ok) return valid;
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("robots")
      .set({ ...stored(input, valid.value), updated_at: sql<Date>`now()` })
      .where("id", "=", id)
      .executeTakeFirst();
    if (!Number(updated.numUpdatedRows)) return notFound("robots.notFound");
    if (!input.enabled) await cancelAnnouncements(trx, id);
    await audit(trx, user, {
      action: "robot.updated",
      subjectType: "robot",
      subjectId: id,
      before: audited({ ...before, unit: before.code, webhookUrl: before.webhook_url }),
      after: {
        ...audited({ ...input, webhookUrl: valid.value.webhookUrl }),
        secretReplaced: Boolean(input.secret) && valid.value.secret !== before.secret,
      },
    });
    return ok({ id });
  });
}

/** Deletes a robot and its messages. Administrators only; audited. */
export async function deleteRobot(db: Db, user: User, id: number): Promise<Result<{ name: string }>> {
  if (!isAdmin(user)) return forbidden();
  return db.transaction().execute(async (trx) => {
    const [before] = isRowId(id) ? await robotRows(trx, id) : [];
    if (!before) return notFound("robots.notFound");
    await trx.deleteFrom("robots").where("id", "=", id).execute();
    await audit(trx, user, {
      action: "robot.deleted",
      subjectType: "robot",
      subjectId: id,
      before: audited({ ...before, unit: before.code, webhookUrl: before.webhook_url }),
    });
    return ok({ name: before.name });
  });
}

export interface TestOutcome {
  /** The robot's name, for the sentence that tells the outcome. */
  name: string;
  /** "queued": the robot's rate limit is reached (or the worker took it): it goes within a minute. */
  outcome: SendOutcome | "queued";
  /** The platform's or the network's words when it was not sent. */
  error: string | null;
}

/**
 * Sends a test message at once and says how it went: it is a robot message
 * like the others (kind 'robot-test', listed with them, within the robot's
 * rate limit), but a refusal is not tried again — the administrator sees it
 * now and fixes the robot. When the rate limit leaves no room it waits its
 * turn. Administrators only; audited.
 */
export async function sendTestMessage(
  db: Db,
  user: User,
  id: number,
  deps: RobotDeliveryDeps = { settings: readRobotSettings() },
): Promise<Result<TestOutcome>> {
  if (!isAdmin(user)) return forbidden();
  const robot = isRowId(id) ? await loadRobot(db, id) : undefined;
  if (!robot) return notFound("robots.notFound");
  const messageId = await db.transaction().execute(async (trx) => {
    const unit = await trx
      .selectFrom("robots as r")
      .innerJoin("org_units as u", "u.id", "r.org_unit_id")
      .select(["u.name_zh", "u.name_en"])
      .where("r.id", "=", id)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto("robot_messages")
      .values({
        robot_id: id,
        event_key: `robot-test:${randomUUID()}`,
        kind: "robot-test",
        params: JSON.stringify({ robot: robot.name, unit: { "zh-CN": unit.name_zh, en: unit.name_en ?? unit.name_zh } }),
        link: "/honor-roll",
      })
      .returning(sql<string>`id::text`.as("id"))
      .executeTakeFirstOrThrow();
    await audit(trx, user, { action: "robot.tested", subjectType: "robot", subjectId: id, after: { name: robot.name } });
    return row.id;
  });
  if ((await windowUse(db, id)) >= platforms[robot.platform].perMinute || !(await claim(db, "robot_messages", messageId))) {
    await nudgeJob(db, deliverRobotMessages);
    return ok({ name: robot.name, outcome: "queued", error: null });
  }
  const outcome = await sendClaimed(db, deps, robot, messageId, false);
  const after = await db.selectFrom("robot_messages").select("error").where("id", "=", messageId).executeTakeFirst();
  return ok({ name: robot.name, outcome: outcome === "postponed" ? "queued" : outcome, error: outcome === "sent" ? null : (after?.error ?? null) });
}
