import * as z from "~/domain/zod";
import { locales } from "~/i18n";
import { robotKinds } from "./kinds";
import { platformSigns, robotPlatforms } from "./robot-platforms";

// The robot form of /admin/robots (messages are i18n keys: the form
// translates them). On a new robot the webhook address is required, and the
// signing secret for DingTalk and Feishu; on an edit both may be left empty to
// keep what is stored, since neither is ever shown back in full. Which hosts
// a webhook may be on is the domain's check (it reads WEBHOOK_ALLOWED_HOSTS).

export function robotSchema(isNew: boolean) {
  return z
    .object({
      unit: z.string({ error: "robots.unit.required" }).trim().min(1, "robots.unit.required").max(100, "robots.unit.required"),
      name: z.string({ error: "robots.name.required" }).trim().min(1, "robots.name.required").max(100, "robots.name.tooLong"),
      platform: z.enum(robotPlatforms, { error: "robots.platform.required" }),
      webhookUrl: z
        .string()
        .trim()
        .max(500, "robots.url.tooLong")
        .regex(/^https?:\/\/\S+$/i, "robots.url.invalid")
        .optional(),
      secret: z.string().trim().max(200, "robots.secret.tooLong").optional(),
      locale: z.enum(locales, { error: "robots.locale.required" }),
      events: z.array(z.enum(robotKinds)).max(robotKinds.length).optional(),
      enabled: z.boolean().optional(),
    })
    .superRefine((form, ctx) => {
      if (!isNew) return;
      if (!form.webhookUrl) ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: "robots.url.required" });
      if (platformSigns(form.platform) && !form.secret) ctx.addIssue({ code: "custom", path: ["secret"], message: "robots.secret.required" });
    });
}

export type RobotForm = z.infer<ReturnType<typeof robotSchema>>;

/** The Send-a-test-message and Delete buttons: which robot. */
export const robotActionSchema = z.object({
  intent: z.enum(["test", "delete"]),
  id: z.coerce.number().int().positive().max(2_147_483_647),
});
