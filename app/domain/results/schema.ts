import * as z from "~/domain/zod";
import { guarded } from "../privacy/guard";
import { fieldMessage } from "~/i18n";
import { maxChoices } from "../voting/schema";

// The forms of the results page after the vote: the committee's ratification
// and resolution, a member of staff's objection, a withdrawn confirmation.
// The action validates with them, Conform enhances the forms with them.
// Messages are i18n keys.

/** The committee ratifies one title: its winners (the top N preselected) and, when equal votes straddle the cut-off, why these. */
export const ratifySchema = z.object({
  title: z.string({ error: "voting.title.unknown" }).trim().min(1, "voting.title.unknown").max(60, "voting.title.unknown"),
  nominationIds: z
    .array(z.number({ error: "results.ratify.notOnBallot" }).int("results.ratify.notOnBallot").positive("results.ratify.notOnBallot"))
    .max(maxChoices, fieldMessage("voting.tooMany", { max: maxChoices }))
    .optional(),
  tieReason: guarded(z.string().trim().max(1000, "results.reason.tooLong").optional()),
});
export type RatifyForm = z.infer<typeof ratifySchema>;
export interface RatifyInput {
  titleSlug: string;
  nominationIds: number[];
  tieReason: string;
}
export const ratifyInput = (f: RatifyForm): RatifyInput => ({
  titleSlug: f.title,
  nominationIds: f.nominationIds ?? [],
  tieReason: f.tieReason ?? "",
});

/** A member of staff objects to a proposed winner during the publicity period. */
export const objectionSchema = z.object({
  nominationId: z.number({ error: "results.object.notWinner" }).int("results.object.notWinner").positive("results.object.notWinner"),
  reason: guarded(z.string({ error: "results.reason.short" }).trim().min(10, "results.reason.short").max(1000, "results.reason.tooLong")),
});
export type ObjectionInput = z.infer<typeof objectionSchema>;

/** The committee upholds (optionally naming a replacement) or dismisses an objection, with a reason. */
export const resolveSchema = z.object({
  objectionId: z.number({ error: "results.resolve.unknown" }).int("results.resolve.unknown").positive("results.resolve.unknown"),
  decision: z.enum(["uphold", "dismiss"], { error: "results.resolve.decision" }),
  resolution: guarded(z.string({ error: "results.reason.required" }).trim().min(1, "results.reason.required").max(1000, "results.reason.tooLong")),
  replacementId: z
    .number({ error: "results.resolve.replacement" })
    .int("results.resolve.replacement")
    .positive("results.resolve.replacement")
    .optional(),
});
export type ResolveInput = z.infer<typeof resolveSchema>;

/** A committee member takes back their confirmation: of a title's winners, or of an objection's resolution. */
export const withdrawSchema = z
  .object({
    title: z.string().trim().min(1, "voting.title.unknown").max(60, "voting.title.unknown").optional(),
    objectionId: z.number({ error: "results.resolve.unknown" }).int("results.resolve.unknown").positive("results.resolve.unknown").optional(),
  })
  .refine((v) => (v.title === undefined) !== (v.objectionId === undefined), "results.withdraw.none");
