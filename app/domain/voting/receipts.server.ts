import type { Db } from "../../../db/client";
import { int } from "../../../db/values";
import type { User } from "../auth/user";
import { findVisibleCampaign, offeredTitles, type CampaignRef } from "../campaigns/visibility.server";
import { pageWindow } from "../paging";
import { err, ok, type Result } from "../result";
import { cutChars } from "../text";
import { closedPhases } from "./rules";
import { countedSql } from "./tally.server";

// The receipts after close: every receipt code (receiptCode in rules.ts, given
// when a ballot is cast) published with its title and whether it was counted,
// and a voter's check of their own code; and, while voting, a person's own
// current receipts (myReceipts), as far as a link still says which are theirs.

const receiptPageSize = 500;

/** A receipt code as a person may type it: any case, spaces or none, the letters Crockford reads as digits. */
export function normaliseReceipt(input: string): string | null {
  const chars = input
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(chars)) return null;
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export interface ReceiptRow {
  code: string;
  titleSlug: string;
  /** The voter's last ballot for the title (an earlier version was replaced by a change and is not counted). */
  counted: boolean;
}

export interface ReceiptsPage {
  campaign: Pick<CampaignRef, "slug" | "nameZh" | "nameEn" | "status">;
  titles: Array<{ slug: string; nameZh: string; nameEn: string }>;
  /** The code looked up (normalised), and what was found: null when nothing was asked. */
  lookup: null | { code: string; found: ReceiptRow | null };
  rows: ReceiptRow[];
  total: number;
  page: number;
  pageCount: number;
}

/**
 * The published receipt codes after close, each with its title and whether it
 * was counted; nothing else about the ballot. Anyone who can see the campaign
 * can check a code.
 */
export async function receiptsFor(db: Db, user: User, slug: string, q: { code?: string; page?: number }): Promise<Result<ReceiptsPage>> {
  const found = await findVisibleCampaign(db, user, slug);
  if (!found) return err("campaigns.notFound", 404);
  if (!closedPhases.has(found.status)) return err("results.receipts.notYet", 409);
  const listing = db
    .selectFrom("ballots as b")
    .innerJoin("titles as t", "t.id", "b.title_id")
    .select(["b.receipt_code", "t.slug", countedSql.as("counted")])
    .where("b.campaign_id", "=", found.id);
  const [titles, totalRow] = await Promise.all([
    offeredTitles(db, found.id),
    db
      .selectFrom("ballots")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("campaign_id", "=", found.id)
      .executeTakeFirstOrThrow(),
  ]);
  const total = int(totalRow.n);
  const { page, pageCount, offset } = pageWindow(total, receiptPageSize, q.page);
  const toRow = (r: { receipt_code: string; slug: string; counted: boolean }): ReceiptRow => ({
    code: r.receipt_code,
    titleSlug: r.slug,
    counted: r.counted,
  });
  let lookup: ReceiptsPage["lookup"] = null;
  if (q.code !== undefined && q.code.trim() !== "") {
    const code = normaliseReceipt(q.code);
    const hit = code ? await db.selectFrom(listing.as("l")).selectAll().where("l.receipt_code", "=", code).executeTakeFirst() : undefined;
    lookup = { code: code ?? cutChars(q.code.trim(), 40), found: hit ? toRow(hit) : null };
  }
  const rows = await db.selectFrom(listing.as("l")).selectAll().orderBy("l.receipt_code").limit(receiptPageSize).offset(offset).execute();
  return ok({
    campaign: { slug: found.slug, nameZh: found.nameZh, nameEn: found.nameEn, status: found.status },
    titles: titles.map((t) => ({ slug: t.slug, nameZh: t.nameZh, nameEn: t.nameEn })),
    lookup,
    rows: rows.map(toRow),
    total,
    page,
    pageCount,
  });
}

export interface MyReceipt {
  campaignSlug: string;
  titleSlug: string;
  receipt: string;
}

/**
 * The ballots a link still says are this person's current ones (`b`), with
 * their campaign (`c`) and title (`t`), by campaign then title: only while
 * voting is open, as myReceipts explains. The one query of who holds which
 * ballot; the caller chooses the columns, never the choices.
 */
export function currentBallotsOf(db: Db, userId: number) {
  return db
    .selectFrom("ballot_links as l")
    .innerJoin("ballots as b", "b.id", "l.ballot_id")
    .innerJoin("campaigns as c", "c.id", "l.campaign_id")
    .innerJoin("titles as t", "t.id", "l.title_id")
    .where("l.voter_id", "=", userId)
    .where("c.status", "=", "voting")
    .orderBy("c.id")
    .orderBy("t.id");
}

/**
 * A person's own current receipt codes (their current ballot per title), for
 * their data export (/settings/my-data): only receipt codes, never a choice.
 * Only while voting is open in a campaign that allows a change: that is the
 * only time a link says which ballot is theirs (decision 0041). Empty where
 * the campaign allows no change (the code was shown once, when they voted),
 * and for every campaign once its vote has closed (the seal destroyed the
 * links; the published receipt list still checks a code they kept). Ordered
 * by campaign, then title.
 */
export async function myReceipts(db: Db, userId: number): Promise<MyReceipt[]> {
  const rows = await currentBallotsOf(db, userId).select(["c.slug as campaign_slug", "t.slug as title_slug", "b.receipt_code"]).execute();
  return rows.map((r) => ({ campaignSlug: r.campaign_slug, titleSlug: r.title_slug, receipt: r.receipt_code }));
}
