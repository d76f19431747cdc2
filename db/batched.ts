import type { Db } from "./client";

/** The most keys one statement asks for; a full batch is sent at once. */
const maxKeys = 256;

/** One key's answer to come, and how to give it. */
interface Waiting<V> {
  answer: Promise<V | undefined>;
  resolve: (v: V | undefined) => void;
  reject: (e: unknown) => void;
}

/** The keys of one statement, each with its answer to come. */
type Batch<K, V> = Map<K, Waiting<V>>;

/** Per database handle: the batch being filled, and how many statements are out. */
interface Line<K, V> {
  open: Batch<K, V> | null;
  inFlight: number;
  scheduled: boolean;
}

/**
 * A lookup that many requests make at the same moment, answered with one
 * statement for all of them (docs/decisions/0021).
 *
 * The first lookup when nothing is out is sent once the current turn of the
 * event loop is over (`setImmediate`), with every lookup the server made
 * while reading the requests that had arrived. While a statement is out, new
 * lookups gather and go together as soon as it is back. So every lookup is
 * still sent after its request arrived, and nothing is remembered from one
 * statement to the next: what a lookup sees is what the database says then.
 * A key asked twice in one batch is asked once; a statement that fails
 * fails every lookup in it.
 *
 * `load` gets distinct keys and answers with what it found for each; a key
 * it leaves out is not found (undefined).
 */
export function batched<K, V>(load: (db: Db, keys: K[]) => Promise<Map<K, V>>) {
  const lines = new WeakMap<Db, Line<K, V>>();

  function schedule(db: Db, line: Line<K, V>) {
    if (line.scheduled) return;
    line.scheduled = true;
    setImmediate(() => {
      line.scheduled = false;
      if (line.open) send(db, line);
    });
  }

  function send(db: Db, line: Line<K, V>) {
    const batch = line.open!;
    line.open = null;
    line.inFlight += 1;
    load(db, [...batch.keys()])
      .then(
        (found) => {
          for (const [key, { resolve }] of batch) resolve(found.get(key));
        },
        (error: unknown) => {
          for (const { reject } of batch.values()) reject(error);
        },
      )
      .finally(() => {
        line.inFlight -= 1;
        if (line.inFlight === 0 && line.open) schedule(db, line);
      });
  }

  return function lookup(db: Db, key: K): Promise<V | undefined> {
    let line = lines.get(db);
    if (!line) lines.set(db, (line = { open: null, inFlight: 0, scheduled: false }));
    const asked = line.open?.get(key);
    if (asked) return asked.answer;
    const batch = (line.open ??= new Map());
    let settle!: Pick<Waiting<V>, "resolve" | "reject">;
    const answer = new Promise<V | undefined>((resolve, reject) => (settle = { resolve, reject }));
    batch.set(key, { answer, ...settle });
    if (batch.size >= maxKeys) send(db, line);
    else if (line.inFlight === 0) schedule(db, line);
    return answer;
  };
}
