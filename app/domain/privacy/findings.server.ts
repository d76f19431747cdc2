import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { nudgeJob } from "~/jobs/engine.server";
import { privacyScan } from "~/jobs/queues";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { pageWindow } from "../paging";
import { err, ok, type Result } from "../result";
import { findingKinds, type FindingKind } from "./detect";
import { placeOf, type FindingPlace } from "./places";

// What /admin/privacy shows (issue 19, item 3; decision 0042): when the
// stored texts were last scanned, how many findings of each kind, and the
// findings a page at a time — where, what kind, the masked preview; and the
// administrator's "Scan now". Administrators only.

export const findingsPageSize = 50;

export interface ScanView {
  startedAt: Date;
  finishedAt: Date | null;
  texts: number;
  findings: number;
}

export interface FindingView {
  id: number;
  kind: FindingKind;
  place: FindingPlace | null;
  campaign: { slug: string; nameZh: string; nameEn: string };
  nominationId: number | null;
  rollVersion: number | null;
  /** The finding as masked (138****5678). */
  masked: string;
  /** Its sentence, every finding in it masked. */
  preview: string;
  foundAt: Date;
}

export interface PrivacyPage {
  /** The last scan that finished. */
  lastScan: ScanView | null;
  /** A scan under way (started within its time limit, not finished). */
  running: { startedAt: Date } | null;
  counts: Array<{ kind: FindingKind; count: number }>;
  total: number;
  findings: FindingView[];
  page: number;
  pageCount: number;
}

/** A scan unfinished after its job's time limit (queues.ts privacyScan) was stopped, not running. */
const scanTimeLimitSeconds = 3_600;

/** The page's data: the last scan, a scan under way, counts per kind, one page of findings by campaign. */
export async function privacyPage(db: Db, user: User, page: number): Promise<Result<PrivacyPage>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const [last, running, counts] = await Promise.all([
    db
      .selectFrom("privacy_scans")
      .select(["started_at", "finished_at", "texts", "findings"])
      .where("finished_at", "is not", null)
      .orderBy("finished_at", "desc")
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom("privacy_scans")
      .select("started_at")
      .where("finished_at", "is", null)
      .where("started_at", ">", sql<Date>`now() - make_interval(secs => ${scanTimeLimitSeconds})`)
      .orderBy("started_at", "desc")
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom("privacy_findings")
      .select(["kind", db.fn.countAll<string | number>().as("count")])
      .groupBy("kind")
      .execute(),
  ]);
  const byKind = new Map(counts.map((c) => [c.kind, Number(c.count)]));
  const total = [...byKind.values()].reduce((a, b) => a + b, 0);
  const { page: current, pageCount, offset } = pageWindow(total, findingsPageSize, page);
  const rows = await db
    .selectFrom("privacy_findings as f")
    .innerJoin("campaigns as c", "c.id", "f.campaign_id")
    .select([
      "f.id",
      "f.kind",
      "f.source_table",
      "f.field",
      "f.nomination_id",
      "f.roll_version",
      "f.masked",
      "f.preview",
      "f.found_at",
      "c.slug",
      "c.name_zh",
      "c.name_en",
    ])
    .orderBy("f.campaign_id", "desc")
    .orderBy("f.id")
    .limit(findingsPageSize)
    .offset(offset)
    .execute();
  return ok({
    lastScan: last ? { startedAt: last.started_at, finishedAt: last.finished_at, texts: last.texts, findings: last.findings } : null,
    running: running ? { startedAt: running.started_at } : null,
    counts: findingKinds.filter((k) => byKind.has(k)).map((kind) => ({ kind, count: byKind.get(kind)! })),
    total,
    findings: rows.map((r) => ({
      id: r.id,
      kind: r.kind as FindingKind,
      place: placeOf(r.source_table, r.field),
      campaign: { slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en },
      nominationId: r.nomination_id,
      rollVersion: r.roll_version,
      masked: r.masked,
      preview: r.preview,
      foundAt: r.found_at,
    })),
    page: current,
    pageCount,
  });
}

/** "Scan now": the scan job asked to run soon (nothing more when one waits already). Audited. Administrators only. */
export async function requestPrivacyScan(db: Db, user: User): Promise<Result<null>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  await db.transaction().execute(async (trx) => {
    await nudgeJob(trx, privacyScan);
    await audit(trx, user, { action: "privacy.scan_requested" });
  });
  return ok(null);
}
