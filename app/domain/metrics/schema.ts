import * as z from "~/domain/zod";

// Messages are i18n keys, translated by the form in the user's language.
// The same rules as metric_definitions' checks, so the form says what the table would refuse.

export const metricCodePattern = /^[a-z][a-z0-9_]{1,39}$/;
export const metricGrains = ["month", "quarter", "year"] as const;
export const metricCombines = ["average", "sum", "latest"] as const;
export const metricDirections = ["higher", "lower"] as const;

const optionalText = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).optional();

export const metricDefinitionSchema = z.object({
  code: z
    .string({ error: "metrics.code.invalid" })
    .trim()
    .regex(metricCodePattern, "metrics.code.invalid")
    // "new" is the address of the form that creates a definition.
    .refine((c) => c !== "new", "metrics.code.invalid"),
  nameZh: z.string({ error: "metrics.nameZh.required" }).trim().min(1, "metrics.nameZh.required").max(60, "metrics.name.tooLong"),
  nameEn: z.string({ error: "metrics.nameEn.required" }).trim().min(1, "metrics.nameEn.required").max(100, "metrics.name.tooLong"),
  unit: optionalText(20, "metrics.unit.tooLong"),
  unitEn: optionalText(20, "metrics.unit.tooLong"),
  direction: z.enum(metricDirections, { error: "metrics.direction.required" }),
  decimals: z
    .number({ error: "metrics.decimals.invalid" })
    .int("metrics.decimals.invalid")
    .min(0, "metrics.decimals.invalid")
    .max(4, "metrics.decimals.invalid"),
  grain: z.enum(metricGrains, { error: "metrics.grain.required" }),
  combine: z.enum(metricCombines, { error: "metrics.combine.required" }),
  description: optionalText(500, "metrics.description.tooLong"),
});

export type MetricDefinitionForm = z.infer<typeof metricDefinitionSchema>;

export interface MetricDefinitionInput {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  unitEn: string;
  direction: (typeof metricDirections)[number];
  decimals: number;
  grain: (typeof metricGrains)[number];
  combine: (typeof metricCombines)[number];
  description: string;
}

export const definitionInput = (form: MetricDefinitionForm): MetricDefinitionInput => ({
  ...form,
  unit: form.unit ?? "",
  unitEn: form.unitEn ?? "",
  description: form.description ?? "",
});

/** What an API token may allow (one scope a token; createApiToken checks it). */
export const apiTokenScopes = ["metrics:write"] as const;
