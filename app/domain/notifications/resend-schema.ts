import * as z from "~/domain/zod";

// The Send again buttons of /admin/outbox (resend.server.ts): one email by
// its delivery's id — with, for one in doubt, the box that says it did not
// arrive — or every email that failed.
export const sendAgainSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("one"), id: z.string().max(20), confirmed: z.boolean().optional() }),
  z.object({ intent: z.literal("all") }),
]);
