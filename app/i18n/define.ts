export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "zh-CN";

/**
 * One area's messages in both languages. The zh-CN object must carry exactly
 * the keys of the en object, so a missing translation fails the type check.
 * Placeholders are written {name}.
 */
export function defineMessages<const E extends Record<string, string>>(m: { en: E; "zh-CN": { [K in keyof E]: string } }) {
  return m;
}

export function isLocale(value: unknown): value is Locale {
  return value === "zh-CN" || value === "en";
}
