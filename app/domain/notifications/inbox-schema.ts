import * as z from "~/domain/zod";
import { notificationKinds } from "./kinds";

// The forms of the portal's notifications: /notifications' buttons, and
// /settings/notifications and /admin/notifications with one row per kind
// (its name in a hidden field, its two boxes) and, for a person, how their
// email arrives. Messages are i18n keys (app/i18n/messages/inbox.ts).

/** Mark as read (one notice) or Mark all as read, on /notifications. */
export const inboxActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.string().max(20) }),
  z.object({ intent: z.literal("all") }),
]);

const kindRow = z.object({
  kind: z.enum(notificationKinds, { error: "inbox.settings.invalid" }),
  portal: z.boolean().optional(),
  email: z.boolean().optional(),
});

const kindRows = z
  .array(kindRow)
  .max(notificationKinds.length, "inbox.settings.invalid")
  .optional()
  .superRefine((rows, ctx) => {
    const kinds = (rows ?? []).map((r) => r.kind);
    if (new Set(kinds).size !== kinds.length) ctx.addIssue({ code: "custom", message: "inbox.settings.invalid" });
  });

export const defaultsSchema = z.object({ kinds: kindRows });

export const preferencesSchema = z.object({
  kinds: kindRows,
  delivery: z.enum(["each", "digest"], { error: "inbox.settings.delivery.required" }),
  quietHours: z.boolean().optional(),
});

export type DefaultsForm = z.output<typeof defaultsSchema>;
export type PreferencesForm = z.output<typeof preferencesSchema>;

/** A form's rows as choices: an unticked box is not sent, so it reads as off. */
export const choicesOf = (form: DefaultsForm) =>
  (form.kinds ?? []).map((r) => ({ kind: r.kind, portal: r.portal ?? false, email: r.email ?? false }));
