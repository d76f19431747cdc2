import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { defaultLocale, isLocale, type Locale } from "~/i18n";
import { log } from "~/log.server";
import { MailError, type Email, type Mailer, type SmtpMailer } from "~/mail/mailer.server";
import { renderDigest, renderNotice, type MailNotice, type RenderedEmail } from "~/mail/render.server";
import { messageIdHost, type MailSettings } from "~/mail/settings";
import {
  claim,
  claimMany,
  dueIds,
  eachWithConcurrency,
  holdUntil,
  markFailed,
  markInDoubt,
  markRejected,
  markSent,
  markSentMany,
  markStaleClaimsInDoubt,
  postpone,
  releaseClaims,
  retryAt,
} from "./claims.server";
import { remindsOfNothing, remindsOfNothingReason } from "./events.server";
import { secretRecipientKinds, type MessageParams, type NotificationKind } from "./kinds";
import { messageText } from "./message";
import { quietHoursEnd } from "./quiet-hours";
import { unsubscribeTokens } from "./unsubscribe.server";

// The email channel (issue 17, decision 0039). announce() wrote one delivery
// per notice and recipient who wants its email; the `notify-email` queue runs
// deliverDueEmails, the `notify-daily` queue sendDigests. Each delivery is
// claimed (committed) before it is handed to the mail server and marked sent
// after (claims.server.ts): a crash between the two leaves it in doubt, never
// sent twice. Without SMTP_URL the email is written to the outbox instead,
// claim, outbox row and "sent" in one transaction: exactly once.
//
// Each email is rendered in its recipient's language (people.locale; none:
// zh-CN) at the moment it is sent, with absolute links under PUBLIC_URL. The
// outbox never names the recipient of a kind in secretRecipientKinds (the
// voting reminder goes to those who have not voted) — neither their address
// nor their unsubscribe link — and nothing here logs an address.

const table = "notification_deliveries";

/** Due deliveries read at a time. */
export const batchSize = 500;
/** Emails handed over at once: two per connection to the mail server, so each has its next message ready when it is free. */
export const sendingLanes = (mailer: SmtpMailer) => 2 * mailer.connections;
/**
 * Deliveries claimed in one statement, and marked sent in one: per email a
 * statement was two round trips through a pool that pages share, and under
 * 50 voters at once each waited behind theirs (bench:notify: 20 emails a
 * second). What a sender that dies can leave in doubt is what it claimed and
 * had not yet recorded: at most two chunks claimed ahead and two handed over
 * but not yet marked (inDoubtAtMost).
 */
export const claimChunk = 25;
/** The most deliveries a sender killed mid-run can leave in doubt (see claimChunk). */
export const inDoubtAtMost = 4 * claimChunk;
/** How long the mail server is left alone when it cannot be reached: the next run (every minute) tries again. */
export const unreachablePauseSeconds = 60;

export interface DeliveryRun {
  sent: number;
  /** Refused for now: tried again later. */
  retried: number;
  /** Refused for good, or out of tries. */
  failed: number;
  /** Held for quiet hours, or because the mail server could not be reached. */
  postponed: number;
  /** Not sent: the person has left, has no address any more, turned the email of that kind off since, or a voting reminder would remind of nothing. */
  cancelled: number;
  /** Marked in doubt now: claims a stopped sender left, and hand-overs that broke with no answer. */
  inDoubt: number;
  /** Why the mail server could not be reached (the run stopped early), or null. */
  unreachable: string | null;
}

export interface SendOptions {
  /** Stops the run after the emails in flight (the job's time-out or the server's shutdown). */
  signal?: AbortSignal;
  /** The clock for quiet hours (tests); the database's own clock decides what is due. */
  now?: () => Date;
}

interface DeliveryRow {
  id: string;
  notificationId: string;
  eventKey: string;
  kind: NotificationKind;
  params: MessageParams;
  link: string;
  personId: number;
  email: string | null;
  /** false: the person has left since the notice was written. */
  active: boolean;
  locale: string | null;
  quietHours: boolean;
  wantsEmail: boolean;
  /** A voting reminder that would now remind of nothing (events.server.ts). */
  remindsOfNothing: boolean;
  tries: number;
}

/**
 * Whether quiet hours, ending at `until`, hold this email until then: when
 * its person keeps them — except a voting reminder that would then arrive
 * after the vote closed (an administrator may set the reminder late in the
 * evening before an early close): sent at once, or it reminds of nothing.
 */
function heldByQuietHours(row: Pick<DeliveryRow, "quietHours" | "kind" | "params">, until: Date): boolean {
  if (!row.quietHours) return false;
  if (row.kind !== "voting-reminder") return true;
  const closesAt = typeof row.params.closesAt === "string" && row.params.closesAt ? new Date(row.params.closesAt) : null;
  return !closesAt || Number.isNaN(closesAt.getTime()) || closesAt > until;
}

/** The deliveries with what their email says and to whom, by id. */
async function deliveryRows(db: Db, ids: readonly string[]): Promise<Map<string, DeliveryRow>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<DeliveryRow>`
    select d.id::text as id, n.id::text as "notificationId", n.event_key as "eventKey", n.kind, n.params, n.link, p.id as "personId", p.email, p.status = 'active' as active, p.locale,
      coalesce(s.quiet_hours, true) as "quietHours", coalesce(np.email, nd.email, true) as "wantsEmail",
      ${remindsOfNothing} as "remindsOfNothing", d.tries
    from notification_deliveries d
    join notifications n on n.id = d.notification_id
    join people p on p.id = n.person_id
    left join notification_settings s on s.person_id = p.id
    left join notification_preferences np on np.person_id = p.id and np.kind = n.kind
    left join notification_defaults nd on nd.kind = n.kind
    where d.id in (${sql.join(ids)})
    order by n.id`.execute(db);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Whether the person should still get the email: still here, with an address, still wanting it, and (a reminder) still reminded of something. */
const isWanted = (row: DeliveryRow): row is DeliveryRow & { email: string } => row.active && !!row.email && row.wantsEmail && !row.remindsOfNothing;

/** Why an email nobody should get is cancelled (as cancelDeliveries says it). */
const whyUnwanted = (row: DeliveryRow) =>
  !row.active
    ? "the person has left"
    : !row.email
      ? "the person has no email address"
      : row.remindsOfNothing
        ? remindsOfNothingReason
        : "the person turned this email off";

const localeOf = (row: Pick<DeliveryRow, "locale">): Locale => (isLocale(row.locale) ? row.locale : defaultLocale);

type Token = Awaited<ReturnType<typeof unsubscribeTokens>>;

/** What every email of one run shares: the portal's address, the sender, the unsubscribe tokens, each event's words per language. */
interface Frame {
  settings: MailSettings;
  host: string;
  token: Token;
  /** An event says the same to everyone who reads it in one language: worded once a run (an announcement to 50,000 is two). */
  words: Map<string, MailNotice>;
}

async function frameOf(db: Db, mailer: Mailer): Promise<Frame> {
  return { settings: mailer.settings, host: messageIdHost(mailer.settings), token: await unsubscribeTokens(db), words: new Map() };
}

/** The unsubscribe link the outbox keeps for a secret kind: it would name the person. It opens the page's "not valid" answer. */
const withheldToken = "withheld";

/** An email and the outbox's record of it. */
interface Composed {
  email: Email;
  rendered: RenderedEmail;
  /** The outbox keeps neither the address nor the unsubscribe link. */
  secret: boolean;
}

function compose(
  frame: Frame,
  to: { personId: number; email: string; locale: Locale },
  kinds: readonly NotificationKind[],
  messageId: string,
  outbox: boolean,
  render: (links: { unsubscribe: string; settings: string; all: string }) => RenderedEmail,
): Composed {
  const base = frame.settings.publicUrl;
  const secret = kinds.some((k) => secretRecipientKinds.has(k));
  const token = outbox && secret ? withheldToken : frame.token(to.personId, kinds);
  const unsubscribe = `${base}/unsubscribe/${token}`;
  const rendered = render({ unsubscribe, settings: `${base}/settings/notifications`, all: `${base}/notifications` });
  const email: Email = {
    to: to.email,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    messageId: `<${messageId}@${frame.host}>`,
    headers: {
      // RFC 8058: a mail client's "unsubscribe" posts List-Unsubscribe=One-Click to the link, no sign-in needed.
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      // RFC 3834: no automatic replies (out of office) to a notification.
      "Auto-Submitted": "auto-generated",
      "X-Auto-Response-Suppress": "All",
      "Content-Language": to.locale,
    },
  };
  return { email, rendered, secret };
}

function noticeOf(frame: Frame, row: DeliveryRow, locale: Locale): MailNotice {
  const key = `${locale}\n${row.eventKey}`;
  let notice = frame.words.get(key);
  if (!notice) {
    const text = messageText(locale, row.kind, row.params, row.link);
    notice = { kind: row.kind, title: text.title, body: text.body, url: `${frame.settings.publicUrl}${row.link}` };
    // Bounded: a run that meets more events than this words the rest each time.
    if (frame.words.size < 10_000) frame.words.set(key, notice);
  }
  return notice;
}

function composeNotice(frame: Frame, row: DeliveryRow & { email: string }, outbox: boolean): Composed {
  const locale = localeOf(row);
  const notice = noticeOf(frame, row, locale);
  return compose(frame, { personId: row.personId, email: row.email, locale }, [row.kind], `delivery-${row.id}`, outbox, (links) =>
    renderNotice(locale, notice, links),
  );
}

/** The outbox's row: the email as it would be sent, without the address of a secret kind's recipient. */
async function keepInOutbox(db: Db, deliveryId: string, frame: Frame, c: Composed): Promise<void> {
  const headers: Record<string, string> = {
    From: frame.settings.from,
    ...(c.secret ? {} : { To: c.email.to }),
    Subject: c.email.subject,
    "Message-ID": c.email.messageId,
    ...c.email.headers,
  };
  await db
    .insertInto("mail_outbox")
    .values({
      delivery_id: deliveryId,
      to_address: c.secret ? null : c.email.to,
      subject: c.email.subject,
      html: c.email.html,
      text: c.email.text,
      headers: JSON.stringify(headers),
    })
    .execute();
}

/** A waiting delivery that will not be sent after all; none other is touched. */
async function cancelDelivery(db: Db, id: string, why: string): Promise<boolean> {
  const r = await sql`update notification_deliveries set status = 'cancelled', error = ${why} where id = ${id} and status = 'pending'`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

const emptyRun = (): DeliveryRun => ({ sent: 0, retried: 0, failed: 0, postponed: 0, cancelled: 0, inDoubt: 0, unreachable: null });
const moved = (r: DeliveryRun) => r.sent + r.retried + r.failed + r.postponed + r.cancelled + r.inDoubt;

/** A run that stops on its own (the mail server is away, the database failed) or when the job's signal says so. */
function stopper(signal: AbortSignal | undefined) {
  const controller = new AbortController();
  const follow = () => controller.abort();
  if (signal?.aborted) controller.abort();
  signal?.addEventListener("abort", follow);
  let failure: unknown;
  return {
    signal: controller.signal,
    /** An unexpected error (a database failure): the run stops and rethrows it at the end. */
    fail(error: unknown) {
      failure ??= error;
      controller.abort();
    },
    stop: () => controller.abort(),
    finish() {
      signal?.removeEventListener("abort", follow);
      if (failure !== undefined) throw failure;
    },
  };
}

/**
 * Sends every email that is due, many at once, until none is left: the
 * `notify-email` queue's run. First marks in doubt the claims a stopped
 * sender left. Quiet hours hold an email until 08:00; a refusal for now is
 * tried again with backoff, a refusal for good fails it; when the mail
 * server cannot be reached the run stops and leaves the rest for the next.
 */
export async function deliverDueEmails(db: Db, mailer: Mailer, options: SendOptions = {}): Promise<DeliveryRun> {
  const now = options.now ?? (() => new Date());
  const run = emptyRun();
  run.inDoubt += await markStaleClaimsInDoubt(db, table);
  const frame = await frameOf(db, mailer);
  const stop = stopper(options.signal);
  try {
    while (!stop.signal.aborted) {
      const ids = await dueIds(db, table, batchSize);
      if (ids.length === 0) break;
      const rows = await deliveryRows(db, ids);
      const before = moved(run);
      if (mailer.kind === "smtp") {
        await sendBatch(
          db,
          mailer,
          frame,
          ids.flatMap((id) => rows.get(id) ?? []),
          run,
          now,
          stop,
        );
      } else {
        await eachWithConcurrency(
          ids,
          2,
          async (id) => {
            const row = rows.get(id);
            if (!row) return;
            try {
              await keepOne(db, frame, row, run, now);
            } catch (error) {
              stop.fail(error);
            }
          },
          stop.signal,
        );
      }
      // Every due delivery was taken by another sender: theirs to finish.
      if (moved(run) === before) break;
    }
  } finally {
    stop.finish();
  }
  if (moved(run) || run.unreachable) log(run.unreachable ? "warn" : "info", "emails delivered", { ...run });
  return run;
}

type Stopper = ReturnType<typeof stopper>;

/**
 * One batch of due deliveries through the mail server: those nobody should
 * get cancelled and those in quiet hours held, a statement each; the rest
 * claimed `claimChunk` at a time, a chunk ahead of the lanes that hand them
 * over, and marked sent `claimChunk` at a time as they are taken. A failure
 * is recorded for its email alone. When the run stops, what was claimed and
 * not handed over waits again (its try not counted), and what was handed
 * over is marked sent.
 */
async function sendBatch(
  db: Db,
  mailer: SmtpMailer,
  frame: Frame,
  rows: readonly DeliveryRow[],
  run: DeliveryRun,
  now: () => Date,
  stop: Stopper,
): Promise<void> {
  const unwanted = rows.filter((r) => !isWanted(r));
  if (unwanted.length)
    run.cancelled += await cancelDeliveries(
      db,
      unwanted.map((r) => r.id),
    );
  const until = quietHoursEnd(now());
  const wanted = rows.filter(isWanted);
  const held = until ? wanted.filter((r) => heldByQuietHours(r, until)) : [];
  if (held.length)
    run.postponed += await holdUntil(
      db,
      table,
      held.map((r) => r.id),
      until!,
    );
  const toSend = until ? wanted.filter((r) => !heldByQuietHours(r, until)) : wanted;

  const lanes = sendingLanes(mailer);
  let next = 0;
  const ready: (DeliveryRow & { email: string })[] = [];
  const handedOver: string[] = [];
  let claiming: Promise<void> | null = null;
  let recording: Promise<void> = Promise.resolve();
  // A database failure stops the run; it is rethrown at its end.
  const guard = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (error: unknown) => stop.fail(error),
    );
  const claimNext = () =>
    (claiming ??= guard(
      (async () => {
        const chunk = toSend.slice(next, next + claimChunk);
        next += chunk.length;
        const taken = new Set(
          await claimMany(
            db,
            table,
            chunk.map((r) => r.id),
          ),
        );
        ready.push(...chunk.filter((r) => taken.has(r.id)));
      })(),
    ).finally(() => (claiming = null)));
  const recordSent = () => {
    const ids = handedOver.splice(0);
    if (ids.length) recording = recording.then(() => guard(markSentMany(db, table, ids).then((n) => void (run.sent += n))));
    return recording;
  };

  const lane = async () => {
    while (!stop.signal.aborted) {
      // The next chunk is claimed while this one is handed over.
      if (ready.length <= lanes && next < toSend.length) void claimNext();
      const row = ready.shift();
      if (!row) {
        if (next >= toSend.length && !claiming) return;
        await claimNext();
        continue;
      }
      try {
        await mailer.send(composeNotice(frame, row, false).email);
      } catch (error) {
        const failure = error instanceof MailError ? error : new MailError("in-doubt", String(error));
        await guard(recordFailure(db, row.id, failure, run, now, stop.stop));
        continue;
      }
      handedOver.push(row.id);
      if (handedOver.length >= claimChunk) void recordSent();
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    await claiming;
    if (ready.length)
      await guard(
        releaseClaims(
          db,
          table,
          ready.splice(0).map((r) => r.id),
        ),
      );
    await recordSent();
  }
}

/** Waiting deliveries that will not be sent after all: the person has left, has no address, turned this email off, or a reminder reminds of nothing. Returns how many. */
async function cancelDeliveries(db: Db, ids: readonly string[]): Promise<number> {
  const r = await sql`
    update notification_deliveries d set status = 'cancelled',
      error = case when p.status <> 'active' then 'the person has left' when p.email is null then 'the person has no email address'
        when ${remindsOfNothing} then ${remindsOfNothingReason} else 'the person turned this email off' end
    from notifications n join people p on p.id = n.person_id
    where n.id = d.notification_id and d.id in (${sql.join(ids)}) and d.status = 'pending'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** One delivery into the outbox (no SMTP_URL): claim, outbox row and "sent" in one transaction, exactly once. */
async function keepOne(db: Db, frame: Frame, row: DeliveryRow, run: DeliveryRun, now: () => Date): Promise<void> {
  if (!isWanted(row)) {
    if (await cancelDelivery(db, row.id, whyUnwanted(row))) run.cancelled++;
    return;
  }
  const outcome = await db.transaction().execute(async (trx) => {
    if (!(await claim(trx, table, row.id))) return null;
    const until = quietHoursEnd(now());
    if (until && heldByQuietHours(row, until)) {
      await postpone(trx, table, row.id, until);
      return "postponed" as const;
    }
    await keepInOutbox(trx, row.id, frame, composeNotice(frame, row, true));
    await markSent(trx, table, row.id);
    return "sent" as const;
  });
  if (outcome) run[outcome]++;
}

async function recordFailure(db: Db, id: string, failure: MailError, run: DeliveryRun, now: () => Date, stopRun: () => void): Promise<void> {
  switch (failure.failure) {
    case "rejected":
      await markRejected(db, table, id, failure.message);
      run.failed++;
      break;
    case "retry":
      run[(await markFailed(db, table, id, failure.message, now())) === "retry" ? "retried" : "failed"]++;
      break;
    case "unreachable":
      // Not the message's fault: its try is not counted, and the others wait for the next run.
      await postpone(db, table, id, new Date(now().getTime() + unreachablePauseSeconds * 1000));
      run.postponed++;
      run.unreachable ??= failure.message;
      stopRun();
      break;
    case "in-doubt":
      await markInDoubt(db, table, id, failure.message);
      run.inDoubt++;
      break;
  }
  log("warn", "email not delivered", { delivery: id, failure: failure.failure, error: failure.message });
}

// ---- the daily digest --------------------------------------------------------

export interface DigestRun {
  /** Digest emails sent (or kept in the outbox). */
  digests: number;
  /** Notices in them. */
  notices: number;
  /** Digests refused for now or not handed over (the mail server away): their notices wait for the next run. */
  retried: number;
  failed: number;
  inDoubt: number;
  cancelled: number;
  unreachable: string | null;
}

/** Takes all of one person's notices waiting for the digest: claimed together, committed. */
async function claimDigest(db: Db, personId: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    update notification_deliveries d set status = 'sending', claimed_at = now(), tries = d.tries + 1
    from notifications n
    where n.id = d.notification_id and n.person_id = ${personId} and d.status = 'digest'
    returning d.id::text as id`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * A digest not handed over: its notices wait for the digest again (the job
 * is retried), or fail after their last try. When the mail server was away
 * (`counted` false) the try is not counted, as for a single email.
 */
async function backToDigest(db: Db, rows: readonly DeliveryRow[], error: string, now: Date, counted: boolean): Promise<"retry" | "failed"> {
  // Claiming counted a try for each: their tries move together.
  const tries = Math.max(...rows.map((r) => r.tries + 1));
  if (counted && !retryAt(tries, now)) {
    for (const r of rows) await markRejected(db, table, r.id, error);
    return "failed";
  }
  await sql`
    update notification_deliveries set status = 'digest', claimed_at = null, error = ${error.slice(0, 500)},
      tries = case when ${counted} then tries else greatest(tries - 1, 0) end
    where id in (${sql.join(rows.map((r) => r.id))}) and status = 'sending'`.execute(db);
  return "retry";
}

/** A digest's own id: its first delivery's (the outbox's row and the Message-ID name it). */
const digestId = (rows: readonly DeliveryRow[]) =>
  rows
    .map((r) => BigInt(r.id))
    .reduce((a, b) => (b < a ? b : a))
    .toString();

function composeDigest(frame: Frame, rows: readonly (DeliveryRow & { email: string })[], outbox: boolean): Composed {
  const first = rows[0]!;
  const locale = localeOf(first);
  const notices = rows.map((r) => noticeOf(frame, r, locale));
  const kinds = [...new Set(rows.map((r) => r.kind))];
  return compose(frame, { personId: first.personId, email: first.email, locale }, kinds, `digest-${digestId(rows)}`, outbox, (links) =>
    renderDigest(locale, notices, links),
  );
}

/**
 * The daily digests (the `notify-daily` queue, at 08:00 in Beijing): for
 * each person with notices kept for the digest, one email listing them, and
 * every one of them marked sent (or failed) with it. A second run the same
 * day finds nothing left. Quiet hours do not hold a digest: it is sent in
 * the morning by design.
 */
export async function sendDigests(db: Db, mailer: Mailer, options: SendOptions = {}): Promise<DigestRun> {
  const now = options.now ?? (() => new Date());
  const run: DigestRun = { digests: 0, notices: 0, retried: 0, failed: 0, inDoubt: 0, cancelled: 0, unreachable: null };
  const { rows: people } = await sql<{ personId: number }>`
    select distinct n.person_id as "personId" from notification_deliveries d join notifications n on n.id = d.notification_id
    where d.status = 'digest' order by 1`.execute(db);
  if (people.length === 0) return run;
  const frame = await frameOf(db, mailer);
  const stop = stopper(options.signal);
  try {
    await eachWithConcurrency(
      people.map((p) => p.personId),
      mailer.kind === "smtp" ? sendingLanes(mailer) : 1,
      async (personId) => {
        try {
          await digestOf(db, mailer, frame, personId, run, now, stop.stop);
        } catch (error) {
          stop.fail(error);
        }
      },
      stop.signal,
    );
  } finally {
    stop.finish();
  }
  if (run.digests || run.retried || run.failed || run.inDoubt) log(run.unreachable ? "warn" : "info", "digests delivered", { ...run });
  return run;
}

async function digestOf(db: Db, mailer: Mailer, frame: Frame, personId: number, run: DigestRun, now: () => Date, stopRun: () => void): Promise<void> {
  /** Claims the person's notices; those the person should no longer get (isWanted) are cancelled; returns the rest. */
  const take = async (trx: Db) => {
    const ids = await claimDigest(trx, personId);
    const keep: (DeliveryRow & { email: string })[] = [];
    const drop: string[] = [];
    for (const r of (await deliveryRows(trx, ids)).values()) {
      if (isWanted(r)) keep.push(r);
      else drop.push(r.id);
    }
    if (drop.length) {
      await sql`update notification_deliveries set status = 'cancelled', claimed_at = null, error = 'the person has left, turned this email off, or has no address'
        where id in (${sql.join(drop)}) and status = 'sending'`.execute(trx);
      run.cancelled += drop.length;
    }
    return keep;
  };
  const sent = async (trx: Db, rows: readonly DeliveryRow[]) => {
    for (const r of rows) await markSent(trx, table, r.id);
    run.digests++;
    run.notices += rows.length;
  };

  if (mailer.kind === "outbox") {
    await db.transaction().execute(async (trx) => {
      const rows = await take(trx);
      if (rows.length === 0) return;
      const composed = composeDigest(frame, rows, true);
      await keepInOutbox(trx, digestId(rows), frame, composed);
      await sent(trx, rows);
    });
    return;
  }

  const rows = await take(db);
  if (rows.length === 0) return;
  try {
    await mailer.send(composeDigest(frame, rows, false).email);
  } catch (error) {
    const failure = error instanceof MailError ? error : new MailError("in-doubt", String(error));
    if (failure.failure === "rejected") {
      for (const r of rows) await markRejected(db, table, r.id, failure.message);
      run.failed++;
    } else if (failure.failure === "in-doubt") {
      for (const r of rows) await markInDoubt(db, table, r.id, failure.message);
      run.inDoubt++;
    } else {
      const counted = failure.failure === "retry";
      run[(await backToDigest(db, rows, failure.message, now(), counted)) === "retry" ? "retried" : "failed"]++;
      if (failure.failure === "unreachable") {
        run.unreachable ??= failure.message;
        stopRun();
      }
    }
    // Named by its first delivery, never by its person: a digest may hold a voting reminder.
    log("warn", "digest not delivered", { digest: digestId(rows), failure: failure.failure, error: failure.message });
    return;
  }
  await sent(db, rows);
}
