import * as z from "~/domain/zod";

export const roleChangeSchema = z.object({
  role: z.enum(["admin", "manager", "committee", "staff"], { error: "admin.roles.unknownRole" }),
  unitCode: z.string().trim().max(40).optional(),
});

/** One-time password links for a unit: which unit, and whether only people without a password yet. */
export const passwordLinksSchema = z.object({
  unitCode: z.string({ error: "admin.links.unitRequired" }).trim().min(1, "admin.links.unitRequired").max(40, "admin.links.unitRequired"),
  onlyWithoutPassword: z.boolean().optional(),
});
