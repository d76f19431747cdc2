import { sql } from "kysely";
import { pinyin } from "pinyin-pro";
import type { Db } from "../../../db/client";
import { firstGrapheme } from "../text";

/**
 * The pinyin key of a name: syllables with spaces (for sorting), run together
 * and as initials (for search): 邱俊廷 → "qiu jun ting|qiujunting|qjt".
 * Latin names are kept, lower-cased. `surname: "head"` reads 单 as shan, 曾 as zeng.
 * A character pinyin-pro does not know (𠮷, 𪚥: Extension B) stays itself,
 * and is its own initial: 吉𠮷祥 → "ji 𠮷 xiang|ji𠮷xiang|j𠮷x".
 */
export function nameKey(name: string): string {
  const syllables = pinyin(name, { toneType: "none", type: "array", surname: "head", nonZh: "consecutive" })
    .flatMap((s) => s.toLowerCase().split(/\s+/))
    .filter(Boolean);
  return `${syllables.join(" ")}|${syllables.join("")}|${syllables.map(firstGrapheme).join("")}`;
}

/** Fills missing keys (rows written before the column existed, or by SQL alone). */
export async function backfillNameKeys(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await db.selectFrom("people").select(["id", "name"]).where("name_pinyin", "=", "").limit(1000).execute();
    if (rows.length === 0) return total;
    await sql`
      update people set name_pinyin = v.key
      from (select * from unnest(${rows.map((r) => r.id)}::int[], ${rows.map((r) => nameKey(r.name))}::text[]) as t(id, key)) v
      where people.id = v.id
    `.execute(db);
    total += rows.length;
  }
}
