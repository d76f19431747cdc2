import * as z from "~/domain/zod";
import { guarded } from "../privacy/guard";
import { fieldMessage } from "~/i18n";
import { limits } from "../nominations/schema";
import { maxStoryLength } from "../nominations/story";
import type { WinnerChoice } from "./choices";
import { maxHeadlineMetrics } from "./snapshot";

// The publish / correct form (/admin/campaigns/:slug/publish): one schema for
// the action and the form. Messages are i18n keys. The schema checks shapes
// and lengths; whether a photo or a metric belongs to that winner, and
// whether the campaign may be published, are the domain's questions.

/** A corrected citation is a citation: the nomination's limit. */
export const citationLimit = limits.citation;

/** A correction's reason: long enough to say something, short enough to show with the roll. */
export const reasonLimits = { min: 5, max: 500 } as const;

/** No photo: the roll shows the winner's initials. A radio's value, since an empty one is "nothing sent". */
export const noPhoto = "none";

/** One published story on the correction form: its heading and text, or withdrawn from the roll. */
export const storyCorrectionSchema = z.object({
  heading: guarded(z.string().trim().max(limits.heading, "nominations.story.heading.tooLong").optional()),
  body: guarded(
    z
      .string()
      .trim()
      .max(maxStoryLength, fieldMessage("evidence.story.tooLong", { max: maxStoryLength }))
      .optional(),
  ),
  withdrawn: z.boolean().optional(),
});

const id = (message: string) => z.number({ error: message }).int(message).positive(message);

export const winnerChoiceSchema = z.object({
  nominationId: id("publishing.choice.unknownWinner"),
  photo: z
    .string({ error: "publishing.choice.photo" })
    .regex(/^(none|\d{1,9})$/, "publishing.choice.photo")
    .transform((v) => (v === noPhoto ? null : Number(v))),
  metricIds: z.array(id("publishing.choice.metrics")).max(maxHeadlineMetrics, "publishing.choice.metrics").optional(),
  // Only on the correction form; absent when publishing. Zod counts code points, as the database does.
  citation: guarded(
    z
      .string({ error: "publishing.choice.citation" })
      .trim()
      .min(1, "publishing.choice.citation")
      .max(citationLimit, "publishing.choice.citation")
      .optional(),
  ),
  // Only on the correction form, one per story the roll shows now.
  stories: z.array(storyCorrectionSchema.optional()).max(limits.stories).optional(),
});

export const publishSchema = z
  .object({
    /** Which form the page showed: the first version, or a correction. */
    intent: z.enum(["publish", "correct"], { error: "error.badRequest" }),
    winners: z.array(winnerChoiceSchema).max(200).optional(),
    reason: guarded(z.string().trim().max(reasonLimits.max, "publish.reason.invalid").optional()),
  })
  .superRefine((v, ctx) => {
    // Counted in characters, as the domain counts them (a Chinese character is one).
    const length = [...(v.reason ?? "")].length;
    if (v.intent === "correct" && length < reasonLimits.min) ctx.addIssue({ code: "custom", path: ["reason"], message: "publish.reason.invalid" });
    for (const [i, w] of (v.winners ?? []).entries()) {
      if (w.metricIds && new Set(w.metricIds).size !== w.metricIds.length)
        ctx.addIssue({ code: "custom", path: ["winners", i, "metricIds"], message: "publishing.choice.metrics" });
      for (const [j, story] of (w.stories ?? []).entries()) {
        if (!story?.withdrawn && !story?.body)
          ctx.addIssue({ code: "custom", path: ["winners", i, "stories", j, "body"], message: "evidence.story.empty" });
      }
    }
  });

export type PublishForm = z.infer<typeof publishSchema>;

/** What the domain takes from a valid form. */
export function publishInput(form: PublishForm): { intent: PublishForm["intent"]; choices: WinnerChoice[]; reason: string } {
  return {
    intent: form.intent,
    choices: (form.winners ?? []).map((w) => ({
      nominationId: w.nominationId,
      photoMediaId: w.photo,
      metricIds: w.metricIds ?? [],
      ...(form.intent === "correct" && w.citation !== undefined ? { citation: w.citation } : {}),
      ...(form.intent === "correct" && w.stories !== undefined
        ? { stories: w.stories.map((x) => ({ heading: x?.heading ?? "", body: x?.body ?? "", withdrawn: x?.withdrawn ?? false })) }
        : {}),
    })),
    reason: form.reason ?? "",
  };
}
