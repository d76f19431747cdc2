import * as z from "~/domain/zod";
import { fieldMessage } from "~/i18n";
import { passwordRules } from "./password-rules";

// Messages are i18n keys (with their variables where the text names a figure: fieldMessage); the form translates them in the user's language.
export const signInSchema = z.object({
  identifier: z.string({ error: "auth.identifier.required" }).trim().min(1, "auth.identifier.required").max(200),
  password: z.string({ error: "auth.password.required" }).min(1, "auth.password.required").max(passwordRules.max),
  redirectTo: z.string().optional(),
});

export const setPasswordSchema = z
  .object({
    password: z
      .string({ error: fieldMessage("auth.setPassword.tooShort", { min: passwordRules.min }) })
      .min(passwordRules.min, fieldMessage("auth.setPassword.tooShort", { min: passwordRules.min }))
      .max(passwordRules.max, fieldMessage("auth.setPassword.tooLong", { max: passwordRules.max })),
    confirm: z.string({ error: "auth.setPassword.mismatch" }),
  })
  .refine((v) => v.password === v.confirm, { message: "auth.setPassword.mismatch", path: ["confirm"] });
