// Customers' personal data planted where the forms never let it through
// (issue 19, item 4): straight into the stored rows and a published snapshot,
// as text written before the guard existed would be, and the check that an
// output shows none of it.
//
//   const planted = await plantPersonalData(db, "2026-q3");   // the newest roll's first winner
//   expectNoPersonalData(html)                                // no number in any form
//   expect(html).toContain(masks.mobile)                      // 138****5678
import { expect } from "vitest";
import type { Db } from "../../db/client";
import type { HonorRollSnapshot, SnapshotWinner } from "../../app/domain/publishing/snapshot";

/** A mainland mobile, an 18-digit ID with a valid check character, and a UnionPay card passing Luhn. */
export const personalData = { mobile: "13812345678", idCard: "440106195001011237", bankCard: "6222021234567890128" } as const;

/** The masks the industry prints, as decision 0040 writes them. */
export const masks = { mobile: "138****5678", idCard: "440106********1237", bankCard: "622202*********0128" } as const;

/** The three numbers in the ways people type them: run together, grouped with spaces or dashes, with +86. */
export const plantedText = {
  citation: `回访客户王女士（${personalData.mobile}）后问题当天解决。`,
  story: `客户王女士来电，手机 138 1234 5678，身份证号 ${personalData.idCard}，` + `退费到银行卡 6222 0212 3456 7890 128。\n\n当天办结，客户满意。`,
  quote: `谢谢你们！有事打我电话 +86 138-1234-5678，卡号${personalData.bankCard}。`,
  caption: `与客户合影（电话${personalData.mobile}，身份证${personalData.idCard}）`,
  source: `投诉工单系统，客户${personalData.mobile}，卡号${personalData.bankCard}`,
  reason: `平票：客户${personalData.mobile}的表扬信决定，身份证${personalData.idCard}。`,
  comment: `请核实客户${personalData.mobile}、身份证${personalData.idCard}、银行卡${personalData.bankCard}。`,
  versionReason: `更正：客户${personalData.mobile}来电补充了事迹。`,
  congratulation: `恭喜！客户${personalData.mobile}也来电感谢，卡号${personalData.bankCard}。`,
};

export interface Planted {
  campaignId: number;
  nominationId: number;
  /** The winner's employee numbers (their profiles). */
  employeeNos: string[];
}

/**
 * Into a new version of a published roll (as a correction would publish one),
 * at its first winner that has a photo
 * and a headline metric: the citation, the first story's text and quote, the
 * photo's caption and the metric's source; into the nomination's own rows the
 * same; the comments of its history, the ratification's tie reasons, and a
 * colleague's congratulation.
 * Written with SQL, past every form.
 */
export async function plantPersonalData(db: Db, slug: string): Promise<Planted> {
  const roll = await db
    .selectFrom("honor_rolls as r")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .select(["r.id", "r.version", "r.snapshot", "c.id as campaign_id"])
    .where("c.slug", "=", slug)
    .orderBy("r.version", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  const snapshot = roll.snapshot as HonorRollSnapshot;
  const winner: SnapshotWinner | undefined = snapshot.titles
    .flatMap((t) => t.winners)
    .find((w) => w.photo && w.metrics.length > 0 && w.stories.length > 0);
  if (!winner) throw new Error(`${slug} has no winner with a photo, a metric and a story`);
  winner.citation = plantedText.citation;
  winner.stories[0] = { ...winner.stories[0], body: plantedText.story, quote: plantedText.quote };
  winner.photo = { ...winner.photo!, caption: plantedText.caption };
  winner.metrics[0] = { ...winner.metrics[0], source: plantedText.source };
  // A roll's versions are immutable (a trigger says so): the text goes in as a new version, written as a correction writes one.
  const { id } = await db
    .insertInto("honor_rolls")
    .values({
      campaign_id: roll.campaign_id,
      version: roll.version + 1,
      published_by: null,
      reason: plantedText.versionReason,
      snapshot: JSON.stringify(snapshot),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("honor_roll_entries")
    .columns(["honor_roll_id", "campaign_id", "title_id", "nomination_id", "person_id"])
    .expression((eb) =>
      eb
        .selectFrom("honor_roll_entries")
        .select([eb.val(id).as("honor_roll_id"), "campaign_id", "title_id", "nomination_id", "person_id"])
        .where("honor_roll_id", "=", roll.id),
    )
    .execute();

  const n = winner.nominationId;
  await db.updateTable("nominations").set({ citation: plantedText.citation }).where("id", "=", n).execute();
  await db.updateTable("nomination_stories").set({ body: plantedText.story, quote: plantedText.quote }).where("nomination_id", "=", n).execute();
  await db.updateTable("nomination_photos").set({ caption: plantedText.caption }).where("nomination_id", "=", n).execute();
  await db.updateTable("nomination_metrics").set({ source: plantedText.source }).where("nomination_id", "=", n).execute();
  await db.updateTable("ratifications").set({ tie_reason: plantedText.reason }).where("campaign_id", "=", roll.campaign_id).execute();
  // The committee's comment on every step of its history.
  await db.updateTable("nomination_events").set({ comment: plantedText.comment }).where("nomination_id", "=", n).execute();
  const person = winner.nominees[0].personId;
  const author = await db
    .selectFrom("people")
    .select("id")
    .where("id", "<>", person)
    .where("status", "=", "active")
    .orderBy("id")
    .limit(1)
    .executeTakeFirstOrThrow();
  await db.deleteFrom("congratulations").where("nomination_id", "=", n).where("author_id", "=", author.id).execute();
  await db
    .insertInto("congratulations")
    .values({ nomination_id: n, person_id: person, author_id: author.id, message: plantedText.congratulation })
    .execute();
  return { campaignId: roll.campaign_id, nominationId: n, employeeNos: winner.nominees.map((p) => p.employeeNo) };
}

const fullWidthDigits = /[\uFF10-\uFF19]/g;

/**
 * The text as a reader could take a number from it: HTML and XML character
 * references decoded, full-width digits read as ASCII. Then three readings:
 * as it is, without spaces, dashes and dots, and its digits alone.
 */
function readings(text: string): string[] {
  const decoded = text
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(fullWidthDigits, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return [decoded, decoded.replace(/[\s\-.·\u00a0\u3000]+/g, ""), decoded.replace(/\D+/g, "")];
}

/** None of the planted numbers is in `text`, however it is read. */
export function expectNoPersonalData(text: string, where: string): void {
  for (const reading of readings(text)) {
    for (const [kind, number] of Object.entries(personalData)) {
      expect(reading.includes(number), `${where}: the ${kind} ${number} is readable`).toBe(false);
    }
  }
  // The grouped forms as typed, in case a reading above merged them differently.
  for (const grouped of ["138 1234 5678", "138-1234-5678", "6222 0212 3456 7890 128", "440106 19500101 1237"]) {
    expect(text.includes(grouped), `${where}: ${grouped} is readable`).toBe(false);
  }
}
