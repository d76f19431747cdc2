import * as z from "~/domain/zod";
import { slugPattern } from "../titles/schema";
import { scheduledPhases, scheduleOutOfOrder, type Schedule, type ScheduledPhase } from "./life-cycle";

// Messages are i18n keys: the form translates them in the user's language.

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
/** What <input type="datetime-local"> sends: a wall-clock time in the organisation's zone. */
const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

const dateField = (required: string) =>
  z
    .string({ error: required })
    .regex(isoDate, "campaigns.date.invalid")
    .refine((s) => !Number.isNaN(Date.parse(s)), "campaigns.date.invalid");
const scheduleField = z
  .string()
  .regex(localDateTime, "campaigns.schedule.invalid")
  .refine((s) => !Number.isNaN(Date.parse(s)), "campaigns.schedule.invalid")
  .optional();

export const offerSchema = z.object({
  title: z.string().max(60),
  offered: z.boolean().optional(),
  winners: z
    .number({ error: "campaigns.winners.invalid" })
    .int("campaigns.winners.invalid")
    .min(1, "campaigns.winners.invalid")
    .max(100, "campaigns.winners.invalid")
    .optional(),
  /** K for this title: a one-winner title with two candidates may allow one choice while another title allows three. */
  votesPerVoter: z
    .number({ error: "campaigns.votes.invalid" })
    .int("campaigns.votes.invalid")
    .min(1, "campaigns.votes.invalid")
    .max(50, "campaigns.votes.invalid")
    .optional(),
});

/** How many committee members must confirm a ratification or an objection's resolution (decision 0028). */
export const quorumLimits = { min: 1, max: 9, default: 2 } as const;

export const campaignSchema = z
  .object({
    slug: z
      .string({ error: "campaigns.slug.required" })
      .trim()
      .toLowerCase()
      .max(60, "campaigns.slug.invalid")
      .regex(slugPattern, "campaigns.slug.invalid")
      .refine((s) => s !== "new", "campaigns.slug.invalid"),
    nameZh: z.string({ error: "campaigns.nameZh.required" }).trim().min(1, "campaigns.nameZh.required").max(60, "campaigns.name.tooLong"),
    nameEn: z.string({ error: "campaigns.nameEn.required" }).trim().min(1, "campaigns.nameEn.required").max(100, "campaigns.name.tooLong"),
    periodStart: dateField("campaigns.periodStart.required"),
    periodEnd: dateField("campaigns.periodEnd.required"),
    unitCode: z.string({ error: "campaigns.unit.required" }).trim().min(1, "campaigns.unit.required").max(40),
    mayChangeBallot: z.boolean().optional(),
    talliesHidden: z.boolean().optional(),
    publicityDays: z
      .number({ error: "campaigns.publicity.invalid" })
      .int("campaigns.publicity.invalid")
      .min(0, "campaigns.publicity.invalid")
      .max(30, "campaigns.publicity.invalid"),
    committeeQuorum: z
      .number({ error: "campaigns.quorum.invalid" })
      .int("campaigns.quorum.invalid")
      .min(quorumLimits.min, "campaigns.quorum.invalid")
      .max(quorumLimits.max, "campaigns.quorum.invalid"),
    nominatingAt: scheduleField,
    reviewingAt: scheduleField,
    votingAt: scheduleField,
    closedAt: scheduleField,
    publishedAt: scheduleField,
    offers: z.array(offerSchema).max(100).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.periodEnd < v.periodStart) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "campaigns.period.order" });
    const wrong = scheduleOutOfOrder(scheduleFromForm(v));
    if (wrong) ctx.addIssue({ code: "custom", path: [`${wrong}At`], message: "campaigns.schedule.order" });
    for (const [i, o] of (v.offers ?? []).entries()) {
      if (o.offered && o.winners === undefined)
        ctx.addIssue({ code: "custom", path: ["offers", i, "winners"], message: "campaigns.winners.invalid" });
      if (o.offered && o.votesPerVoter === undefined)
        ctx.addIssue({ code: "custom", path: ["offers", i, "votesPerVoter"], message: "campaigns.votes.invalid" });
    }
  });

export type CampaignForm = z.infer<typeof campaignSchema>;

/** The organisation's zone is UTC+8 all year (no daylight saving). */
const zoneOffset = "+08:00";

export function fromLocalDateTime(s: string | undefined): Date | null {
  if (!s) return null;
  return new Date(`${s.length === 16 ? `${s}:00` : s}${zoneOffset}`);
}

/** A Date as the wall-clock value an <input type="datetime-local"> shows in Asia/Shanghai. */
export function toLocalDateTime(d: Date | string | null): string {
  if (!d) return "";
  return new Date(new Date(d).getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

function scheduleFromForm(v: Pick<CampaignForm, `${ScheduledPhase}At`>): Schedule {
  return Object.fromEntries(scheduledPhases.map((p) => [p, fromLocalDateTime(v[`${p}At`])])) as Schedule;
}

/** What the domain stores. */
export interface CampaignInput {
  slug: string;
  nameZh: string;
  nameEn: string;
  periodStart: string;
  periodEnd: string;
  unitCode: string;
  mayChangeBallot: boolean;
  talliesHidden: boolean;
  /** Days of publicity (公示) after ratification; 0: none. */
  publicityDays: number;
  /** Committee members who must confirm a ratification or a resolution (decision 0028). */
  committeeQuorum: number;
  schedule: Schedule;
  /** Each offered title with its N (winners) and its K (votes per voter). */
  offers: Array<{ titleSlug: string; winners: number; votesPerVoter: number }>;
}

export function campaignInput(form: CampaignForm): CampaignInput {
  return {
    slug: form.slug,
    nameZh: form.nameZh,
    nameEn: form.nameEn,
    periodStart: form.periodStart,
    periodEnd: form.periodEnd,
    unitCode: form.unitCode,
    mayChangeBallot: form.mayChangeBallot ?? false,
    talliesHidden: form.talliesHidden ?? false,
    publicityDays: form.publicityDays,
    committeeQuorum: form.committeeQuorum,
    schedule: scheduleFromForm(form),
    offers: (form.offers ?? [])
      .filter((o) => o.offered)
      .map((o) => ({ titleSlug: o.title, winners: o.winners ?? 1, votesPerVoter: o.votesPerVoter ?? 1 })),
  };
}

export const moveSchema = z.object({ to: z.string().max(20) });
