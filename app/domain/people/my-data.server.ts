import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { hit, type Limit } from "../auth/rate-limit.server";
import type { User } from "../auth/user";
import { storedMetricColumns } from "../nominations/evidence.server";
import { err, ok, type Result } from "../result";
import { currentBallotsOf } from "../voting/receipts.server";
import { maskPersonalData, maskPersonalDataIn } from "../privacy/mask-text";

// A person's own data (issue 19, item 5; docs/privacy.md): everything the
// portal holds about the signed-in person, as plain data for
// /settings/my-data.json. One read per kind of record — a fixed number of
// statements however much there is — in one snapshot.
//
// What it never holds: a session's token or its hash, the password's hash, a
// one-time link's token, anybody's ballot choices — the person's own ballots
// appear only as their receipt codes (ownReceipts, the one statement here
// that reads the ballots) — and other people's records beyond the names
// the portal already shows them.

/** Downloads per person per hour: each reads everything the person has, so a script cannot make a loop of it. */
export const myDataRate: Limit = { max: 10, windowSeconds: 3_600 };
const rateKey = (personId: number) => `my-data:${personId}`;

type When = Date | null;
interface Named {
  slug: string;
  nameZh: string;
  nameEn: string;
}

export interface MyData {
  /** What this is and when it was made, so a file found later explains itself. */
  about: { format: "service-stars/my-data"; version: 1; generatedAt: Date };
  person: {
    employeeNo: string;
    name: string;
    /** The search key of the name (pinyin, initials), made by the portal from the name. */
    nameSearchKey: string;
    email: string | null;
    phone: string | null;
    unit: { code: string; nameZh: string; nameEn: string | null };
    post: string | null;
    /** YYYY-MM-DD */
    hireDate: string | null;
    status: "active" | "left";
    leftAt: When;
    language: string | null;
    /** Whether a password is set (never the password or its hash), and when it was last set. */
    hasPassword: boolean;
    passwordChangedAt: When;
    createdAt: Date;
    updatedAt: Date;
  };
  roles: Array<{ role: string; unit: string | null; grantedAt: Date; grantedBy: string | null }>;
  nominations: { aboutYou: NominationData[]; byYou: NominationData[] };
  congratulations: { received: CongratulationData[]; given: CongratulationData[] };
  sessions: Array<{ createdAt: Date; lastSeenAt: Date; expiresAt: Date; active: boolean; userAgent: string | null }>;
  /** Wrong passwords for the account, per client address, kept a day after the last one. */
  signInAttempts: Array<{ ip: string; failures: number; lastAttemptAt: Date }>;
  /** One-time password links made for the person (never the link itself). */
  passwordLinks: Array<{ createdAt: Date; expiresAt: Date; usedAt: When }>;
  notificationSettings: { emailDigest: boolean; quietHours: boolean; kinds: Array<{ kind: string; portal: boolean; email: boolean }> };
  notifications: Array<{
    kind: string;
    params: Record<string, unknown>;
    link: string;
    inPortal: boolean;
    createdAt: Date;
    readAt: When;
    deliveries: Array<{ channel: string; status: string; sentAt: When }>;
  }>;
  /** Emails to the person kept in the portal's outbox (no mail server set). */
  emails: Array<{ to: string | null; subject: string; text: string; createdAt: Date }>;
  auditLog: { byYou: AuditData[]; aboutYou: AuditData[] };
  uploads: Array<{ id: number; purpose: string; width: number; height: number; uploadedAt: Date; lastUploadedAt: When; publishedAt: When }>;
  /** Only the receipt code of each ballot the person cast (and whether it is the one counted): never what was chosen. */
  /** The receipt of each current ballot, while its vote is open and the campaign lets it be changed (decision 0041). */
  ballots: Array<{ campaign: Named; title: Named; receipt: string }>;
  objections: Array<{
    campaign: Named;
    title: Named;
    nominationId: number;
    filedAt: Date;
    reason: string;
    status: string;
    resolution: string | null;
    resolvedAt: When;
  }>;
}

export interface NominationData {
  id: number;
  campaign: Named;
  title: Named;
  kind: "individual" | "team";
  teamName: string | null;
  status: string;
  nominator: string;
  nominees: string[];
  citation: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: When;
  stories: Array<{ heading: string; body: string; principles: string[]; quote: string | null; quoteBy: string | null }>;
  metrics: Array<{
    name: string;
    value: number;
    unit: string;
    period: string;
    target: number | null;
    baseline: number | null;
    direction: string;
    source: string;
    /** "imported": taken from the system that measures it (sourceSystem, importedAt); "entered": typed by the nominator (decision 0051). */
    origin: "entered" | "imported";
    sourceSystem: string | null;
    importedAt: Date | null;
  }>;
  photos: Array<{ mediaId: number; caption: string }>;
  /** Its status changes; the comment only to the nominator, to whom the committee wrote it. */
  history: Array<{ from: string | null; to: string; at: Date; comment: string | null }>;
}

export interface CongratulationData {
  /** The other person: the author of one received, the honoured person of one given. */
  with: string;
  campaign: Named;
  title: Named;
  message: string | null;
  createdAt: Date;
  hidden: boolean;
}

export interface AuditData {
  at: Date;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  /** Who did it (entries about the person); "by you" entries are all theirs. */
  by?: string | null;
  before?: unknown;
  after?: unknown;
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));
/** The campaign (joined as c) and title (as t) a record belongs to: selected by every read that names them. */
const campaignAndTitle = [
  "c.slug as campaign_slug",
  "c.name_zh as campaign_zh",
  "c.name_en as campaign_en",
  "t.slug as title_slug",
  "t.name_zh as title_zh",
  "t.name_en as title_en",
] as const;
type CampaignAndTitleRow = Record<"campaign_slug" | "campaign_zh" | "campaign_en" | "title_slug" | "title_zh" | "title_en", string>;
const campaignAndTitleOf = (r: CampaignAndTitleRow): { campaign: Named; title: Named } => ({
  campaign: { slug: r.campaign_slug, nameZh: r.campaign_zh, nameEn: r.campaign_en },
  title: { slug: r.title_slug, nameZh: r.title_zh, nameEn: r.title_en },
});
/** json_agg hands timestamps back as text. */
const date = (v: string | Date): Date => (v instanceof Date ? v : new Date(v));
const maybeDate = (v: string | Date | null): When => (v === null ? null : date(v));

/**
 * Everything the portal holds about the signed-in person, for them to keep.
 * At most myDataRate downloads an hour; each is audited (that it happened,
 * not what it held).
 */
export async function exportMyData(db: Db, user: User): Promise<Result<MyData>> {
  // Counted on its own, before the snapshot: two downloads at once (a double click) would otherwise
  // update the counter's row from two repeatable-read transactions, and the second would fail to serialise.
  if (!(await hit(db, rateKey(user.id), myDataRate))) return err("myData.rateLimited", 429, { count: myDataRate.max });
  // One snapshot: the sections agree with each other even while the person's records change.
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (trx) => {
      const me = await profile(trx, user.id);
      if (!me) return err("common.notFound", 404);
      const [roles, nominations, congratulations, sessions, signIns, links, settings, notices, emails, auditLog, uploads, ballots, objections] =
        await Promise.all([
          rolesOf(trx, user.id),
          nominationsOf(trx, user.id),
          congratulationsOf(trx, user.id),
          sessionsOf(trx, user.id),
          signInAttemptsOf(trx, user.id),
          passwordLinksOf(trx, user.id),
          notificationSettingsOf(trx, user.id),
          notificationsOf(trx, user.id),
          outboxEmailsOf(trx, user.id),
          auditOf(trx, user.id, me.person.employeeNo),
          uploadsOf(trx, user.id),
          ownReceipts(trx, user.id),
          objectionsOf(trx, user.id),
        ]);
      await audit(trx, user, { action: "person.data_exported", subjectType: "person", subjectId: user.employeeNo });
      return ok({
        about: { format: "service-stars/my-data", version: 1, generatedAt: me.now },
        person: me.person,
        roles,
        nominations: {
          aboutYou: nominations.filter((n) => n.aboutYou).map((n) => n.data),
          byYou: nominations.filter((n) => n.byYou).map((n) => n.data),
        },
        congratulations,
        sessions,
        signInAttempts: signIns,
        passwordLinks: links,
        notificationSettings: settings,
        notifications: notices,
        emails,
        auditLog,
        uploads,
        ballots,
        objections,
      } satisfies MyData);
    });
}

async function profile(db: Db, personId: number) {
  const p = await db
    .selectFrom("people as p")
    .innerJoin("org_units as u", "u.id", "p.org_unit_id")
    .select([
      "p.employee_no",
      "p.name",
      "p.name_pinyin",
      "p.email",
      "p.phone",
      "p.job_title",
      "p.post as post_kind",
      sql<string | null>`to_char(p.hire_date, 'YYYY-MM-DD')`.as("hire_date"),
      "p.status",
      "p.left_at",
      "p.locale",
      sql<boolean>`p.password_hash is not null`.as("has_password"),
      "p.password_changed_at",
      "p.created_at",
      "p.updated_at",
      "u.code",
      "u.name_zh",
      "u.name_en",
      sql<Date>`now()`.as("now"),
    ])
    .where("p.id", "=", personId)
    .executeTakeFirst();
  if (!p) return null;
  return {
    now: p.now,
    person: {
      employeeNo: p.employee_no,
      name: p.name,
      nameSearchKey: p.name_pinyin,
      email: p.email,
      phone: p.phone,
      unit: { code: p.code, nameZh: p.name_zh, nameEn: p.name_en },
      post: p.job_title,
      postKind: p.post_kind,
      hireDate: p.hire_date,
      status: p.status,
      leftAt: p.left_at,
      language: p.locale,
      hasPassword: p.has_password,
      passwordChangedAt: p.password_changed_at,
      createdAt: p.created_at,
      updatedAt: p.updated_at,
    },
  };
}

async function rolesOf(db: Db, personId: number): Promise<MyData["roles"]> {
  const rows = await db
    .selectFrom("person_roles as r")
    .leftJoin("org_units as u", "u.id", "r.org_unit_id")
    .leftJoin("people as g", "g.id", "r.granted_by")
    .select(["r.role", "u.code", "r.granted_at", "g.name as granted_by"])
    .where("r.person_id", "=", personId)
    .orderBy("r.granted_at")
    .orderBy("r.id")
    .execute();
  return rows.map((r) => ({ role: r.role, unit: r.code, grantedAt: r.granted_at, grantedBy: r.granted_by }));
}

/** Nominations about the person (any status, with what was written as stored) and by them, in one statement. */
async function nominationsOf(db: Db, personId: number) {
  const rows = await db
    .selectFrom("nominations as n")
    .innerJoin("campaigns as c", "c.id", "n.campaign_id")
    .innerJoin("titles as t", "t.id", "n.title_id")
    .innerJoin("people as by", "by.id", "n.nominator_id")
    .select((eb) => [
      "n.id",
      "n.kind",
      "n.team_name",
      "n.status",
      "n.citation",
      "n.nominator_id",
      "n.created_at",
      "n.updated_at",
      "n.submitted_at",
      ...campaignAndTitle,
      "by.name as nominator",
      jsonArrayFrom(
        eb
          .selectFrom("nomination_nominees as nn")
          .innerJoin("people as np", "np.id", "nn.person_id")
          .select(["np.name", "nn.person_id"])
          .whereRef("nn.nomination_id", "=", "n.id")
          .orderBy("nn.position"),
      ).as("nominees"),
      jsonArrayFrom(
        eb
          .selectFrom("nomination_stories as s")
          .select(["s.heading", "s.body", "s.principles", "s.quote", "s.quote_by"])
          .whereRef("s.nomination_id", "=", "n.id")
          .orderBy("s.position"),
      ).as("stories"),
      jsonArrayFrom(
        eb.selectFrom("nomination_metrics as m").select(storedMetricColumns).whereRef("m.nomination_id", "=", "n.id").orderBy("m.position"),
      ).as("metrics"),
      jsonArrayFrom(
        eb
          .selectFrom("nomination_photos as ph")
          .select(["ph.media_id", "ph.caption"])
          .whereRef("ph.nomination_id", "=", "n.id")
          .orderBy("ph.position"),
      ).as("photos"),
      jsonArrayFrom(
        eb
          .selectFrom("nomination_events as e")
          .select([
            "e.from_status",
            "e.to_status",
            "e.at",
            sql<string | null>`case when ${eb.ref("n.nominator_id")} = ${personId} or e.actor_id = ${personId} then e.comment end`.as("comment"),
          ])
          .whereRef("e.nomination_id", "=", "n.id")
          .orderBy("e.at")
          .orderBy("e.id"),
      ).as("history"),
    ])
    .where((eb) =>
      eb.or([
        eb("n.nominator_id", "=", personId),
        eb.exists(
          eb
            .selectFrom("nomination_nominees as mine")
            .select("mine.nomination_id")
            .whereRef("mine.nomination_id", "=", "n.id")
            .where("mine.person_id", "=", personId),
        ),
      ]),
    )
    .orderBy("n.created_at")
    .orderBy("n.id")
    .execute();
  return rows.map((n) => ({
    aboutYou: n.nominees.some((p) => p.person_id === personId),
    byYou: n.nominator_id === personId,
    data: {
      id: n.id,
      ...campaignAndTitleOf(n),
      kind: n.kind,
      // Customers' data in what was written is not the person's to take away: masked like every output (decision 0044).
      teamName: maskPersonalData(n.team_name),
      status: n.status,
      nominator: n.nominator,
      nominees: n.nominees.map((p) => p.name),
      citation: maskPersonalData(n.citation),
      createdAt: n.created_at,
      updatedAt: n.updated_at,
      submittedAt: n.submitted_at,
      stories: n.stories.map((s) => ({
        heading: maskPersonalData(s.heading),
        body: maskPersonalData(s.body),
        principles: s.principles,
        quote: maskPersonalData(s.quote),
        quoteBy: maskPersonalData(s.quote_by),
      })),
      metrics: n.metrics.map((m) => ({
        name: maskPersonalData(m.name),
        value: Number(m.value),
        unit: m.unit,
        period: maskPersonalData(m.period),
        target: num(m.target),
        baseline: num(m.baseline),
        direction: m.direction,
        source: maskPersonalData(m.source),
        origin: m.origin,
        sourceSystem: m.origin === "imported" ? m.source_system : null,
        importedAt: m.origin === "imported" && m.imported_at ? date(m.imported_at) : null,
      })),
      photos: n.photos.map((p) => ({ mediaId: p.media_id, caption: maskPersonalData(p.caption) })),
      history: n.history.map((e) => ({ from: e.from_status, to: e.to_status, at: date(e.at), comment: maskPersonalData(e.comment) })),
    } satisfies NominationData,
  }));
}

async function congratulationsOf(db: Db, personId: number): Promise<MyData["congratulations"]> {
  const rows = await db
    .selectFrom("congratulations as g")
    .innerJoin("nominations as n", "n.id", "g.nomination_id")
    .innerJoin("campaigns as c", "c.id", "n.campaign_id")
    .innerJoin("titles as t", "t.id", "n.title_id")
    .innerJoin("people as author", "author.id", "g.author_id")
    .innerJoin("people as honoured", "honoured.id", "g.person_id")
    .select([
      "g.person_id",
      "g.author_id",
      "g.message",
      "g.created_at",
      "g.hidden_at",
      "author.name as author",
      "honoured.name as honoured",
      ...campaignAndTitle,
    ])
    .where((eb) => eb.or([eb("g.person_id", "=", personId), eb("g.author_id", "=", personId)]))
    .orderBy("g.created_at")
    .orderBy("g.id")
    .execute();
  const data = (g: (typeof rows)[number], other: string): CongratulationData => ({
    with: other,
    ...campaignAndTitleOf(g),
    message: maskPersonalData(g.message),
    createdAt: g.created_at,
    hidden: g.hidden_at !== null,
  });
  return {
    received: rows.filter((g) => g.person_id === personId).map((g) => data(g, g.author)),
    given: rows.filter((g) => g.author_id === personId).map((g) => data(g, g.honoured)),
  };
}

/** The person's sessions: when, and the browser while it is kept (never the token's hash, which is the row's id). */
async function sessionsOf(db: Db, personId: number): Promise<MyData["sessions"]> {
  const rows = await db
    .selectFrom("sessions")
    .select(["created_at", "last_seen_at", "expires_at", "user_agent", sql<boolean>`expires_at > now()`.as("active")])
    .where("person_id", "=", personId)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((s) => ({
    createdAt: s.created_at,
    lastSeenAt: s.last_seen_at,
    expiresAt: s.expires_at,
    active: s.active,
    userAgent: s.user_agent,
  }));
}

/** The account's wrong-password counters (auth.server.ts keys them `person:<id>|<address>`). */
async function signInAttemptsOf(db: Db, personId: number): Promise<MyData["signInAttempts"]> {
  const prefix = `person:${personId}|`;
  const rows = await db
    .selectFrom("sign_in_delays")
    .select(["key", "failures", "last_attempt_at"])
    .where(sql<boolean>`starts_with(key, ${prefix})`)
    .orderBy("last_attempt_at", "desc")
    .execute();
  return rows.map((r) => ({ ip: r.key.slice(prefix.length), failures: r.failures, lastAttemptAt: r.last_attempt_at }));
}

async function passwordLinksOf(db: Db, personId: number): Promise<MyData["passwordLinks"]> {
  const rows = await db
    .selectFrom("password_tokens")
    .select(["created_at", "expires_at", "used_at"])
    .where("person_id", "=", personId)
    .orderBy("created_at")
    .execute();
  return rows.map((l) => ({ createdAt: l.created_at, expiresAt: l.expires_at, usedAt: l.used_at }));
}

async function notificationSettingsOf(db: Db, personId: number): Promise<MyData["notificationSettings"]> {
  const row = await db
    .selectFrom(sql`(select 1)`.as("one"))
    .select((eb) => [
      eb.selectFrom("notification_settings").select("email_digest").where("person_id", "=", personId).as("email_digest"),
      eb.selectFrom("notification_settings").select("quiet_hours").where("person_id", "=", personId).as("quiet_hours"),
      jsonArrayFrom(
        eb.selectFrom("notification_preferences").select(["kind", "portal", "email"]).where("person_id", "=", personId).orderBy("kind"),
      ).as("kinds"),
    ])
    .executeTakeFirstOrThrow();
  // No row: the person never saved their settings, and the defaults of the notification_settings table apply.
  return { emailDigest: row.email_digest ?? false, quietHours: row.quiet_hours ?? false, kinds: row.kinds };
}

async function notificationsOf(db: Db, personId: number): Promise<MyData["notifications"]> {
  const rows = await db
    .selectFrom("notifications as n")
    .select((eb) => [
      "n.kind",
      "n.params",
      "n.link",
      "n.in_portal",
      "n.created_at",
      "n.read_at",
      jsonArrayFrom(
        eb
          .selectFrom("notification_deliveries as d")
          .select(["d.channel", "d.status", "d.sent_at"])
          .whereRef("d.notification_id", "=", "n.id")
          .orderBy("d.channel"),
      ).as("deliveries"),
    ])
    .where("n.person_id", "=", personId)
    .orderBy("n.created_at")
    .orderBy("n.id")
    .execute();
  return rows.map((n) => ({
    kind: n.kind,
    params: n.params,
    link: n.link,
    inPortal: n.in_portal,
    createdAt: n.created_at,
    readAt: n.read_at,
    deliveries: n.deliveries.map((d) => ({ channel: d.channel, status: d.status, sentAt: maybeDate(d.sent_at) })),
  }));
}

/** Emails to the person kept in the outbox: those of their notifications' deliveries. */
async function outboxEmailsOf(db: Db, personId: number): Promise<MyData["emails"]> {
  const rows = await db
    .selectFrom("mail_outbox as o")
    .innerJoin("notification_deliveries as d", "d.id", "o.delivery_id")
    .innerJoin("notifications as n", "n.id", "d.notification_id")
    .select(["o.to_address", "o.subject", "o.text", "o.created_at"])
    .where("n.person_id", "=", personId)
    .orderBy("o.created_at")
    .execute();
  return rows.map((o) => ({ to: o.to_address, subject: o.subject, text: o.text, createdAt: o.created_at }));
}

/**
 * The audit entries the person wrote, and those about them. An entry of
 * theirs about another person keeps only what and when: its details are that
 * person's (an administrator's role change, a password link).
 */
async function auditOf(db: Db, personId: number, employeeNo: string): Promise<MyData["auditLog"]> {
  const aboutMe = (eb: { ref: (c: "a.subject_type" | "a.subject_id") => unknown }) =>
    sql<boolean>`(${eb.ref("a.subject_type")} = 'person' and ${eb.ref("a.subject_id")} in (${String(personId)}, ${employeeNo}))`;
  const rows = await db
    .selectFrom("audit_log as a")
    .leftJoin("people as p", "p.id", "a.actor_id")
    .select((eb) => [
      "a.at",
      "a.action",
      "a.subject_type",
      "a.subject_id",
      "a.actor_id",
      "p.name as actor",
      aboutMe(eb).as("about_me"),
      sql<unknown>`case when ${aboutMe(eb)} or a.subject_type is distinct from 'person' then a.before end`.as("before"),
      sql<unknown>`case when ${aboutMe(eb)} or a.subject_type is distinct from 'person' then a.after end`.as("after"),
    ])
    .where((eb) => eb.or([eb("a.actor_id", "=", personId), aboutMe(eb)]))
    .orderBy("a.id")
    .execute();
  const entry = (a: (typeof rows)[number]): AuditData => ({
    at: a.at,
    action: a.action,
    subjectType: a.subject_type,
    subjectId: a.subject_id,
    // Entries are immutable (a hash chain); what they recorded before the privacy guard leaves masked.
    ...(a.before === null ? {} : { before: maskPersonalDataIn(a.before) }),
    ...(a.after === null ? {} : { after: maskPersonalDataIn(a.after) }),
  });
  return {
    byYou: rows.filter((a) => a.actor_id === personId).map(entry),
    aboutYou: rows.filter((a) => a.about_me && a.actor_id !== personId).map((a) => ({ ...entry(a), by: a.actor })),
  };
}

/** Pictures the person uploaded (their avatar, nomination photos, badges): what is stored, never the bytes. */
async function uploadsOf(db: Db, personId: number): Promise<MyData["uploads"]> {
  const rows = await db
    .selectFrom("media as m")
    .leftJoin("media_uploaders as mu", (j) => j.onRef("mu.media_id", "=", "m.id").on("mu.person_id", "=", personId))
    .select(["m.id", "m.purpose", "m.width", "m.height", "m.created_at", "m.published_at", "mu.first_at", "mu.last_at"])
    .where((eb) => eb.or([eb("m.created_by", "=", personId), eb("mu.person_id", "=", personId)]))
    .orderBy("m.id")
    .execute();
  return rows.map((m) => ({
    id: m.id,
    purpose: m.purpose,
    width: m.width,
    height: m.height,
    uploadedAt: m.first_at ?? m.created_at,
    lastUploadedAt: m.last_at,
    publishedAt: m.published_at,
  }));
}

/**
 * THE ONE STATEMENT OF THE EXPORT THAT READS BALLOTS: the receipt code of
 * the person's current ballot per title, with its campaign and title — never
 * its choices (ballot_choices is not read). Only what the ballot box still
 * links to the person (decision 0041): while voting is open, in a campaign
 * that lets a ballot be changed. A campaign that allows no change keeps no
 * link, and closing a vote destroys them: from then on nothing in the
 * database, this export included, says which ballot was theirs.
 */
async function ownReceipts(db: Db, personId: number): Promise<MyData["ballots"]> {
  const rows = await currentBallotsOf(db, personId)
    .select(["b.receipt_code", ...campaignAndTitle])
    .execute();
  return rows.map((b) => ({ ...campaignAndTitleOf(b), receipt: b.receipt_code }));
}

/** Objections the person filed, with what became of them. */
async function objectionsOf(db: Db, personId: number): Promise<MyData["objections"]> {
  const rows = await db
    .selectFrom("objections as o")
    .innerJoin("campaigns as c", "c.id", "o.campaign_id")
    .innerJoin("titles as t", "t.id", "o.title_id")
    .select(["o.nomination_id", "o.filed_at", "o.reason", "o.status", "o.resolution", "o.resolved_at", ...campaignAndTitle])
    .where("o.filed_by", "=", personId)
    .orderBy("o.filed_at")
    .execute();
  return rows.map((o) => ({
    ...campaignAndTitleOf(o),
    nominationId: o.nomination_id,
    filedAt: o.filed_at,
    reason: maskPersonalData(o.reason),
    status: o.status,
    resolution: maskPersonalData(o.resolution),
    resolvedAt: o.resolved_at,
  }));
}
