import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** timestamptz: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** date: pg returns a Date at local midnight; we write "YYYY-MM-DD". */
type DateOnly = ColumnType<Date, string, string>;
type Json<T> = ColumnType<T, string, string>;

export type Role = "admin" | "manager" | "committee" | "staff" | "data_owner";
export type MetricDirection = "higher" | "lower";
export type MetricGrain = "month" | "quarter" | "year";
export type PostKind = "frontline" | "management" | "support";
export type Locale = "zh-CN" | "en";
export type OrgKind = "company" | "branch" | "centre" | "team";

export interface OrgUnitTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string | null;
  parent_id: number | null;
  kind: OrgKind;
  path: Generated<string>;
  depth: Generated<number>;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}

export interface PersonTable {
  id: Generated<number>;
  employee_no: string;
  name: string;
  /** "qiu jun ting|qiujunting|qjt", written by the app (see name-key.server.ts). */
  name_pinyin: Generated<string>;
  email: string | null;
  phone: string | null;
  org_unit_id: number;
  job_title: string | null;
  hire_date: DateOnly | null;
  status: Generated<"active" | "left">;
  left_at: Timestamp | null;
  locale: Locale | null;
  password_hash: string | null;
  password_changed_at: Timestamp | null;
  /** The identity system's own identifier for the person (SCIM externalId; migration 202612061320). */
  scim_external_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Front line, management post (干部) or support; null: not known (migration 202612061400, the fairness view). */
  post: ColumnType<PostKind | null, PostKind | null | undefined, PostKind | null>;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}

export interface PersonRoleTable {
  id: Generated<number>;
  person_id: number;
  role: Role;
  org_unit_id: number | null;
  granted_by: number | null;
  granted_at: GeneratedTimestamp;
}

export interface SessionTable {
  id: string;
  person_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_seen_at: GeneratedTimestamp;
  user_agent: string | null;
  /** How the session was opened: a password, or the company account (issue 18). */
  method: Generated<"password" | "oidc" | "saml">;
  /** The identity provider's subject (OIDC `sub`, SAML `NameID`); null for a password. */
  provider_subject: string | null;
  /** The provider's session (OIDC `sid`, SAML `SessionIndex`), for its back-channel logout. */
  provider_session: string | null;
  /** SAML only: the NameID's Format, which the portal's LogoutRequest repeats (null for OIDC, passwords, and SAML sessions opened before it was kept). */
  name_id_format: string | null;
}

export interface PasswordTokenTable {
  id: string;
  person_id: number;
  created_by: number | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RateLimitTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

/** Wrong passwords per account and client address (migration 202612051600). */
export interface SignInDelayTable {
  key: string;
  failures: number;
  last_attempt_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: GeneratedTimestamp;
  actor_id: number | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  /**
   * The chain (migrations 202611250700, 202611250720): null until audit_seal()
   * chains the entry, whatever the caller sends; then set once, all three.
   */
  seq: Generated<number | null>;
  prev_hash: Generated<Uint8Array | null>;
  hash: Generated<Uint8Array | null>;
}

export type ImportStatus = "queued" | "checking" | "staging" | "applying" | "done" | "failed";

export interface ImportTable {
  id: Generated<number>;
  kind: "org" | "people" | "metrics";
  mode: "full" | "merge";
  file_name: string;
  content: Uint8Array | null;
  encoding: string | null;
  status: Generated<ImportStatus>;
  total_rows: number | null;
  processed_rows: Generated<number>;
  errors: ColumnType<unknown, string | undefined, string>;
  summary: Json<unknown> | null;
  created_by: number;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  /** The try that owns the import while it runs (decision 0037); a try superseded by another writes nothing more. */
  run_id: string | null;
}

export interface ImportRowTable {
  import_id: number;
  line: number;
  data: Json<unknown>;
}

export interface AppSecretTable {
  name: string;
  value: string;
  created_at: CreatedAt;
}

export type CampaignStatus = "draft" | "nominating" | "reviewing" | "voting" | "closed" | "published";
/** numeric: pg returns a string, PGlite may return a number; normalise in the domain. */
type Numeric = ColumnType<string | number, string | number, string | number>;

export interface TitleTable {
  id: Generated<number>;
  slug: string;
  name_zh: string;
  name_en: string;
  description: Generated<string>;
  criteria: Generated<string>;
  /** The badge image (media of purpose 'badge'); null: none yet. */
  badge_media_id: number | null;
  /** Whether a nominee who does not meet the title's rules may be nominated with a written justification (migration 202612061400). */
  allows_exception: Generated<boolean>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}

export interface TitleMetricTemplateTable {
  id: Generated<number>;
  title_id: number;
  position: number;
  name_zh: string;
  name_en: string;
  unit: Generated<string>;
  unit_en: Generated<string>;
  direction: "higher" | "lower";
  required: Generated<boolean>;
  target: Numeric | null;
  /** The metric definition this row stands for, whose imported values fill it (migration 202612061400). */
  metric_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface CampaignTable {
  id: Generated<number>;
  slug: string;
  name_zh: string;
  name_en: string;
  period_start: DateOnly;
  period_end: DateOnly;
  org_unit_id: number;
  status: Generated<CampaignStatus>;
  may_change_ballot: Generated<boolean>;
  tallies_hidden: Generated<boolean>;
  nominating_at: Timestamp | null;
  reviewing_at: Timestamp | null;
  voting_at: Timestamp | null;
  closed_at: Timestamp | null;
  published_at: Timestamp | null;
  publicity_days: Generated<number>;
  publicity_ends_at: Timestamp | null;
  /** Committee members who must confirm a ratification or a resolution (migration 202612051731). */
  committee_quorum: Generated<number>;
  /** When the voting reminder goes; null: 24 h before closed_at (app/domain/notifications/events.server.ts). */
  voting_reminder_at: Generated<Timestamp | null>;
  /** At most this share (%) of those honoured may hold management posts; null: no cap (migration 202612061400). */
  management_cap_percent: Generated<number | null>;
  /** At least this share (%) of those honoured must be front-line staff; null: no floor. */
  frontline_min_percent: Generated<number | null>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}

export interface CampaignTitleTable {
  campaign_id: number;
  title_id: number;
  winners: Generated<number>;
  /** K: how many nominations of this title a voter may choose (migration 202612051730). */
  votes_per_voter: Generated<number>;
  position: Generated<number>;
}

export interface CampaignTransitionTable {
  id: Generated<number>;
  campaign_id: number;
  from_status: CampaignStatus;
  to_status: CampaignStatus;
  actor_id: number | null;
  at: GeneratedTimestamp;
}

export type MediaPurpose = "photo" | "avatar" | "badge";
export type MediaFormat = "avif" | "webp" | "jpeg";

export interface MediaTable {
  id: Generated<number>;
  purpose: MediaPurpose;
  source_sha256: string;
  width: number;
  height: number;
  created_by: number | null;
  created_at: CreatedAt;
  /** When an honour roll first showed this picture; from then on anyone may see it (decision 0030). Null: not public. */
  published_at: Timestamp | null;
}

export interface MediaVariantTable {
  id: Generated<number>;
  media_id: number;
  format: MediaFormat;
  width: number;
  height: number;
  sha256: string;
  byte_size: number;
  bytes: Uint8Array;
}

export type NominationStatus = "draft" | "submitted" | "returned" | "approved" | "rejected" | "winner" | "not_selected";

export interface NominationTable {
  id: Generated<number>;
  campaign_id: number;
  title_id: number;
  kind: "individual" | "team";
  team_name: string | null;
  status: Generated<NominationStatus>;
  citation: Generated<string>;
  nominator_id: number;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
  submitted_at: Timestamp | null;
  /** The nominator's written case for an exception to the title's rules, which the committee sees (migration 202612061400). */
  exception_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The evaluation of the title's rules the nomination was submitted with. */
  eligibility: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface NominationNomineeTable {
  nomination_id: number;
  campaign_id: number;
  title_id: number;
  person_id: number;
  position: number;
}

export interface NominationMetricTable {
  id: Generated<number>;
  nomination_id: number;
  position: number;
  template_id: number | null;
  name: string;
  value: Numeric;
  unit: Generated<string>;
  period: string;
  target: Numeric | null;
  baseline: Numeric | null;
  direction: "higher" | "lower";
  source: Generated<string>;
  /** Typed by the nominator, or filled from imported values (migration 202612061400). */
  origin: Generated<"entered" | "imported">;
  metric_id: ColumnType<number | null, number | null | undefined, number | null>;
  source_system: ColumnType<string | null, string | null | undefined, string | null>;
  imported_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface NominationStoryTable {
  id: Generated<number>;
  nomination_id: number;
  position: number;
  heading: Generated<string>;
  body: string;
  principles: ColumnType<string[], string[] | undefined, string[]>;
  quote: string | null;
  quote_by: string | null;
}

export interface NominationPhotoTable {
  nomination_id: number;
  media_id: number;
  position: number;
  caption: Generated<string>;
}

export interface NominationEventTable {
  id: Generated<number>;
  nomination_id: number;
  from_status: NominationStatus | null;
  to_status: NominationStatus;
  actor_id: number | null;
  comment: string | null;
  at: GeneratedTimestamp;
}

export interface MediaUploaderTable {
  media_id: number;
  person_id: number;
  first_at: GeneratedTimestamp;
  /** Their latest upload of the same file: an unsaved form's photo is deleted a day after it (decision 0037). */
  last_at: GeneratedTimestamp;
}

/**
 * The ballot box (decision 0041): no voter, no time. Append-only (a trigger
 * refuses UPDATE and DELETE, but for the seal's own in the transaction that
 * closes the vote): a change is a new row, the link moves to it.
 */
export interface BallotTable {
  id: Generated<number>;
  campaign_id: number;
  title_id: number;
  receipt_code: string;
  /** null while voting (ballot_links or the campaign's "no changes" says which is current); once sealed, whether it counts (false: replaced by a change). */
  counted: boolean | null;
}

/** The poll book (decision 0041): who voted for which title, and the hour of their first ballot. Append-only. */
export interface PollBookTable {
  campaign_id: number;
  title_id: number;
  person_id: number;
  voted_at: ColumnType<Date, Date | string | undefined, never>;
}

/** While voting, where a change is allowed: each voter's current ballot for a title and its version. Deleted by the seal at close. */
export interface BallotLinkTable {
  campaign_id: number;
  title_id: number;
  voter_id: number;
  ballot_id: number;
  version: number;
}

export interface BallotChoiceTable {
  ballot_id: number;
  nomination_id: number;
  campaign_id: number;
  title_id: number;
}

/** The committee's confirmation of one title's winners after the vote. */
export interface RatificationTable {
  campaign_id: number;
  title_id: number;
  ratified_by: number;
  ratified_at: GeneratedTimestamp;
  tie_reason: string | null;
  /** The proposal whose confirmations reached the campaign's quorum (migration 202612051731). */
  proposal_id: number;
}

/** A committee member's proposed winners for one title; others confirm it (decision 0028). */
export interface RatificationProposalTable {
  id: Generated<number>;
  campaign_id: number;
  title_id: number;
  /** Ascending, distinct nomination ids. */
  winners: ColumnType<number[], number[], never>;
  tie_reason: string | null;
  proposed_by: number;
  proposed_at: GeneratedTimestamp;
}

/** One member's confirmation of a proposal: one per member per title. */
export interface RatificationConfirmationTable {
  proposal_id: number;
  campaign_id: number;
  title_id: number;
  member_id: number;
  confirmed_at: GeneratedTimestamp;
}

/** A ratified (or replacing) winner; an upheld objection marks it removed, the row stays. */
export interface WinnerTable {
  nomination_id: number;
  campaign_id: number;
  title_id: number;
  votes: number;
  added_by_objection: number | null;
  removed_by_objection: number | null;
}

export type ObjectionStatus = "open" | "upheld" | "dismissed";

/** A staff member's objection to a proposed winner during the publicity period (公示). */
export interface ObjectionTable {
  id: Generated<number>;
  campaign_id: number;
  title_id: number;
  nomination_id: number;
  filed_by: number;
  filed_at: GeneratedTimestamp;
  reason: string;
  status: Generated<ObjectionStatus>;
  resolved_by: number | null;
  resolved_at: Timestamp | null;
  resolution: string | null;
  /** The proposal whose confirmations reached the quorum; null while open. */
  resolution_proposal_id: number | null;
}

/** A committee member's proposed resolution of an objection; others confirm it (decision 0028). */
export interface ResolutionProposalTable {
  id: Generated<number>;
  objection_id: number;
  decision: "uphold" | "dismiss";
  replacement_id: number | null;
  resolution: string;
  proposed_by: number;
  proposed_at: GeneratedTimestamp;
}

/** One member's confirmation of a resolution proposal: one per member per objection. */
export interface ResolutionConfirmationTable {
  proposal_id: number;
  objection_id: number;
  member_id: number;
  confirmed_at: GeneratedTimestamp;
}

/** One published version of a campaign's honour roll; immutable (a trigger refuses UPDATE and DELETE). */
export interface HonorRollTable {
  id: Generated<number>;
  campaign_id: number;
  version: number;
  published_at: GeneratedTimestamp;
  published_by: number | null;
  reason: string | null;
  /** app/domain/publishing/snapshot.ts */
  snapshot: Json<unknown>;
}

/** One person of one winning nomination in one version of an honour roll; immutable. */
export interface HonorRollEntryTable {
  honor_roll_id: number;
  campaign_id: number;
  title_id: number;
  nomination_id: number;
  person_id: number;
}

/** A colleague's 点赞 for one person's published honour, with an optional line of text. */
export interface CongratulationTable {
  id: Generated<number>;
  nomination_id: number;
  person_id: number;
  author_id: number;
  message: string | null;
  created_at: CreatedAt;
  hidden_at: Timestamp | null;
  hidden_by: number | null;
}

/** One of app/domain/notifications/kinds.ts notificationKinds (the migration checks it). */
type NotificationKindName = string;
export type DeliveryStatus = "pending" | "digest" | "sending" | "sent" | "failed" | "in_doubt" | "cancelled";

/** One person's notice of one event (decision 0039); unique per event and person. */
export interface NotificationTable {
  id: Generated<string>;
  event_key: string;
  kind: NotificationKindName;
  person_id: number;
  /** app/domain/notifications/kinds.ts MessageParams */
  params: Json<Record<string, unknown>>;
  link: string;
  /** false: the person turned the portal off for this kind; the row is kept for its email. */
  in_portal: Generated<boolean>;
  created_at: GeneratedTimestamp;
  read_at: Timestamp | null;
}

/** One notification on one channel other than the portal; unique per notification and channel. */
export interface NotificationDeliveryTable {
  id: Generated<string>;
  notification_id: string;
  channel: "email";
  status: Generated<DeliveryStatus>;
  not_before: GeneratedTimestamp;
  tries: Generated<number>;
  claimed_at: Timestamp | null;
  sent_at: Timestamp | null;
  error: string | null;
}

export interface NotificationPreferenceTable {
  person_id: number;
  kind: NotificationKindName;
  portal: boolean;
  email: boolean;
}

export interface NotificationDefaultTable {
  kind: NotificationKindName;
  portal: boolean;
  email: boolean;
}

export interface NotificationSettingTable {
  person_id: number;
  email_digest: Generated<boolean>;
  quiet_hours: Generated<boolean>;
}

export type RobotPlatform = "wecom" | "dingtalk" | "feishu";

/** A chat group's robot of an org unit: WeCom, DingTalk or Feishu (decision 0039). */
export interface RobotTable {
  id: Generated<number>;
  org_unit_id: number;
  name: string;
  platform: RobotPlatform;
  webhook_url: string;
  secret: string | null;
  locale: Generated<"zh-CN" | "en">;
  events: Generated<string[]>;
  enabled: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** One event announced by one robot; unique per robot and event. */
export interface RobotMessageTable {
  id: Generated<string>;
  robot_id: number;
  event_key: string;
  kind: NotificationKindName;
  params: Json<Record<string, unknown>>;
  link: string;
  status: Generated<Exclude<DeliveryStatus, "digest">>;
  not_before: GeneratedTimestamp;
  tries: Generated<number>;
  claimed_at: Timestamp | null;
  sent_at: Timestamp | null;
  error: string | null;
  created_at: GeneratedTimestamp;
}

/** An email kept instead of sent, without SMTP_URL: what /admin/outbox shows. */
export interface MailOutboxTable {
  id: Generated<string>;
  delivery_id: string | null;
  /** null for a voting reminder: the outbox must not list who has not voted. */
  to_address: string | null;
  subject: string;
  html: string;
  text: string;
  headers: Json<Record<string, string>>;
  created_at: GeneratedTimestamp;
}

/** One run of the scan of stored free text for personal data (decision 0042). */
export interface PrivacyScanTable {
  id: Generated<number>;
  started_at: GeneratedTimestamp;
  /** Null while it runs, or when its job stopped before the end. */
  finished_at: Timestamp | null;
  texts: Generated<number>;
  findings: Generated<number>;
}

/** What the scan found in one stored text: where, what kind, a masked preview — never the matched text (decision 0042). */
export interface PrivacyFindingTable {
  id: Generated<number>;
  source_table: string;
  /** The row's id, or "a:b" for a two-column key. */
  source_key: string;
  /** A column, or a path in a roll's snapshot ("titles/0/winners/1/stories/0/body"). */
  field: string;
  campaign_id: number;
  nomination_id: number | null;
  /** The honour roll's version, for a roll's text. */
  roll_version: number | null;
  kind: string;
  /** Code points (decision 0040). */
  start_offset: number;
  end_offset: number;
  masked: string;
  preview: string;
  found_at: GeneratedTimestamp;
}

/** A SCIM bearer token (migration 202612061320): only its SHA-256 is kept. */
export interface ScimTokenTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  created_by: number | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** A group the identity system provisions; its members hold the committee role (decision 0047). */
export interface ScimGroupTable {
  id: Generated<number>;
  display_name: string;
  external_id: string | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}

export interface ScimGroupMemberTable {
  group_id: number;
  person_id: number;
}

/** An AuthnRequest this portal sent, until answered or expired (node-saml's InResponseTo check). */
export interface SamlRequestTable {
  id: string;
  created_at: GeneratedTimestamp;
}

/** A SAML assertion accepted once, kept until it expires so no instance accepts it again. */
export interface SamlAssertionTable {
  id: string;
  expires_at: Date;
}

export interface MetricDefinitionTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  unit: Generated<string>;
  unit_en: Generated<string>;
  direction: MetricDirection;
  decimals: Generated<number>;
  grain: MetricGrain;
  /** How several periods' values make one figure: summed, averaged, or the latest. */
  combine: Generated<"sum" | "average" | "latest">;
  description: Generated<string>;
  archived_at: Timestamp | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  scopes: ColumnType<string[], string[], string[]>;
  created_by: number | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** Where a set of metric values came from: a CSV import, an API call, or the demo. */
export interface MetricBatchTable {
  id: Generated<string>;
  origin: "csv" | "api" | "demo";
  import_id: number | null;
  api_token_id: number | null;
  idempotency_key: string | null;
  request_hash: string | null;
  response: ColumnType<unknown, string | null | undefined, string | null>;
  value_count: Generated<number>;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface MetricValueTable {
  id: Generated<string>;
  metric_id: number;
  grain: MetricGrain;
  person_id: number | null;
  org_unit_id: number | null;
  /** "2026-03", "2026-Q1" or "2026", as the definition's grain says. */
  period: string;
  period_start: DateOnly;
  period_end: DateOnly;
  value: Numeric;
  source_system: string;
  batch_id: string;
  recorded_at: GeneratedTimestamp;
  superseded_at: Timestamp | null;
  superseded_by: string | null;
}

/** A title's eligibility rule: a metric against a threshold, or months of service. */
export interface TitleRuleTable {
  id: Generated<number>;
  title_id: number;
  position: number;
  kind: "metric" | "service_months";
  metric_id: number | null;
  /** metric: every period of the campaign ('each') or the figure over the campaign ('overall'). */
  scope: Generated<"each" | "overall">;
  comparator: "gte" | "lte" | "gt" | "lt" | "eq";
  threshold: Numeric;
}

export interface Database {
  org_units: OrgUnitTable;
  people: PersonTable;
  person_roles: PersonRoleTable;
  sessions: SessionTable;
  password_tokens: PasswordTokenTable;
  rate_limits: RateLimitTable;
  sign_in_delays: SignInDelayTable;
  audit_log: AuditLogTable;
  imports: ImportTable;
  import_rows: ImportRowTable;
  app_secrets: AppSecretTable;
  media: MediaTable;
  media_variants: MediaVariantTable;
  media_uploaders: MediaUploaderTable;
  titles: TitleTable;
  title_metric_templates: TitleMetricTemplateTable;
  title_rules: TitleRuleTable;
  metric_definitions: MetricDefinitionTable;
  metric_values: MetricValueTable;
  metric_batches: MetricBatchTable;
  api_tokens: ApiTokenTable;
  campaigns: CampaignTable;
  campaign_titles: CampaignTitleTable;
  campaign_transitions: CampaignTransitionTable;
  nominations: NominationTable;
  nomination_nominees: NominationNomineeTable;
  nomination_metrics: NominationMetricTable;
  nomination_stories: NominationStoryTable;
  nomination_photos: NominationPhotoTable;
  nomination_events: NominationEventTable;
  ballots: BallotTable;
  ballot_choices: BallotChoiceTable;
  poll_book: PollBookTable;
  ballot_links: BallotLinkTable;
  ratifications: RatificationTable;
  ratification_proposals: RatificationProposalTable;
  ratification_confirmations: RatificationConfirmationTable;
  winners: WinnerTable;
  objections: ObjectionTable;
  resolution_proposals: ResolutionProposalTable;
  resolution_confirmations: ResolutionConfirmationTable;
  honor_rolls: HonorRollTable;
  honor_roll_entries: HonorRollEntryTable;
  congratulations: CongratulationTable;
  notifications: NotificationTable;
  notification_deliveries: NotificationDeliveryTable;
  notification_preferences: NotificationPreferenceTable;
  notification_defaults: NotificationDefaultTable;
  notification_settings: NotificationSettingTable;
  robots: RobotTable;
  robot_messages: RobotMessageTable;
  mail_outbox: MailOutboxTable;
  privacy_scans: PrivacyScanTable;
  privacy_findings: PrivacyFindingTable;
  scim_tokens: ScimTokenTable;
  scim_groups: ScimGroupTable;
  scim_group_members: ScimGroupMemberTable;
  saml_requests: SamlRequestTable;
  saml_assertions: SamlAssertionTable;
}

export type OrgUnit = Selectable<OrgUnitTable>;
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
