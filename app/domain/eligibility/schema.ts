import * as z from "~/domain/zod";
import { comparators, ruleKinds, ruleScopes } from "./rules";

// The rules editor's forms (/admin/titles/:slug/rules): one post per change,
// told apart by `intent`. Messages are i18n keys.

export const maxRules = 20;
export const maxThreshold = 1e12;

export const addRuleSchema = z
  .object({
    intent: z.literal("add"),
    kind: z.enum(ruleKinds, { error: "eligibility.rule.kind.required" }),
    metric: z.number().int().positive().optional(),
    scope: z.enum(ruleScopes).default("each"),
    comparator: z.enum(comparators, { error: "eligibility.rule.comparator.required" }),
    threshold: z
      .number({ error: "eligibility.rule.threshold.invalid" })
      .min(-maxThreshold, "eligibility.rule.threshold.invalid")
      .max(maxThreshold, "eligibility.rule.threshold.invalid"),
  })
  .superRefine((r, ctx) => {
    if (r.kind === "metric" && r.metric === undefined)
      ctx.addIssue({ code: "custom", path: ["metric"], message: "eligibility.rule.metric.required" });
    if (r.kind === "service_months" && (!Number.isInteger(r.threshold) || r.threshold < 0)) {
      ctx.addIssue({ code: "custom", path: ["threshold"], message: "eligibility.rule.months.invalid" });
    }
  });

export const ruleChangeSchema = z.discriminatedUnion("intent", [
  addRuleSchema,
  z.object({ intent: z.literal("remove"), rule: z.number().int().positive() }),
  z.object({ intent: z.literal("move"), rule: z.number().int().positive(), to: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("exception"), allowsException: z.boolean().default(false) }),
]);

export type AddRuleForm = z.infer<typeof addRuleSchema>;
export type RuleChange = z.infer<typeof ruleChangeSchema>;

export type NewRule =
  | { kind: "metric"; metricId: number; scope: "each" | "overall"; comparator: AddRuleForm["comparator"]; threshold: number }
  | { kind: "service_months"; comparator: AddRuleForm["comparator"]; threshold: number };

export function newRule(form: AddRuleForm): NewRule {
  return form.kind === "metric"
    ? { kind: "metric", metricId: form.metric!, scope: form.scope, comparator: form.comparator, threshold: form.threshold }
    : { kind: "service_months", comparator: form.comparator, threshold: form.threshold };
}
