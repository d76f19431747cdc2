import * as z from "~/domain/zod";

/** A Retry or Cancel button on /admin/jobs: which job, in which queue. */
export const jobActionSchema = z.object({
  intent: z.enum(["retry", "cancel"]),
  queue: z.string().min(1).max(100),
  id: z.uuid(),
});
