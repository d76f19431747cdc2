import * as z from "~/domain/zod";
import { fieldMessage } from "~/i18n";

/** 50,000 staff at ~120 bytes a row is 6 MB; 20 MB leaves room for wide exports. */
export const maxImportBytes = 20 * 1024 * 1024;
export const maxImportMegabytes = maxImportBytes / 1024 / 1024;

export const importKinds = ["people", "org", "metrics"] as const;
export const importModes = ["merge", "full"] as const;

const isUpload = (v: unknown): v is File => typeof v === "object" && v !== null && "arrayBuffer" in v && typeof (v as File).size === "number";

// Messages are i18n keys, translated by the form in the user's language.
// Checked in the browser before the upload starts and again on the server.
export const importFormSchema = z.object({
  kind: z.enum(importKinds, { error: "import.kind.required" }),
  mode: z.enum(importModes, { error: "import.mode.required" }),
  file: z
    .custom<File>(isUpload, { error: "import.file.required" })
    .refine((f) => f.size > 0, "import.file.empty")
    .refine((f) => f.size <= maxImportBytes, fieldMessage("import.file.tooLarge", { max: maxImportMegabytes })),
});
