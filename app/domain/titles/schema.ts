import * as z from "~/domain/zod";

// Messages are i18n keys: the form translates them in the user's language.

export const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A form shows this many template rows at least; "add a row" adds one more (no JavaScript needed). */
export const blankTemplateRows = 2;
export const maxTemplates = 12;

const optionalText = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).optional();

/**
 * One metric template row. A row left entirely blank is ignored; a row with
 * anything typed in needs both names and a direction.
 */
export const templateRowSchema = z
  .object({
    id: z.number().int().positive().optional(),
    /** A metric definition the row stands for: its names, unit and direction come from it (decision 0049). */
    metricId: z.number().int().positive().optional(),
    nameZh: optionalText(60, "titles.template.nameTooLong"),
    nameEn: optionalText(100, "titles.template.nameTooLong"),
    unit: optionalText(20, "titles.template.unitTooLong"),
    unitEn: optionalText(30, "titles.template.unitEnTooLong"),
    direction: z.enum(["higher", "lower"], { error: "titles.template.direction.required" }).optional(),
    required: z.boolean().optional(),
    target: z.number({ error: "titles.template.target.invalid" }).min(-1e12).max(1e12).optional(),
  })
  .superRefine((row, ctx) => {
    if (isBlankRow(row) || row.metricId) return;
    if (!row.nameZh) ctx.addIssue({ code: "custom", path: ["nameZh"], message: "titles.template.nameZh.required" });
    if (!row.nameEn) ctx.addIssue({ code: "custom", path: ["nameEn"], message: "titles.template.nameEn.required" });
    if (!row.direction) ctx.addIssue({ code: "custom", path: ["direction"], message: "titles.template.direction.required" });
  });

export type TemplateRow = z.infer<typeof templateRowSchema>;

export function isBlankRow(row: TemplateRow): boolean {
  return !row.nameZh && !row.nameEn && !row.unit && !row.unitEn && row.target === undefined && !row.required && !row.id && !row.metricId;
}

export const titleSchema = z.object({
  slug: z
    .string({ error: "titles.slug.required" })
    .trim()
    .toLowerCase()
    .max(60, "titles.slug.invalid")
    .regex(slugPattern, "titles.slug.invalid")
    // "new" is the address of the form that creates a title.
    .refine((s) => s !== "new", "titles.slug.invalid"),
  nameZh: z.string({ error: "titles.nameZh.required" }).trim().min(1, "titles.nameZh.required").max(60, "titles.name.tooLong"),
  nameEn: z.string({ error: "titles.nameEn.required" }).trim().min(1, "titles.nameEn.required").max(100, "titles.name.tooLong"),
  description: optionalText(2000, "titles.text.tooLong"),
  criteria: optionalText(2000, "titles.text.tooLong"),
  templates: z
    .array(templateRowSchema)
    .max(maxTemplates + blankTemplateRows, "titles.templates.tooMany")
    .optional(),
});

export type TitleForm = z.infer<typeof titleSchema>;

/** What the domain stores: blank rows dropped, in the order shown. */
export interface TemplateInput {
  id?: number;
  nameZh: string;
  nameEn: string;
  unit: string;
  /** The unit in English ("calls" for 通); empty where it reads the same in both (%). */
  unitEn: string;
  direction: "higher" | "lower";
  required: boolean;
  target: number | null;
  /** The metric definition the row stands for (title_metric_templates.metric_id); its imported values fill nominations. */
  metricId?: number | null;
}

export interface TitleInput {
  slug: string;
  nameZh: string;
  nameEn: string;
  description: string;
  criteria: string;
  templates: TemplateInput[];
}

export function titleInput(form: TitleForm): TitleInput {
  return {
    slug: form.slug,
    nameZh: form.nameZh,
    nameEn: form.nameEn,
    description: form.description ?? "",
    criteria: form.criteria ?? "",
    templates: (form.templates ?? [])
      .filter((row) => !isBlankRow(row))
      .map((row) => ({
        ...(row.id ? { id: row.id } : {}),
        ...(row.metricId ? { metricId: row.metricId } : {}),
        nameZh: row.nameZh ?? "",
        nameEn: row.nameEn ?? "",
        unit: row.unit ?? "",
        unitEn: row.unitEn ?? "",
        direction: row.direction ?? "higher",
        required: row.required ?? false,
        target: row.target ?? null,
      })),
  };
}
