import type { Result } from "../../app/domain/result";

/** A use-case's value, or a failed test naming the refusal it got instead. */
export function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected success, got ${r.error} ${JSON.stringify(r.vars ?? {})}`);
  return r.value;
}
