import type { Db } from "../../db/client";

/** The most keys one statement asks for; more wait for the next one. */
const maxKeys = 256;

interface Batch<K, V> {
  keys: Map<K, Promise<V | undefined>>;
  settle: Map<K, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }>;
}

/**
 * A lookup that many requests make at the same moment, answered with one
 * statement for all of them (docs/decisions/0021).
 *
 * The keys asked for while the server reads the requests that have arrived
 * (one turn of the event loop's poll phase) are collected, and the statement
 * is sent once that turn is over (`setImmediate`). So every lookup is still
 * made after its request arrived: nothing is remembered from one statement
 * to the next, and what a lookup sees is what the database says at that
 * moment. A key asked twice in one batch is asked once; a statement that
 * fails fails every lookup in it.
 *
 * `load` gets distinct keys and answers with what it found for each; a key
 * it leaves out is not found (undefined).
 */
export function batched<K, V>(load: (db: Db, keys: K[]) => Promise<Map<K, V>>) {
  const open = new WeakMap<Db, Batch<K, V>>();

  function send(db: Db, batch: Batch<K, V>) {
    if (open.get(db) === batch) open.delete(db);
    load(db, [...batch.keys.keys()]).then(
      (found) => {
        for (const [key, { resolve }] of batch.settle) resolve(found.get(key));
      },
      (error: unknown) => {
        for (const { reject } of batch.settle.values()) reject(error);
      },
    );
  }

  return function lookup(db: Db, key: K): Promise<V | undefined> {
    let batch = open.get(db);
    const asked = batch?.keys.get(key);
    if (asked) return asked;
    if (!batch || batch.keys.size >= maxKeys) {
      const fresh: Batch<K, V> = { keys: new Map(), settle: new Map() };
      open.set(db, fresh);
      setImmediate(() => send(db, fresh));
      batch = fresh;
    }
    const answer = new Promise<V | undefined>((resolve, reject) => batch.settle.set(key, { resolve, reject }));
    batch.keys.set(key, answer);
    return answer;
  };
}
