import { CompiledQuery } from "kysely";
import type { Db } from "./client";
import { preparedMark } from "./prepared-mark";

// preparedMark sends a statement as a named prepared statement, planned once
// per connection: only for the hottest statements (db/client.ts explains the
// cost); precompiled() below puts it on every statement it builds.
export { preparedMark };

const slotName = Symbol("precompiled value");
type Slot = { readonly [slotName]: string };
const isSlot = (v: unknown): v is Slot => typeof v === "object" && v !== null && slotName in v;

/** A Kysely query builder (compile()) or a raw `sql` statement (compile(db)). */
interface Statement<R> {
  compile(db: Db): CompiledQuery<R>;
}

interface Template {
  sql: string;
  /** The compiled parameters: constants, and slots to fill with each call's values. */
  parameters: readonly unknown[];
}

/**
 * A statement built with Kysely and compiled once per database, then run with
 * each call's values: for the statements every vote runs, where building and
 * compiling the query cost more of the server's CPU than sending it
 * (docs/benchmarks.md, bench:votes). It is also sent prepared (planned once
 * per connection), unless the pool goes through a transaction pooler
 * (db/client.ts, namedStatements).
 *
 * `build` gets stand-ins for the values and may only hand them to the query
 * as values (`where(col, "=", v.x)`, `sql\`${v.x}\``), never look at them:
 * the text it builds must be the same for every call. A value that does not
 * reach the statement's parameters is refused when it is first compiled, so
 * a builder that branches on a value fails at once rather than running the
 * first caller's statement for everyone.
 */
export function precompiled<V extends object, R>(build: (db: Db, values: V) => Statement<R>) {
  const templates = new WeakMap<Db, Template>();
  function compile(db: Db, keys: string[]): Template {
    const slots = Object.fromEntries(keys.map((key) => [key, { [slotName]: key }])) as unknown as V;
    const compiled = build(db, slots).compile(db);
    const used = new Set(compiled.parameters.filter(isSlot).map((p) => p[slotName]));
    const unused = keys.filter((key) => !used.has(key));
    if (unused.length) throw new Error(`precompiled statement: ${unused.join(", ")} never reach its parameters`);
    const text = compiled.sql.includes(preparedMark) ? compiled.sql : `${preparedMark} ${compiled.sql}`;
    return { sql: text, parameters: compiled.parameters };
  }
  return async function run(db: Db, values: V): Promise<R[]> {
    let template = templates.get(db);
    if (!template) templates.set(db, (template = compile(db, Object.keys(values))));
    const given = values as Record<string, unknown>;
    const parameters = template.parameters.map((p) => (isSlot(p) ? given[p[slotName]] : p));
    const { rows } = await db.executeQuery(CompiledQuery.raw(template.sql, parameters) as CompiledQuery<R>);
    return rows;
  };
}
