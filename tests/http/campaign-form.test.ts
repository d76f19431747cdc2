import { expect, test } from "vitest";
import { type Locale } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { signedInClient, useServer, visibleText } from "../support/server";

// The campaign form over HTTP, no script, in English and Chinese (issue 14,
// items 11 and 12): K per title and the committee's quorum, refused with the
// reason and the form kept, and shown on the campaign's page.

const app = useServer();
const admin = (language: Locale) => signedInClient(app.server, "admin", language);

const form = (over: Record<string, string> = {}) =>
  new URLSearchParams({
    slug: "k-per-title",
    nameZh: "每称号票数评选",
    nameEn: "K per title",
    periodStart: "2027-01-01",
    periodEnd: "2027-03-31",
    unitCode: "GD",
    "offers[0].title": "best-service-star",
    "offers[0].offered": "on",
    "offers[0].winners": "1",
    "offers[0].votesPerVoter": "1",
    "offers[1].title": "outstanding-service-star",
    "offers[1].offered": "on",
    "offers[1].winners": "5",
    "offers[1].votesPerVoter": "3",
    mayChangeBallot: "on",
    talliesHidden: "on",
    publicityDays: "5",
    committeeQuorum: "2",
    ...over,
  });

test("the form asks for each title's votes per voter and the committee's quorum (two by default), in English and Chinese", async () => {
  for (const language of ["en", "zh-CN"] as const) {
    const html = await (await (await admin(language)).get("/admin/campaigns/new")).text();
    const text = visibleText(html);
    expect(text).toContain(translate(language, "campaigns.form.votes", { title: language === "en" ? "Best Service Star" : "最佳服务明星" }));
    expect(text).toContain(translate(language, "campaigns.form.quorum"));
    expect(text).toContain(translate(language, "campaigns.form.quorum.hint"));
    expect(html).toMatch(/<input[^>]*name="committeeQuorum"[^>]*value="2"/);
    expect(html).toMatch(/<input[^>]*name="offers\[0\]\.votesPerVoter"[^>]*value="1"/);
  }
});

test("a quorum of ten and a title's K of zero are refused, in the reader's language, and what was typed is kept", async () => {
  for (const language of ["en", "zh-CN"] as const) {
    const r = await (
      await admin(language)
    ).post("/admin/campaigns/new", form({ committeeQuorum: "10", "offers[1].votesPerVoter": "0", nameEn: "Kept as typed" }));
    expect(r.status).toBe(400);
    const html = await r.text();
    const text = visibleText(html);
    expect(text).toContain(translate(language, "campaigns.quorum.invalid"));
    expect(text).toContain(translate(language, "campaigns.votes.invalid"));
    expect(html).toContain('value="Kept as typed"');
    expect(html).toMatch(/<input[^>]*name="committeeQuorum"[^>]*value="10"/);
  }
  expect((await (await admin("en")).get("/campaigns/k-per-title")).status).toBe(404);
});

test("a campaign created with K per title and a quorum of two shows both on its page", async () => {
  const c = await admin("en");
  const r = await c.post("/admin/campaigns/new", form());
  expect(r.status).toBe(302);
  expect(r.headers.get("location")).toBe("/admin/campaigns/k-per-title");
  const en = visibleText(await (await c.get("/campaigns/k-per-title")).text());
  expect(en).toContain(`${translate("en", "campaigns.offered.winners", { count: 1 })} · ${translate("en", "campaigns.offered.votes", { count: 1 })}`);
  expect(en).toContain(`${translate("en", "campaigns.offered.winners", { count: 5 })} · ${translate("en", "campaigns.offered.votes", { count: 3 })}`);
  expect(en).toContain(translate("en", "campaigns.rules.quorum", { count: 2 }));
  const zh = visibleText(await (await (await admin("zh-CN")).get("/campaigns/k-per-title")).text());
  expect(zh).toContain(translate("zh-CN", "campaigns.offered.votes", { count: 3 }));
  expect(zh).toContain(translate("zh-CN", "campaigns.rules.quorum", { count: 2 }));
});
