import * as z from "~/domain/zod";

/** A button on /admin/privacy: scan now, mask one finding (its id), or mask all. */
export const privacyActionSchema = z.object({
  intent: z.enum(["scan", "mask", "maskAll"]),
  id: z.number().int().positive().optional(),
});
