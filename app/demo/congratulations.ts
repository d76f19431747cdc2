import type { Db } from "../../db/client";
import { seededRandom } from "./random";

// Colleagues' congratulations (点赞) on the published demo winners, so their
// profile pages show some. Written as rows, not through the congratulate()
// use-case: this is demo data for a table whose rules are its constraints
// (migration 202612020100: one per colleague and honour, never to oneself, a
// message of at most 100 characters, hidden_at and hidden_by together), so
// the seed does not depend on that use-case. The same authors and words on
// every run; a row that exists is left as it is.

/** The published demo rolls whose winners are congratulated. */
export const congratulatedRolls = ["2025-annual", "2026-q3"] as const;

/** Short lines some colleagues add; the rest send a plain 点赞. */
const lines = [
  "恭喜！实至名归。",
  "为你骄傲，继续加油！",
  "客户记得你的名字，这就是最好的奖。",
  "向你学习！",
  "实至名归，辛苦了！",
  "全班都为你高兴！",
  "谢谢你那次帮我顶班，恭喜！",
  "恭喜恭喜，下次夜班我请你喝奶茶。",
  "你教我的那几招我一直在用，谢谢你。",
  "名副其实的服务之星！",
] as const;

/** Demo accounts who congratulate a winner, with what they write: shown when they sign in. */
const fromAccounts: ReadonlyArray<{ author: string; person: string; message: string | null }> = [
  { author: "GD000004", person: "GD000007", message: "台风那晚你一个人顶了五个小时，一台都记得。恭喜！" },
  { author: "GD000001", person: "GD000004", message: "暴雨那几天的回访，客户到现在还在夸。恭喜嘉朗！" },
  { author: "GD000001", person: "GD000360", message: "三问定位法已经在全中心推广了，谢谢陈敏！" },
  { author: "GD000002", person: "GD000392", message: "相册帮了新同事大忙，恭喜树森！" },
  { author: "GD000002", person: "GD000005", message: null },
  { author: "GD000003", person: "GD000223", message: "最挑剔的客户，也是最用心的同事。" },
];

/** The congratulation its person hid (a plain one on the demo agent's own honour, so he finds it on his profile). */
const hidden = { person: "GD000004", author: "GD000541" };

export async function seedCongratulations(db: Db): Promise<number> {
  const honours = await db
    .selectFrom("honor_roll_entries as e")
    .innerJoin("campaigns as c", "c.id", "e.campaign_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .innerJoin("org_units as u", "u.id", "p.org_unit_id")
    .select(["e.nomination_id", "e.person_id", "p.employee_no", "u.code"])
    .where("c.slug", "in", [...congratulatedRolls])
    .distinct()
    .orderBy("e.nomination_id")
    .orderBy("e.person_id")
    .execute();
  if (honours.length === 0) return 0;
  const staff = await db
    .selectFrom("people as p")
    .innerJoin("org_units as u", "u.id", "p.org_unit_id")
    .select(["p.id", "p.employee_no", "u.code"])
    .where("p.status", "=", "active")
    .orderBy("p.employee_no")
    .execute();
  const idOf = new Map(staff.map((p) => [p.employee_no, p.id]));
  const rng = seededRandom(2026_12_02);
  const rows: Array<{
    nomination_id: number;
    person_id: number;
    author_id: number;
    message: string | null;
    hidden_at: Date | null;
    hidden_by: number | null;
  }> = [];

  for (const h of honours) {
    const own = fromAccounts.filter((a) => a.person === h.employee_no && idOf.has(a.author));
    const authors = new Map<number, string | null>(own.map((a) => [idOf.get(a.author)!, a.message]));
    const hider = hidden.person === h.employee_no ? idOf.get(hidden.author) : undefined;
    if (hider !== undefined) authors.set(hider, null);
    // Colleagues nearby congratulate first: the same team, then the same centre or branch.
    const team = h.code;
    const parent = team.split(".").slice(0, -1).join(".");
    const weighted = staff
      .filter((p) => p.id !== h.person_id && !authors.has(p.id))
      .map((p) => [p, p.code === team ? 6 : parent && p.code.startsWith(`${parent}.`) ? 2 : 0.3] as const);
    const count = rng.int(3, 12);
    while (authors.size < count && weighted.length) {
      const i = rng.weighted(weighted.map((w, index) => [index, w[1]] as const));
      const [author] = weighted.splice(i, 1)[0];
      authors.set(author.id, rng.next() < 0.5 ? rng.pick(lines) : null);
    }
    for (const [author, message] of authors) {
      const isHidden = author === hider;
      rows.push({
        nomination_id: h.nomination_id,
        person_id: h.person_id,
        author_id: author,
        message,
        hidden_at: isHidden ? new Date() : null,
        hidden_by: isHidden ? h.person_id : null,
      });
    }
  }
  const added = await db
    .insertInto("congratulations")
    .values(rows)
    .onConflict((oc) => oc.columns(["nomination_id", "person_id", "author_id"]).doNothing())
    .returning("id")
    .execute();
  return added.length;
}
