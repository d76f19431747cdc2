import { z } from "zod";

export const roleChangeSchema = z.object({
  role: z.enum(["admin", "manager", "committee", "staff"], { error: "admin.roles.unknownRole" }),
  unitCode: z.string().trim().max(40).optional(),
});
