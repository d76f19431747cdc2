import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { translate } from "~/i18n/all.server";
import { audit } from "../audit/audit.server";
import { sha256 } from "../auth/auth.server";
import { metricRefs } from "./definitions.server";
import { recordMetricValues } from "./record.server";
import type { ApiClient } from "./tokens.server";
import { checkMetricValue, valueKey, type MetricLookups, type MetricValue, type MetricValueInput } from "./validate";

// POST /api/v1/metrics (issue 20, decision 0049): a measuring system sends
// up to maxApiValues values; all are checked, with the CSV import's checks,
// and either all are recorded as one batch (origin 'api') or none, with every
// item's problems. An Idempotency-Key makes a retry safe: the same key with
// the same body answers what the first call answered and writes nothing; the
// same key with another body is refused. The answer is stored on the batch,
// in the transaction that writes it, so a replay can never see a batch
// without its answer.

/** Values per call: a body of ~1.2 MB, recorded in well under a second. */
export const maxApiValues = 10_000;
/** Items whose problems are listed: enough to fix a feed, small enough to read. */
const maxListedErrors = 1000;

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
  /** The stored answer of an earlier call with the same Idempotency-Key. */
  replayed?: boolean;
}

export interface ApiItemError {
  index: number;
  field: string;
  code: string;
  message: string;
}

const problem = (status: number, error: string, message: string, more: Record<string, unknown> = {}): ApiAnswer => ({
  status,
  body: { error, message, ...more },
});

/** "metrics.value.unknownPerson" → "unknown_person": the stable code clients branch on. */
const codeOf = (key: string) =>
  key
    .replace(/^metrics\.value\./, "")
    .replace(/\./g, "_")
    .replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null | undefined =>
  typeof v === "string" ? v : v === null || v === undefined ? (v as null | undefined) : String(v);

/** Receives one call's body (already parsed from `raw`, the bytes its request hash is taken of). */
export async function receiveMetricValues(db: Db, client: ApiClient, raw: string, body: unknown, idempotencyKey: string | null): Promise<ApiAnswer> {
  if (idempotencyKey !== null && (idempotencyKey.length < 1 || idempotencyKey.length > 255 || !/^[\x21-\x7e]+$/.test(idempotencyKey)))
    return problem(400, "invalid_idempotency_key", "The Idempotency-Key header must be 1 to 255 visible ASCII characters.");
  const requestHash = sha256(raw);
  if (idempotencyKey !== null) {
    const earlier = await replayOf(db, client, idempotencyKey, requestHash);
    if (earlier) return earlier;
  }

  if (!isObject(body) || !Array.isArray(body.values))
    return problem(400, "invalid_body", 'The body must be a JSON object with an array "values": {"values": [{"employeeNo": …, "metric": …, …}]}.');
  const items = body.values as unknown[];
  if (items.length === 0) return problem(400, "no_values", "The array values is empty.");
  if (items.length > maxApiValues)
    return problem(413, "too_many_values", `At most ${maxApiValues} values per call; split the values into several calls.`, { max: maxApiValues });

  const inputs: MetricValueInput[] = items.map((item) =>
    isObject(item)
      ? {
          employeeNo: text(item.employeeNo),
          unitCode: text(item.unitCode),
          metric: text(item.metric),
          period: text(item.period),
          value: typeof item.value === "number" ? item.value : text(item.value),
          source: text(item.source),
        }
      : {},
  );
  const lookups = await lookupsFor(db, inputs);
  const errors: ApiItemError[] = [];
  let errorCount = 0;
  const values: MetricValue[] = [];
  const firstIndex = new Map<string, number>();
  const report = (e: ApiItemError) => {
    errorCount++;
    if (errors.length < maxListedErrors) errors.push(e);
  };
  inputs.forEach((input, index) => {
    if (!isObject(items[index])) {
      report({ index, field: "", code: "not_an_object", message: "Each value must be a JSON object." });
      return;
    }
    const checked = checkMetricValue(input, lookups);
    if (!checked.ok) {
      for (const e of checked.errors)
        report({
          index,
          field: e.field === "subject" ? "employeeNo/unitCode" : e.field,
          code: codeOf(e.code),
          message: translate("en", e.code, e.vars ?? {}),
        });
      return;
    }
    const key = valueKey(checked.value);
    const first = firstIndex.get(key);
    if (first !== undefined) {
      report({ index, field: "", code: "duplicate", message: translate("en", "metrics.value.duplicateItem", { first }) });
      return;
    }
    firstIndex.set(key, index);
    values.push(checked.value);
  });
  if (errorCount > 0) return problem(422, "validation_failed", `${errorCount} problem(s) found; nothing was recorded.`, { errorCount, errors });

  try {
    return await db.transaction().execute(async (trx) => {
      const batch = await trx
        .insertInto("metric_batches")
        .values({
          origin: "api",
          api_token_id: client.tokenId,
          idempotency_key: idempotencyKey,
          request_hash: requestHash,
          created_by: client.createdBy,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const counts = await recordMetricValues(trx, batch.id, values);
      const answer: ApiAnswer = {
        status: 201,
        body: { batchId: String(batch.id), received: values.length, created: counts.created, replaced: counts.replaced, unchanged: counts.unchanged },
      };
      await trx
        .updateTable("metric_batches")
        .set({ response: JSON.stringify(answer) })
        .where("id", "=", batch.id)
        .execute();
      await audit(trx, null, {
        action: "metrics.received",
        subjectType: "metric_batch",
        subjectId: String(batch.id),
        after: { token: client.tokenName, received: values.length, ...counts },
      });
      return answer;
    });
  } catch (error) {
    // Two calls with one key at once: the unique index lets the first in; the second answers as a replay of it.
    if (idempotencyKey !== null && (error as { code?: unknown } | null)?.code === "23505") {
      const earlier = await replayOf(db, client, idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    throw error;
  }
}

async function replayOf(db: Db, client: ApiClient, key: string, requestHash: string): Promise<ApiAnswer | null> {
  const earlier = await db
    .selectFrom("metric_batches")
    .select(["request_hash", "response"])
    .where("api_token_id", "=", client.tokenId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
  if (!earlier) return null;
  if (earlier.request_hash !== requestHash)
    return problem(422, "idempotency_key_reused", "This Idempotency-Key was used with another body. Use a new key for new values.");
  const stored = (typeof earlier.response === "string" ? JSON.parse(earlier.response) : earlier.response) as ApiAnswer;
  return { status: stored.status, body: stored.body, replayed: true };
}

/** Only the definitions, people and units the call names. */
async function lookupsFor(db: Db, inputs: MetricValueInput[]): Promise<MetricLookups> {
  const distinct = (f: (i: MetricValueInput) => string | null | undefined) => [
    ...new Set(inputs.map((i) => f(i)?.trim()).filter((v): v is string => !!v)),
  ];
  const numbers = distinct((i) => i.employeeNo);
  const codes = distinct((i) => i.unitCode);
  const [metrics, people, units] = await Promise.all([
    metricRefs(
      db,
      distinct((i) => i.metric),
    ),
    numbers.length
      ? db
          .selectFrom("people")
          .select(["employee_no", "id"])
          .where("employee_no", "=", sql<string>`any(${numbers}::text[])`)
          .execute()
      : [],
    codes.length
      ? db
          .selectFrom("org_units")
          .select(["code", "id"])
          .where("code", "=", sql<string>`any(${codes}::text[])`)
          .execute()
      : [],
  ]);
  return { metrics, people: new Map(people.map((p) => [p.employee_no, p.id])), units: new Map(units.map((u) => [u.code, u.id])) };
}
