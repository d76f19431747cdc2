import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadUser } from "../../app/domain/auth/auth.server";
import { exportMyData } from "../../app/domain/people/my-data.server";
import { deliverDueEmails } from "../../app/domain/notifications/email.server";
import { inboxPage } from "../../app/domain/notifications/inbox.server";
import { robotRequest } from "../../app/domain/notifications/robot-payloads.server";
import { robotText } from "../../app/domain/notifications/robot-delivery.server";
import { rollShareSource, winnerShareSource } from "../../app/domain/publishing/share-sources.server";
import { openMailer } from "../../app/mail/mailer.server";
import { rollCard, winnerCard } from "../../app/published/share-image";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { bilingual, given, makeDue, withJobQueues } from "../support/notifications";
import { expectNoPersonalData, masks, personalData, plantedText, plantPersonalData, type Planted } from "../support/privacy";
import { value } from "../support/result";
import { withServerDatabase } from "../support/server-database";
import { demoAccount, signedInClient, useServer, type Client } from "../support/server";

// Issue 19, item 4: nothing unmasked leaves. A published roll's winner gets a
// mobile, an ID number and a bank card in their citation, story, customer
// quote, photo caption and metric source — written with SQL into the stored
// snapshot and the nomination's rows, as text from before the guard (or from
// a path around the forms) would be — and every output is read back: the
// roll page, print poster, screen, share images' text, the Atom feed, the
// results page and its CSV/JSON, the profile, the home page, the nomination's
// own page and the committee's queue, the winner's download of their own data
// (/settings/my-data), and notifications (the portal's list,
// an email's text and HTML, a group robot's message). None shows the numbers,
// as typed, without separators or as digits alone; the masks are there.

const slug = "2026-q3";
const app = useServer();
let planted: Planted;
let staff: Client;
let admin: Client;
let committee: Client;
const shareText: string[] = [];
let myData = "";

beforeAll(async () => {
  const staffNo = demoAccount("staff").employeeNo;
  await withServerDatabase(app.server, async (db) => {
    planted = await plantPersonalData(db, slug);
    const staffId = (await db.selectFrom("people").select("id").where("employee_no", "=", staffNo).executeTakeFirstOrThrow()).id;
    await given(db, "nomination-returned", [staffId], {
      params: {
        campaign: bilingual("2026年第三季度", "2026 Q3"),
        nominee: "梁晓岚",
        title: bilingual("服务之星", "Service Star"),
        comment: plantedText.comment,
      },
      link: `/campaigns/${slug}/nominations/${planted.nominationId}`,
    });
    // What the share images are drawn from: the text handed to the renderer, in both languages.
    const roll = value(await rollShareSource(db, { slug }));
    const winner = value(await winnerShareSource(db, { slug, nominationId: planted.nominationId }));
    const { snapshot } = await winner.load();
    // The winner's download of their own data (/settings/my-data): the nomination about them, the congratulation.
    const winnerPerson = await db.selectFrom("people").select("id").where("employee_no", "=", planted.employeeNos[0]).executeTakeFirstOrThrow();
    myData = JSON.stringify(value(await exportMyData(db, (await loadUser(db, winnerPerson.id))!)));
    for (const locale of ["zh-CN", "en"] as const) {
      shareText.push(JSON.stringify(rollCard(await roll.load(), locale)), JSON.stringify(winnerCard(snapshot, planted.nominationId, locale)));
    }
  });
  [staff, admin, committee] = await Promise.all([
    signedInClient(app.server, "staff", "zh-CN"),
    signedInClient(app.server, "admin", "en"),
    signedInClient(app.server, "committee", "zh-CN"),
  ]);
}, 600_000);

async function page(c: Client, path: string): Promise<string> {
  const r = await c.get(path);
  expect(r.status, path).toBe(200);
  return r.text();
}

/** The planted text reached the output (masked): a mobile's mask, and the others where the output carries more than the citation. */
function expectMasks(text: string, where: string, kinds: ReadonlyArray<keyof typeof masks> = ["mobile"]) {
  for (const kind of kinds) expect(text, `${where}: the ${kind}'s mask`).toContain(masks[kind]);
}

describe("a published roll with personal data stored in it", () => {
  test("the roll page, the print poster and every slide of the screen show only masks", async () => {
    const roll = await page(staff, `/honor-roll/${slug}`);
    expectNoPersonalData(roll, "roll page");
    expectMasks(roll, "roll page");
    const print = await page(staff, `/honor-roll/${slug}/print`);
    expectNoPersonalData(print, "print poster");
    expectMasks(print, "print poster");
    let shown = false;
    for (let slide = 0; slide < 12; slide++) {
      const r = await staff.get(`/honor-roll/${slug}/screen?slide=${slide}&pause=1`);
      if (r.status !== 200) break;
      const html = await r.text();
      expectNoPersonalData(html, `screen slide ${slide}`);
      shown ||= html.includes(masks.mobile);
    }
    expect(shown, "the winner's slide shows the masked citation").toBe(true);
  });

  test("the share images are drawn from masked text, and still drawn", async () => {
    expect(shareText).toHaveLength(4);
    for (const text of shareText) expectNoPersonalData(text, "share image source");
    expectMasks(shareText[1], "winner's share image");
    const png = await staff.get(`/honor-roll/${slug}/winners/${planted.nominationId}/share.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
  });

  test("the Atom feed and the list of rolls carry no personal data", async () => {
    const feed = await page(staff, "/honor-roll/feed.atom");
    expect(feed).toContain("<feed");
    expectNoPersonalData(feed, "Atom feed");
    expectNoPersonalData(await page(staff, "/honor-roll"), "list of rolls");
  });

  test("the winner's profile shows the story, quote, caption, source and a colleague's congratulation masked", async () => {
    const profile = await page(staff, `/people/${planted.employeeNos[0]}`);
    expectNoPersonalData(profile, "profile");
    expectMasks(profile, "profile", ["mobile", "idCard", "bankCard"]);
  });

  test("the home page's roll and the home page carry no personal data", async () => {
    for (const c of [staff, admin, committee]) expectNoPersonalData(await page(c, "/"), "home page");
  });

  test("the nomination's own page shows its evidence and history masked; the committee's queue its citation", async () => {
    const path = `/campaigns/${slug}/nominations/${planted.nominationId}`;
    for (const c of [staff, committee]) {
      const html = await page(c, path);
      expectNoPersonalData(html, "nomination page");
      expectMasks(html, "nomination page", ["mobile", "idCard", "bankCard"]);
    }
    expectNoPersonalData(await page(committee, `/campaigns/${slug}/review`), "review queue");
    expectNoPersonalData(await page(staff, `/campaigns/${slug}`), "campaign page");
  });

  test("the results page and its CSV and JSON exports show the tie reason masked", async () => {
    const results = await page(admin, `/campaigns/${slug}/results`);
    expectNoPersonalData(results, "results page");
    expectMasks(results, "results page", ["mobile", "idCard"]);
    for (const format of ["csv", "json"]) {
      const r = await admin.get(`/campaigns/${slug}/results.${format}`);
      expect(r.status).toBe(200);
      const text = await r.text();
      expectNoPersonalData(text, `results.${format}`);
    }
    const json = JSON.parse(await (await admin.get(`/campaigns/${slug}/results.json`)).text()) as {
      titles: Array<{ ratification: { tieReason: string | null } | null }>;
    };
    const reasons = json.titles.map((t) => t.ratification?.tieReason).filter(Boolean);
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expectMasks(reason!, "results.json tie reason", ["mobile", "idCard"]);
  });

  test("a winner's download of their own data carries the nomination's text and the congratulation masked", () => {
    expectNoPersonalData(myData, "my data");
    expectMasks(myData, "my data", ["mobile", "idCard", "bankCard"]);
  });

  test("the portal's list of notifications shows the committee's comment masked", async () => {
    const list = await page(staff, "/notifications");
    expectNoPersonalData(list, "notifications");
    expectMasks(list, "notifications", ["mobile", "idCard", "bankCard"]);
  });
});

describe("notifications composed from stored params with personal data", () => {
  let t: TestDb;
  let person: { id: number };
  beforeAll(async () => {
    t = await createTestDb();
    await withJobQueues(t);
    await givenUnit(t.db, "GD");
    person = await givenPerson(t.db, { unit: "GD", email: "li.na@example.com", password: null });
  }, 120_000);
  afterAll(() => t?.close());

  const returned = {
    campaign: bilingual("2026年第三季度", "2026 Q3"),
    nominee: "梁晓岚",
    title: bilingual("服务之星", "Service Star"),
    comment: plantedText.comment,
  };

  test("an email's subject, text and HTML and the portal's list carry only masks", async () => {
    await given(t.db, "nomination-returned", [person.id], { params: returned });
    await makeDue(t.db);
    const mailer = openMailer({ smtpUrl: undefined, from: "Service Stars <stars@example.com>", publicUrl: "https://stars.example.com" });
    try {
      expect(await deliverDueEmails(t.db, mailer, { now: () => new Date("2026-12-06T04:00:00.000Z") })).toMatchObject({ sent: 1 });
    } finally {
      await mailer.close();
    }
    const kept = await t.db.selectFrom("mail_outbox").select(["subject", "text", "html"]).executeTakeFirstOrThrow();
    for (const [part, text] of Object.entries(kept)) expectNoPersonalData(text, `email ${part}`);
    expectMasks(kept.text, "email text", ["mobile", "idCard", "bankCard"]);
    expectMasks(kept.html, "email HTML", ["mobile", "idCard", "bankCard"]);

    const user = { id: person.id } as Parameters<typeof inboxPage>[1];
    const inbox = await inboxPage(t.db, user, "zh-CN", 1);
    expect(inbox.notices).toHaveLength(1);
    expectNoPersonalData(JSON.stringify(inbox), "portal list");
    expectMasks(inbox.notices[0].body, "portal list", ["mobile", "idCard", "bankCard"]);
  });

  test("a group robot's message about the winners carries only masks, on every platform", async () => {
    // A team named with a customer's number (no form stops a team name yet).
    const team = `回访小组${personalData.mobile}`;
    const message = {
      kind: "honor-roll-published",
      params: { campaign: bilingual("2026年第三季度", "2026 Q3"), winners: [team, "梁晓岚"] },
      link: `/honor-roll/${slug}`,
    };
    const settings = { allowedHosts: [], publicUrl: "https://stars.example.com", publicUrlSet: true };
    for (const locale of ["zh-CN", "en"] as const) {
      const text = await robotText(t.db, settings, locale, message);
      expectMasks(text.body, "robot body");
      for (const platform of ["wecom", "dingtalk", "feishu"] as const) {
        const request = robotRequest(
          { platform, webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", secret: "s" },
          text,
          new Date(),
        );
        expectNoPersonalData(request.body, `${platform} robot message`);
        expect(request.body).toContain(masks.mobile);
      }
    }
  });
});
