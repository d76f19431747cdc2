/**
 * zod as every schema here uses it. Import it as a namespace
 * (`import * as z from "~/domain/zod"`): esbuild then keeps only the parts a
 * page's schemas use, and leaves out zod's error messages in forty languages
 * (ours come from app/i18n) — 353 KB of the ballot page's scripts.
 *
 * `jitless`: zod would otherwise probe `new Function` to compile its parsers,
 * which our Content-Security-Policy (no 'unsafe-eval') reports as a violation
 * in the browser's console on every page with a form. Parsing a form is not
 * hot enough for the compiled parsers to matter.
 */
import { config } from "zod";

config({ jitless: true });

export * from "zod";
