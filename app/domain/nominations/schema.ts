import * as z from "~/domain/zod";
import { fieldMessage } from "~/i18n";
import { guarded } from "../privacy/guard";
import { maxStoryLength } from "./story";
import { fredPrinciples, type FredPrinciple } from "./story";

// One schema for the nomination form: the action validates with it, Conform
// enhances the form with it. Messages are i18n keys. Limits match the checks
// in the migration (202611250500_nominations), and count alike: Zod 4.6
// measures strings in code points as PostgreSQL's length() does, so 𠮷 is
// one character to both (tests/unit/rare-characters.test.ts holds Zod to it).

export const limits = {
  citation: 200,
  teamName: 60,
  teamSize: 10,
  /** What one nominee field takes: a 工号 or a name. */
  nominee: 100,
  metrics: 20,
  stories: 10,
  photos: 6,
  caption: 140,
  heading: 80,
  quote: 500,
  quoteBy: 60,
  metricName: 60,
  unit: 20,
  period: 40,
  source: 120,
  comment: 1000,
  exceptionReason: 2000,
} as const;

const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).optional();
/** Free text a person writes, which the privacy guard checks (issue 19): never stored with a customer's number in it. */
const writing = (max: number, tooLong: string) => guarded(text(max, tooLong));
const number = z.number({ error: "nominations.metric.number" }).min(-1e12, "nominations.metric.number").max(1e12, "nominations.metric.number");

/**
 * One metric row. Template rows arrive with their name, unit and direction
 * filled in; a row without a value is left out (a draft may skip a template),
 * so only a row with a value needs its name and period.
 */
export const metricRowSchema = z
  .object({
    templateId: z.number().int().positive().optional(),
    name: text(limits.metricName, "nominations.metric.name.tooLong"),
    value: number.optional(),
    unit: text(limits.unit, "nominations.metric.unit.tooLong"),
    period: text(limits.period, "nominations.metric.period.tooLong"),
    target: number.optional(),
    baseline: number.optional(),
    direction: z.enum(["higher", "lower"], { error: "nominations.metric.direction.required" }).optional(),
    source: writing(limits.source, "nominations.metric.source.tooLong"),
  })
  .superRefine((row, ctx) => {
    if (isBlankMetric(row)) return;
    if (row.value === undefined) ctx.addIssue({ code: "custom", path: ["value"], message: "nominations.metric.value.required" });
    if (!row.name) ctx.addIssue({ code: "custom", path: ["name"], message: "nominations.metric.name.required" });
    if (!row.period) ctx.addIssue({ code: "custom", path: ["period"], message: "nominations.metric.period.required" });
    if (!row.direction) ctx.addIssue({ code: "custom", path: ["direction"], message: "nominations.metric.direction.required" });
  });
export type MetricRow = z.infer<typeof metricRowSchema>;

/** Nothing typed beyond what a template fills in. */
export function isBlankMetric(row: MetricRow): boolean {
  return (
    row.value === undefined &&
    !row.period &&
    row.baseline === undefined &&
    !row.source &&
    (row.templateId !== undefined || (!row.name && row.target === undefined))
  );
}

export const storyRowSchema = z
  .object({
    heading: writing(limits.heading, "nominations.story.heading.tooLong"),
    body: guarded(
      z
        .string()
        .max(maxStoryLength, fieldMessage("evidence.story.tooLong", { max: maxStoryLength }))
        .optional(),
    ),
    principles: z.array(z.enum(fredPrinciples)).max(fredPrinciples.length).optional(),
    quote: writing(limits.quote, "nominations.story.quote.tooLong"),
    quoteBy: writing(limits.quoteBy, "nominations.story.quoteBy.tooLong"),
  })
  .superRefine((row, ctx) => {
    if (isBlankStory(row)) return;
    if (!row.body?.trim()) ctx.addIssue({ code: "custom", path: ["body"], message: "evidence.story.empty" });
    if (row.quoteBy && !row.quote) ctx.addIssue({ code: "custom", path: ["quote"], message: "nominations.story.quote.required" });
  });
export type StoryRow = z.infer<typeof storyRowSchema>;

export function isBlankStory(row: StoryRow): boolean {
  return !row.heading && !row.body?.trim() && !row.quote && !row.quoteBy && !row.principles?.length;
}

export const photoRowSchema = z.object({
  mediaId: z.number().int().positive(),
  caption: writing(limits.caption, "nominations.photo.caption.tooLong"),
  remove: z.boolean().optional(),
});

export const nominationSchema = z
  .object({
    title: z.string({ error: "nominations.title.required" }).trim().min(1, "nominations.title.required").max(60),
    kind: z.enum(["individual", "team"]).default("individual"),
    teamName: writing(limits.teamName, "nominations.team.name.tooLong"),
    // 工号, or a name the server looks up within the manager's scope.
    nominees: z
      .array(
        z
          .string()
          .trim()
          .max(limits.nominee, fieldMessage("nominations.nominee.tooLong", { max: limits.nominee }))
          .optional(),
      )
      .max(limits.teamSize, "nominations.team.tooLarge")
      .optional(),
    citation: writing(limits.citation, "nominations.citation.tooLong"),
    metrics: z.array(metricRowSchema).max(limits.metrics, "nominations.metrics.tooMany").optional(),
    stories: z.array(storyRowSchema).max(limits.stories, "nominations.stories.tooMany").optional(),
    // Why a nominee who does not meet the title's rules should be an exception (issue 20; eligibility/eligible.server.ts).
    exceptionReason: writing(limits.exceptionReason, "nominations.exceptionReason.tooLong"),
    photos: z
      .array(photoRowSchema)
      .max(limits.photos * 2)
      .optional(),
    intent: z.enum(["save", "submit"]).default("save"),
  })
  .superRefine((form, ctx) => {
    const named = (form.nominees ?? []).filter(Boolean);
    if (named.length === 0) ctx.addIssue({ code: "custom", path: ["nominees"], message: "nominations.nominee.required" });
    if (form.kind === "individual" && named.length > 1) ctx.addIssue({ code: "custom", path: ["nominees"], message: "nominations.nominee.onlyOne" });
    if (form.kind === "team" && !form.teamName) ctx.addIssue({ code: "custom", path: ["teamName"], message: "nominations.team.name.required" });
    const kept = (form.photos ?? []).filter((p) => !p.remove);
    if (kept.length > limits.photos) ctx.addIssue({ code: "custom", path: ["photos"], message: "nominations.photos.tooMany" });
  });
export type NominationForm = z.infer<typeof nominationSchema>;

export interface MetricInput {
  templateId: number | null;
  name: string;
  value: number;
  unit: string;
  period: string;
  target: number | null;
  baseline: number | null;
  direction: "higher" | "lower";
  source: string;
}

export interface StoryInput {
  heading: string;
  body: string;
  principles: FredPrinciple[];
  quote: string | null;
  quoteBy: string | null;
}

export interface PhotoInput {
  mediaId: number;
  caption: string;
}

/** What the domain stores: blank rows dropped, removed photos gone, in the order shown. */
export interface NominationInput {
  titleSlug: string;
  kind: "individual" | "team";
  teamName: string | null;
  /** 工号 or names, as typed. */
  nominees: string[];
  citation: string;
  metrics: MetricInput[];
  stories: StoryInput[];
  photos: PhotoInput[];
  /** The justification for an exception to the title's rules; null when none was written. */
  exceptionReason?: string | null;
}

export function nominationInput(form: NominationForm): NominationInput {
  return {
    titleSlug: form.title,
    kind: form.kind,
    teamName: form.kind === "team" ? (form.teamName ?? null) : null,
    nominees: (form.nominees ?? []).filter((n): n is string => Boolean(n)),
    citation: form.citation ?? "",
    metrics: (form.metrics ?? [])
      .filter((m) => !isBlankMetric(m))
      .map((m) => ({
        templateId: m.templateId ?? null,
        name: m.name!,
        value: m.value!,
        unit: m.unit ?? "",
        period: m.period!,
        target: m.target ?? null,
        baseline: m.baseline ?? null,
        direction: m.direction!,
        source: m.source ?? "",
      })),
    stories: (form.stories ?? [])
      .filter((s) => !isBlankStory(s))
      .map((s) => ({
        heading: s.heading ?? "",
        body: s.body!.trim(),
        principles: [...new Set(s.principles ?? [])],
        quote: s.quote || null,
        quoteBy: s.quoteBy || null,
      })),
    photos: (form.photos ?? []).filter((p) => !p.remove).map((p) => ({ mediaId: p.mediaId, caption: p.caption ?? "" })),
    ...(form.exceptionReason ? { exceptionReason: form.exceptionReason } : {}),
  };
}

export const reviewSchema = z
  .object({
    decision: z.enum(["approve", "return", "reject"], { error: "nominations.review.decision.required" }),
    comment: writing(limits.comment, "nominations.review.comment.tooLong"),
  })
  .superRefine((r, ctx) => {
    // The manager needs to know what to change, and why it was turned down.
    if (r.decision !== "approve" && !r.comment) {
      ctx.addIssue({
        code: "custom",
        path: ["comment"],
        message: r.decision === "return" ? "nominations.review.comment.returnRequired" : "nominations.review.comment.rejectRequired",
      });
    }
  });
export type ReviewForm = z.infer<typeof reviewSchema>;
