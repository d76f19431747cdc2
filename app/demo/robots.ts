import { sql } from "kysely";
import type { Db } from "../../db/client";

// One group robot for the demo (issue 17): the hotline centre's WeCom group,
// registered for what robots announce, but switched off and with a key that
// is no one's, so it points nowhere until an administrator edits it at
// /admin/robots. The demo's honour rolls were published before it existed:
// it has no messages of its own.

export const demoRobot = {
  unit: "GD.10000",
  name: "10000号客服中心工作群",
  webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-demo-0000-0000-replace000000",
} as const;

export async function seedRobot(db: Db): Promise<void> {
  const unit = await db.selectFrom("org_units").select("id").where("code", "=", demoRobot.unit).executeTakeFirst();
  if (!unit) return;
  const exists = await db.selectFrom("robots").select("id").where("org_unit_id", "=", unit.id).where("name", "=", demoRobot.name).executeTakeFirst();
  if (exists) return;
  await db
    .insertInto("robots")
    .values({
      org_unit_id: unit.id,
      name: demoRobot.name,
      platform: "wecom",
      webhook_url: demoRobot.webhookUrl,
      locale: "zh-CN",
      events: sql<string[]>`array['voting-opened', 'publicity-started', 'honor-roll-published', 'honor-roll-corrected']::text[]`,
      enabled: false,
    })
    .execute();
}
