/**
 * A whole number within [min, max] from the environment, or the default when
 * unset; anything else stops the start with the setting's name. Every
 * setting of a count, a size or a period is read through this one function
 * (server/config.ts reads them all at start).
 */
export function wholeNumberSetting(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return n;
}
