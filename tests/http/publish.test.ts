import { beforeAll, describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { endPublicity, publishBody, publishFormOf, ratifyAllOverHttp, type PublishFormWinner } from "../support/publish";
import { closedDemoCampaign, demoCampaignNames } from "../support/published-demo";
import { signedInClient, useServer, visibleText, type Client, type DemoRole } from "../support/server";

// The publish / correct page over HTTP, no script, on the demo's 2026-10
// (closed, awaiting ratification, a tie at one title's cut-off): refused to
// everyone but the administrator; says why it cannot be published yet; the
// committee ratifies, the publicity period passes; bad choices are refused
// in the user's language with nothing stored; then the administrator
// publishes with a chosen photo and corrects with a reason.

const app = useServer();
const slug = closedDemoCampaign;
const page = `/admin/campaigns/${slug}/publish`;

const signedIn = (role: DemoRole, language = "zh-CN") => signedInClient(app.server, role, language);

const textOf = async (r: Response) => visibleText(await r.text());

describe("publishing 2026-10", () => {
  let admin: Client;
  let committee: Client;
  let staff: Client;
  beforeAll(async () => {
    [admin, committee, staff] = await Promise.all([signedIn("admin"), signedIn("committee"), signedIn("staff")]);
  }, 60_000);

  test("staff and the committee are refused the page and its action (403), and nothing is published", async () => {
    for (const c of [staff, committee]) {
      expect((await c.get(page)).status).toBe(403);
      expect((await c.get("/admin/campaigns/2026-q3/publish")).status).toBe(403);
      expect((await c.post(page, publishBody("publish", []))).status).toBe(403);
      expect((await c.post("/admin/campaigns/2026-q3/publish", publishBody("correct", [], "评审想改一下照片。"))).status).toBe(403);
    }
    expect(visibleText(await (await admin.get(page)).text())).toContain(translate("zh-CN", "publish.page.versions.none"));
  });

  test("before ratification the administrator is told why, in Chinese, before choosing anything", async () => {
    const r = await admin.get(page);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(visibleText(html)).toContain(translate("zh-CN", "publish.page.blocked"));
    expect(visibleText(html)).toContain(translate("zh-CN", "campaigns.move.notRatified"));
    expect(publishFormOf(html)).toEqual([]);
    // A campaign still voting has nothing to publish: said, not an error page.
    const voting = await admin.get("/admin/campaigns/2026-11/publish");
    expect(voting.status).toBe(409);
    expect(await textOf(voting)).toContain(translate("zh-CN", "publishing.notClosed"));
  });

  test("after ratification the publicity period stands in the way, and a publication is refused with the reason", async () => {
    expect(await ratifyAllOverHttp(committee, slug, "两人同票，评审委员会按投诉处理时长选定。")).toEqual([302, 302]);
    expect(await textOf(await admin.get(page))).toContain(translate("zh-CN", "campaigns.move.publicity"));
    const r = await admin.post(page, publishBody("publish", []));
    expect(r.status).toBe(409);
    expect(await textOf(r)).toContain(translate("zh-CN", "campaigns.move.publicity"));
  });

  describe("once the publicity period is over", () => {
    let winners: PublishFormWinner[];
    beforeAll(async () => {
      await endPublicity(app.server, slug);
      const html = await (await admin.get(page)).text();
      winners = publishFormOf(html);
    }, 120_000);

    test("the form offers every ratified winner with photos (or none) and metrics, the defaults chosen", () => {
      expect(winners).toHaveLength(3);
      for (const w of winners) {
        expect(w.photos[0]).toBe("none");
        expect(w.photos.length).toBeGreaterThan(1);
        expect(w.photo).toBe(w.photos[1]);
        expect(w.metricIds.length).toBeGreaterThan(0);
        expect(w.metricIds.length).toBeLessThanOrEqual(3);
      }
    });

    test("four headline metrics are refused in Chinese, nothing is published, and the ticks are kept", async () => {
      const tooMany = winners.map((w, i) => (i === 0 ? { ...w, metricIds: [...w.metrics, winners[1].metrics[0]] } : w));
      expect(tooMany[0].metricIds).toHaveLength(4);
      const r = await admin.post(page, publishBody("publish", tooMany));
      expect(r.status).toBe(400);
      const html = await r.text();
      expect(visibleText(html)).toContain(translate("zh-CN", "publishing.choice.metrics"));
      expect(publishFormOf(html)[0].metricIds).toEqual(winners[0].metrics);
      const again = await (await admin.get(page)).text();
      expect(visibleText(again)).toContain(translate("zh-CN", "publish.page.versions.none"));
    });

    test("a photo of another winner is refused in the user's language, nothing is published, and the choice is kept", async () => {
      const theirs = winners[1].photos[1];
      const wrong = winners.map((w, i) => (i === 0 ? { ...w, photo: theirs } : w));
      for (const [c, language] of [
        [admin, "zh-CN"],
        [await signedIn("admin", "en"), "en"],
      ] as const) {
        const r = await c.post(page, publishBody("publish", wrong));
        expect(r.status).toBe(400);
        const html = await r.text();
        expect(visibleText(html)).toContain(translate(language, "publishing.choice.photo"));
        expect(visibleText(html)).toContain(translate(language, "publish.page.versions.none"));
      }
    });

    test("the administrator publishes with a chosen photo and metrics: back on the publish page with a notice, version 1 holds the choices", async () => {
      const chosen = winners.map((w, i) => (i === 0 ? { ...w, photo: "none", metricIds: [w.metrics.at(-1)!] } : w));
      const r = await admin.post(page, publishBody("publish", chosen));
      expect(r.status).toBe(302);
      expect(r.headers.get("location")).toBe(`/admin/campaigns/${slug}/publish`);
      expect(r.headers.getSetCookie().some((c) => c.startsWith("__notice="))).toBe(true);

      const html = await (await admin.get(page)).text();
      const text = visibleText(html);
      expect(text).toContain(translate("zh-CN", "publish.page.title.correct", { campaign: demoCampaignNames().nameZh }));
      expect(text).toContain(translate("zh-CN", "publish.page.versions.first"));
      const now = publishFormOf(html);
      expect(now.map((w) => [w.photo, w.metricIds])).toEqual(chosen.map((w) => [w.photo, w.metricIds]));
      expect(await textOf(await staff.get(`/campaigns/${slug}/results`))).toContain(translate("zh-CN", "results.page.published"));
    });

    test("a correction without a reason is refused on the reason box, the edited citation kept; nothing published", async () => {
      const html = await (await admin.get(page)).text();
      const edited = publishFormOf(html).map((w, i) => (i === 1 ? { ...w, citation: `${w.citation}（已更正）` } : w));
      const r = await admin.post(page, publishBody("correct", edited, ""));
      expect(r.status).toBe(400);
      const answer = await r.text();
      expect(visibleText(answer)).toContain(translate("zh-CN", "publish.reason.invalid"));
      expect(publishFormOf(answer)[1].citation).toBe(edited[1].citation);
      expect(visibleText(await (await admin.get(page)).text())).not.toContain("（已更正）");
    });

    test("a correction with a reason publishes version 2 with it; version 1 stays in the history", async () => {
      const html = await (await admin.get(page)).text();
      const edited = publishFormOf(html).map((w, i) => (i === 1 ? { ...w, citation: `${w.citation}（已更正）` } : w));
      const reason = "颁奖词漏写了客户的表扬，补上。";
      const r = await admin.post(page, publishBody("correct", edited, reason));
      expect(r.status).toBe(302);
      expect(r.headers.get("location")).toBe(`/admin/campaigns/${slug}/publish`);
      const after = await (await admin.get(page)).text();
      expect(publishFormOf(after)[1].citation).toBe(edited[1].citation);
      const versions = [...after.matchAll(/class="publish__version">(?:<a [^>]*>)?([^<]*)<[\s\S]*?class="publish__reason">([^<]*)</g)].map((m) => [
        m[1],
        m[2],
      ]);
      expect(versions).toEqual([
        [translate("zh-CN", "publish.page.versions.version", { version: 2 }), reason],
        [translate("zh-CN", "publish.page.versions.version", { version: 1 }), translate("zh-CN", "publish.page.versions.first")],
      ]);
      // The same choices again change nothing: refused, not a version 3.
      const same = await admin.post(page, publishBody("correct", publishFormOf(after), "再发一次看看。"));
      expect(same.status).toBe(409);
      expect(await textOf(same)).toContain(translate("zh-CN", "publishing.unchanged"));
    });
  });
});
