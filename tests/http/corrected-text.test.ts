import { beforeAll, describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { publishBody, publishFormOf, type PublishFormWinner } from "../support/publish";
import { signedInClient, useServer, visibleText, type Client } from "../support/server";

// Issue 14, item 7, over HTTP without script, on the demo's published
// 2026-q3: the administrator corrects the first winner's citation and story
// on the correction form; the nomination page (which kept the old citation)
// and the winner's profile then show the corrected text, each with the
// correction's version and reason, in both languages. A second correction
// withdraws the story: it is on neither page any more.

const app = useServer();
const slug = "2026-q3";
const publishPage = `/admin/campaigns/${slug}/publish`;
const squeezed = (s: string) => s.replace(/\s+/g, "");
const escaped = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

describe("a correction's citation and story reach the nomination page and the profile", () => {
  let admin: Client;
  let readers: Record<"zh-CN" | "en", Client>;
  let first: PublishFormWinner;
  let nominationPage: string;
  let profilePage: string;
  beforeAll(async () => {
    admin = await signedInClient(app.server, "admin", "zh-CN");
    readers = { "zh-CN": await signedInClient(app.server, "staff", "zh-CN"), en: await signedInClient(app.server, "staff", "en") };
    first = publishFormOf(await (await admin.get(publishPage)).text())[0];
    nominationPage = `/campaigns/${slug}/nominations/${first.nominationId}`;
    const html = await (await readers.en.get(nominationPage)).text();
    profilePage = /href="(\/people\/[^"]+)"/.exec(html.slice(html.indexOf("nominee-list")))![1];
  }, 120_000);

  test("the correction form offers the published story's heading and text, and a box to withdraw it", () => {
    expect(first.stories?.length).toBeGreaterThan(0);
    expect(first.stories![0].body.length).toBeGreaterThan(20);
    expect(first.stories![0].withdrawn).toBe(false);
  });

  test("a story left empty is refused on its box, in the reader's language, with what was typed kept; nothing published", async () => {
    const empty = [{ ...first, stories: first.stories!.map((s, j) => (j === 0 ? { ...s, heading: "改过的标题", body: "" } : s)) }];
    const r = await admin.post(publishPage, publishBody("correct", empty, "更正事迹的措辞。"));
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(visibleText(html)).toContain(translate("zh-CN", "evidence.story.empty"));
    expect(publishFormOf(html)[0].stories![0].heading).toBe("改过的标题");
    expect(visibleText(await (await admin.get(publishPage)).text())).not.toContain("更正事迹的措辞。");
  });

  test("after a correction of the citation and the story, both pages show the corrected text with the version and the reason, in both languages", async () => {
    const oldStory = first.stories![0].body;
    const citation = `${first.citation}（数据已核实）`;
    const story = "这段事迹已删去客户的住址和电话，其余内容不变。";
    const reason = "事迹中写了客户的住址，删去后重新发布。";
    const edited = [{ ...first, citation, stories: first.stories!.map((s, j) => (j === 0 ? { ...s, body: story } : s)) }];
    const r = await admin.post(publishPage, publishBody("correct", edited, reason));
    expect(r.status).toBe(302);
    // The version just published: one per entry in the page's history.
    const version = ((await (await admin.get(publishPage)).text()).match(/class="publish__version"/g) ?? []).length;
    expect(version).toBeGreaterThanOrEqual(2);

    for (const language of ["zh-CN", "en"] as const) {
      for (const path of [nominationPage, profilePage]) {
        const res = await readers[language].get(path);
        expect(res.status).toBe(200);
        const html = await res.text();
        expect(html).toContain(escaped(citation));
        expect(html).toContain(story);
        expect(html).not.toContain(escaped(oldStory.split("\n")[0]!));
        // The reason is marked with its language (a tag of its own): compared without spaces.
        const text = squeezed(visibleText(html));
        expect(text).toContain(squeezed(translate(language, "honorRoll.corrected.citation", { version, reason })));
        expect(text).toContain(squeezed(translate(language, "honorRoll.corrected.stories", { version, reason })));
      }
    }
  });

  test("a story withdrawn by a further correction is on neither page", async () => {
    const now = publishFormOf(await (await admin.get(publishPage)).text())[0];
    const story = now.stories![0].body;
    const withdrawn = [{ ...now, stories: now.stories!.map((s, j) => (j === 0 ? { ...s, withdrawn: true } : s)) }];
    expect((await admin.post(publishPage, publishBody("correct", withdrawn, "该事迹未经本人同意，撤下。"))).status).toBe(302);
    for (const path of [nominationPage, profilePage]) {
      const html = await (await readers.en.get(path)).text();
      expect(html).not.toContain(story);
      expect(visibleText(html)).toContain("该事迹未经本人同意，撤下。");
    }
  });
});
