import { sql } from "kysely";

/**
 * Marks a statement to be sent as a named prepared statement, planned once
 * per connection: only for the hottest statements (db/client.ts explains the
 * cost). The literal must equal db/client.ts' preparedMark — the app bundle
 * does not import db/ at run time, so it is repeated here and a unit test
 * (tests/unit/prepared.test.ts) keeps the two equal.
 */
export const preparedMark = "/* prepared */";
export const prepared = sql.raw(preparedMark);
