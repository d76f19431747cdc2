import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { Insertable } from "kysely";
import type { PrivacyFindingTable } from "../../../db/schema";
import { findPersonalData } from "./detect";
import { findingExcerpt } from "./guard";
import { readSource, sourceTables, type SourceRow, type SourceTable } from "./sources.server";

// The scan of what was stored before the privacy guard (issue 19, item 3;
// decision 0042): every free text of every source (sources.server.ts),
// batch by batch in key order, through the detector; each batch's findings
// replace what the findings table held for those rows, in one transaction.
// Run by the privacy-scan job (daily, and on an administrator's "Scan now"):
// idempotent — a second run, or a try after a crash, finds the same and
// writes the same; a row whose text is clean now loses its findings, and a
// row deleted since loses them at the end of the run.

/** Rows read per statement: 500 stories of up to 5,000 characters are a few MB, and checked in tens of milliseconds. */
export const scanBatchSize = 500;
/** Snapshots are larger (a 60-winner roll is ~100 KB of JSON): fewer at a time. */
const rollBatchSize = 20;

export interface ScanOutcome {
  scanId: number;
  /** Free texts read. */
  texts: number;
  /** Findings recorded. */
  findings: number;
}

type FindingRow = Insertable<PrivacyFindingTable>;

/** The findings in these rows' texts, as rows of the findings table: no matched text, only its mask and a masked preview. */
export function findingsIn(table: SourceTable, rows: readonly SourceRow[], now?: Date): FindingRow[] {
  return rows.flatMap((row) =>
    row.texts.flatMap((t) => {
      const found = findPersonalData(t.text, now ? { now } : {});
      return found.map((f, i) => ({
        source_table: table,
        source_key: row.key,
        field: t.field,
        campaign_id: row.campaignId,
        nomination_id: t.nominationId ?? row.nominationId,
        roll_version: row.rollVersion,
        kind: f.kind,
        start_offset: f.start,
        end_offset: f.end,
        masked: f.masked,
        // The sentence as the form's guard shows it to the writer: every finding in it masked.
        preview: findingExcerpt(t.text, found, i),
      }));
    }),
  );
}

/** Rows per insert: 11 parameters each, well under PostgreSQL's 65,535. */
const insertChunk = 2_000;

/** Replaces what the findings table holds for these rows of one source with what their texts hold now. In the caller's transaction. */
export async function replaceFindings(trx: Db, table: SourceTable, rows: readonly SourceRow[]): Promise<number> {
  if (!rows.length) return 0;
  await trx
    .deleteFrom("privacy_findings")
    .where("source_table", "=", table)
    .where(
      "source_key",
      "in",
      rows.map((r) => r.key),
    )
    .execute();
  const found = findingsIn(table, rows);
  for (let i = 0; i < found.length; i += insertChunk)
    await trx
      .insertInto("privacy_findings")
      .values(found.slice(i, i + insertChunk))
      .execute();
  return found.length;
}

export interface ScanOptions {
  /** Stops between batches (the job's time limit, the process stopping): the findings written so far stay. */
  signal?: AbortSignal;
  /** Only this campaign (after masking in place). */
  campaignId?: number;
  batchSize?: number;
}

/** Reads every source batch by batch and replaces each batch's findings; returns how many texts and findings. */
async function scanSources(db: Db, options: ScanOptions): Promise<{ texts: number; findings: number }> {
  let texts = 0;
  let findings = 0;
  for (const table of sourceTables) {
    const limit = table === "honor_rolls" ? rollBatchSize : (options.batchSize ?? scanBatchSize);
    let after: string | null = null;
    for (;;) {
      options.signal?.throwIfAborted();
      // Read and replaced in one transaction: a text masked meanwhile is never recorded as it was.
      const batch = async (trx: Db) => {
        const rows = await readSource(trx, table, { after, limit, ...(options.campaignId === undefined ? {} : { campaignId: options.campaignId }) });
        return { rows, found: await replaceFindings(trx, table, rows) };
      };
      const { rows, found } = db.isTransaction ? await batch(db) : await db.transaction().execute(batch);
      if (!rows.length) break;
      texts += rows.reduce((n, r) => n + r.texts.length, 0);
      findings += found;
      after = rows[rows.length - 1]!.key;
      if (rows.length < limit) break;
    }
  }
  return { texts, findings };
}

/**
 * The privacy-scan job's use-case: every stored free text checked, the
 * findings table brought up to date, the run recorded (when it started and
 * finished, how many texts and findings) for /admin/privacy.
 */
export async function scanStoredText(db: Db, options: ScanOptions = {}): Promise<ScanOutcome> {
  const scan = await db.insertInto("privacy_scans").defaultValues().returning(["id", "started_at"]).executeTakeFirstOrThrow();
  const { texts, findings } = await scanSources(db, options);
  // Findings not written by this run belong to rows deleted since the last one.
  await db.deleteFrom("privacy_findings").where("found_at", "<", scan.started_at).execute();
  await db
    .updateTable("privacy_scans")
    .set({ finished_at: sql`now()`, texts, findings })
    .where("id", "=", scan.id)
    .execute();
  return { scanId: scan.id, texts, findings };
}

/** One campaign's findings brought up to date, in the caller's transaction (after masking its texts in place). */
export async function rescanCampaign(trx: Db, campaignId: number): Promise<number> {
  await trx.deleteFrom("privacy_findings").where("campaign_id", "=", campaignId).execute();
  return (await scanSources(trx, { campaignId })).findings;
}
