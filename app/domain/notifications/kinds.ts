// What the portal tells people (issue 17, decision 0039): each kind of event,
// who hears of it (the use-case that raises it decides, in recipients.server.ts),
// and which channels carry it. Pure: shared by the domain, the settings page
// and the renderers. The names are stored (notifications.kind): rename one
// only with a migration.

export const notificationKinds = [
  "nominations-opened",
  "nomination-returned",
  "nomination-approved",
  "nomination-rejected",
  "review-waiting",
  "voting-opened",
  "voting-reminder",
  "publicity-started",
  "objection-filed",
  "objection-resolved",
  "honor-roll-published",
  "honor-roll-corrected",
  "congratulated",
  "import-finished",
  "import-failed",
  "job-failed",
] as const;

export type NotificationKind = (typeof notificationKinds)[number];

export const isNotificationKind = (value: unknown): value is NotificationKind =>
  typeof value === "string" && (notificationKinds as readonly string[]).includes(value);

/**
 * Kinds that ask the recipient to act: the portal's list keeps them whatever
 * the person chose (email can still be turned off).
 */
export const actionKinds: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
  "nomination-returned",
  "review-waiting",
  "objection-filed",
  "import-failed",
  "job-failed",
]);

/** Kinds a unit's group robots may announce (an administrator picks which, per robot). Never a reminder: a robot speaks to a whole group. */
export const robotKinds = [
  "voting-opened",
  "publicity-started",
  "honor-roll-published",
  "honor-roll-corrected",
] as const satisfies readonly NotificationKind[];
export type RobotKind = (typeof robotKinds)[number];
export const isRobotKind = (value: unknown): value is RobotKind => typeof value === "string" && (robotKinds as readonly string[]).includes(value);

/**
 * Kinds whose recipients must stay unknown to everyone else (the voting
 * reminder goes to those who have not voted): the admin outbox keeps no
 * address, and no robot, log or job payload names them.
 */
export const secretRecipientKinds: ReadonlySet<NotificationKind> = new Set<NotificationKind>(["voting-reminder"]);

/** The settings page groups the kinds by whom they concern. */
export const kindGroups: readonly { id: "campaigns" | "nominations" | "results" | "admin"; kinds: readonly NotificationKind[] }[] = [
  {
    id: "campaigns",
    kinds: ["nominations-opened", "voting-opened", "voting-reminder", "publicity-started", "honor-roll-published", "honor-roll-corrected"],
  },
  { id: "nominations", kinds: ["nomination-returned", "nomination-approved", "nomination-rejected", "congratulated"] },
  { id: "results", kinds: ["review-waiting", "objection-filed", "objection-resolved"] },
  { id: "admin", kinds: ["import-finished", "import-failed", "job-failed"] },
];

export type Channel = "portal" | "email";

/**
 * One value shown in a message: the same in every language, one per language
 * (a campaign's name), a message of our own ("notify.outcome.upheld", with a
 * count), or a list of values (joined as the reader's language joins lists).
 */
export type MessageValue = string | number | { "zh-CN": string; en: string } | { message: string; count?: number } | readonly MessageValue[];

/** What a message says beyond its kind: names and counts, never a ballot's choices and never a customer's data. */
export type MessageParams = Record<string, MessageValue>;
