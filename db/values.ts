// What PostgreSQL hands back, read the same way on pg and PGlite.

/** An integer from an aggregate or bigint: pg reads them as strings, PGlite as numbers; null as 0. */
export const int = (v: string | number | bigint | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

/** A unique_violation of one named constraint (pg and PGlite both carry code and constraint). */
export function violates(e: unknown, constraint: string): boolean {
  const x = e as { code?: string; constraint?: string } | null;
  return x?.code === "23505" && x.constraint === constraint;
}
