import * as z from "~/domain/zod";
import { fieldMessage } from "~/i18n";

// One schema for the ballot form (one form per title): the action validates
// with it, Conform enhances the form with it. Messages are i18n keys. The
// number of choices against the campaign's K is a rule (rules.ts), not a form
// check: the form does not know K, and a refusal must name it.

/** More ids than any campaign allows is not a ballot but noise: refused before any query. */
export const maxChoices = 100;

export const ballotSchema = z.object({
  title: z.string({ error: "voting.title.unknown" }).trim().min(1, "voting.title.unknown").max(60, "voting.title.unknown"),
  // Checkboxes: none ticked sends nothing, which is an empty ballot (abstain, or withdraw every choice).
  nominationIds: z
    .array(z.number({ error: "voting.notOnBallot" }).int("voting.notOnBallot").positive("voting.notOnBallot"))
    .max(maxChoices, fieldMessage("voting.tooMany", { max: maxChoices }))
    .optional(),
  // The version of the voter's ballot the form showed (0: none yet), so a form left open in another tab cannot overwrite a newer choice.
  basedOn: z.number({ error: "voting.stale" }).int("voting.stale").min(0, "voting.stale"),
});
export type BallotForm = z.infer<typeof ballotSchema>;

/** What castBallot takes. */
export interface BallotInput {
  titleSlug: string;
  nominationIds: number[];
  basedOn: number;
}

export function ballotInput(form: BallotForm): BallotInput {
  return { titleSlug: form.title, nominationIds: form.nominationIds ?? [], basedOn: form.basedOn };
}
