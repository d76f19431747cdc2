import * as z from "~/domain/zod";
import { guarded } from "../privacy/guard";
import { maxMessageLength, messageLength, normaliseMessage } from "./congratulation-rules";

// The profile page's three small forms (congratulate, hide, show), one
// schema each: the action validates with them, Conform enhances the
// congratulation form with the first. Messages are i18n keys.

const id = (error: "congratulations.notFound" | "congratulations.unknown") => z.number({ error }).int(error).positive(error);

export const congratulateSchema = z.object({
  intent: z.literal("congratulate"),
  nominationId: id("congratulations.notFound"),
  // Counted as stored (one line, trimmed), so what the form refuses is what the server would.
  message: guarded(
    z
      .string()
      .max(4 * maxMessageLength, "congratulations.message.tooLong")
      .refine((s) => messageLength(normaliseMessage(s) ?? "") <= maxMessageLength, "congratulations.message.tooLong")
      .optional(),
  ),
});
export type CongratulateForm = z.infer<typeof congratulateSchema>;

/** Hide or show one congratulation again. */
export const visibilitySchema = z.object({
  intent: z.enum(["hide", "show"]),
  id: id("congratulations.unknown"),
});
