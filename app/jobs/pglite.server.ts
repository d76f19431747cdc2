import type { PGlite } from "@electric-sql/pglite";

/** What pg-boss asks of a database it does not connect to itself (its `db` option). */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * pg-boss 10 over the app's one PGlite (decision 0037). A statement with
 * parameters goes to `query` (extended protocol, one statement). Without
 * parameters it may be one of pg-boss's scripts — its schema, its migrations,
 * its maintenance: several statements, some with their own BEGIN … COMMIT —
 * which only `exec` (simple protocol) runs. Each script runs inside
 * `pglite.transaction`, so if a statement fails the transaction is rolled
 * back before anything else reaches the single session: a failed script never
 * leaves it in an aborted transaction for the app's next query. (The
 * script's own BEGIN and COMMIT inside it only draw a notice.) PGlite runs
 * `query`, `exec` and `transaction` one at a time, the app's Kysely
 * transactions included, so pg-boss never interleaves with them.
 */
export function pgliteExecutor(pglite: PGlite): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) {
        // pg sends undefined as null; PGlite would send the text "undefined".
        const result = await pglite.query(
          text,
          values.map((v) => (v === undefined ? null : v)),
        );
        return { rows: result.rows };
      }
      return pglite.transaction(async (tx) => {
        const results = await tx.exec(text);
        // One statement: its rows. A script: its callers read nothing.
        return { rows: results.at(-1)?.rows ?? [] };
      });
    },
  };
}
