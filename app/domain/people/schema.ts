import { allRoles } from "~/domain/auth/user";
import * as z from "~/domain/zod";

export const roleChangeSchema = z.object({
  // Every role the database knows (data owners too: issue 20), granted and revoked on /admin/people/:employeeNo.
  role: z.enum(allRoles, { error: "admin.roles.unknownRole" }),
  unitCode: z.string().trim().max(40).optional(),
});

/** One-time password links for a unit: which unit, and whether only people without a password yet. */
export const passwordLinksSchema = z.object({
  unitCode: z.string({ error: "admin.links.unitRequired" }).trim().min(1, "admin.links.unitRequired").max(40, "admin.links.unitRequired"),
  onlyWithoutPassword: z.boolean().optional(),
});
