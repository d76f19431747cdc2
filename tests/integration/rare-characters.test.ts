import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { HonorRollView } from "../../app/published/roll-page";
import { findNominees } from "../../app/domain/nominations/form.server";
import { saveNomination } from "../../app/domain/nominations/saving.server";
import { limits, nominationSchema } from "../../app/domain/nominations/schema";
import { maxStoryLength } from "../../app/domain/nominations/story";
import { nameKey } from "../../app/domain/people/name-key.server";
import { honorRoll, honorRollHead } from "../../app/domain/publishing/read-roll.server";
import { winnerCard, winnerScene } from "../../app/published/share-image";
import { honorRollShareImage, winnerShareImage } from "../../app/web/published.server";
import { shareTypeface } from "../../app/published/share-image.server";
import { resultsFor } from "../../app/domain/results/results.server";
import { makeT } from "../../app/i18n/all.server";
import { LocaleProvider } from "../../app/i18n/react";
import { allMessages } from "../../app/i18n/all.server";
import { resultsCsv } from "../../app/web/csv-export.server";
import type { Db } from "../../db/client";
import { createTestDb, type TestDb } from "../support/db";
import { aNomination, givenNominatingCampaign, moveTo, nominationsOf, type NominatingCampaign } from "../support/nominations";
import { givenRatifiedCampaign, type PublishingWorld } from "../support/publishing";

// 生僻字 through the whole life of a nomination: 𠮷 (U+20BB7) and 𪚥
// (U+2A6A5) are Extension B, two UTF-16 units each and one character to a
// reader and to PostgreSQL; 䶮 (U+4DAE) is Extension A, one unit.
const B = "𠮷";
const B2 = "𪚥";
const hasLoneSurrogate = (s: string) => /\p{Surrogate}/u.test(s);

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(() => t.close());

async function rename(employeeNo: string, name: string) {
  await db
    .updateTable("people")
    .set({ name, name_pinyin: nameKey(name) })
    .where("employee_no", "=", employeeNo)
    .execute();
}

describe("the database counts characters as the forms do", () => {
  test("a 200-character citation of 𠮷 is stored; 201 breaks the check", async () => {
    const w = await givenNominatingCampaign(db);
    const saved = await saveNomination(db, w.manager, w.slug, null, aNomination(w), { submit: false });
    if (!saved.ok) throw new Error(saved.error);
    const set = (citation: string) => db.updateTable("nominations").set({ citation }).where("id", "=", saved.value.id).execute();
    await set(B.repeat(200));
    await expect(set(B2.repeat(201))).rejects.toMatchObject({ code: "23514" });
    const { n } = await sql<{ n: number }>`select char_length(citation)::int as n from nominations where id = ${saved.value.id}`
      .execute(db)
      .then((r) => r.rows[0]);
    expect(n).toBe(200);
  });
});

describe("a nomination with rare characters", () => {
  let w: NominatingCampaign;
  beforeAll(async () => {
    w = await givenNominatingCampaign(db);
    await rename(w.alice.employeeNo, `吉${B}祥`);
  });

  test("the manager finds 吉𠮷祥 by the rare character and by pinyin", async () => {
    const by = async (q: string) => {
      const r = await findNominees(db, w.manager, w.slug, q);
      if (!r.ok) throw new Error(r.error);
      return r.value.map((p) => p.employeeNo);
    };
    expect(await by(B)).toEqual([w.alice.employeeNo]);
    expect(await by("xiang")).toEqual([w.alice.employeeNo]);
  });

  test("a citation and a story at their limits in 𠮷 and 𪚥 are saved whole, named by the rare name", async () => {
    const form = {
      title: w.star.slug,
      nominees: [`吉${B}祥`],
      citation: B.repeat(limits.citation),
      metrics: [{ templateId: w.star.requiredTemplateId, name: "客户满意度", value: 99.2, unit: "%", period: `${B2}期`, direction: "higher" }],
      stories: [
        { heading: B2.repeat(limits.heading), body: `${B2.repeat(maxStoryLength - 1)}䶮`, quote: B.repeat(limits.quote), quoteBy: `${B}婆婆` },
      ],
      intent: "submit",
    };
    const parsed = nominationSchema.safeParse(form);
    expect(parsed.success).toBe(true);
    const input = aNomination(w, {
      nominees: [`吉${B}祥`],
      citation: form.citation,
      stories: [
        {
          heading: form.stories[0].heading,
          body: form.stories[0].body,
          principles: [],
          quote: form.stories[0].quote,
          quoteBy: form.stories[0].quoteBy,
        },
      ],
    });
    const saved = await saveNomination(db, w.manager, w.slug, null, input, { submit: true });
    if (!saved.ok) throw new Error(`${saved.error} ${JSON.stringify(saved.vars)}`);
    const row = await db.selectFrom("nominations").select(["citation"]).where("id", "=", saved.value.id).executeTakeFirstOrThrow();
    expect(row.citation).toBe(B.repeat(200));
    const story = await db
      .selectFrom("nomination_stories")
      .select(["body", "heading"])
      .where("nomination_id", "=", saved.value.id)
      .executeTakeFirstOrThrow();
    expect(story.body).toBe(form.stories[0].body);
    expect(story.heading).toBe(B2.repeat(80));
  });

  test("one character more is refused by the form and by the domain with the same message, and nothing is stored", async () => {
    const before = await nominationsOf(db, w);
    const citation = `${B}`.repeat(limits.citation + 1);
    const parsed = nominationSchema.safeParse({ title: w.star.slug, nominees: [w.bob.employeeNo], citation });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.message)).toEqual(["nominations.citation.tooLong"]);
    const saved = await saveNomination(db, w.manager, w.slug, null, aNomination(w, { nominees: [w.bob.employeeNo], citation }), { submit: false });
    expect(saved).toMatchObject({ ok: false, error: "nominations.citation.tooLong", vars: { max: 200 } });
    const story = await saveNomination(
      db,
      w.manager,
      w.slug,
      null,
      aNomination(w, {
        nominees: [w.bob.employeeNo],
        stories: [{ heading: "", body: B.repeat(maxStoryLength + 1), principles: [], quote: null, quoteBy: null }],
      }),
      { submit: false },
    );
    expect(story).toMatchObject({ ok: false, error: "evidence.story.tooLong" });
    expect(await nominationsOf(db, w)).toEqual(before);
  });
});

describe("a published roll with rare names", () => {
  let w: PublishingWorld;
  const names = { alice: `吉${B}祥`, bob: B2, carol: "刘䶮" };
  beforeAll(async () => {
    w = await givenRatifiedCampaign(db);
    await rename(w.alice.employeeNo, names.alice);
    await rename(w.bob.employeeNo, names.bob);
    await rename(w.carol.employeeNo, names.carol);
    await db
      .updateTable("nominations")
      .set({ citation: `${B2}${B.repeat(199)}` })
      .where("id", "=", w.starAlice)
      .execute();
    await db
      .updateTable("nominations")
      .set({ team_name: `${B}${B2}先锋队` })
      .where("id", "=", w.modelTeam)
      .execute();
    await moveTo(db, w, "published");
  });

  const roll = async () => {
    const head = await honorRollHead(db, w.slug);
    if (!head.ok) throw new Error(head.error);
    return honorRoll(db, head.value);
  };

  test("the roll's page shows the names and the citation whole, marked as Chinese on an English page", async () => {
    const r = await roll();
    const winners = r.snapshot.titles.flatMap((x) => x.winners);
    expect(winners.flatMap((x) => x.nominees.map((p) => p.name))).toContain(names.alice);
    const html = renderToStaticMarkup(
      createElement(LocaleProvider, { value: "en", messages: allMessages }, createElement(HonorRollView, { roll: r })),
    );
    expect(html).toContain(names.alice);
    expect(html).toContain(`${B2}${B.repeat(199)}`);
    expect(html).toContain(`<h3 class="winner__name" id="winner-${w.starBob}"><a href="/people/${w.bob.employeeNo}" lang="zh-CN">${B2}</a></h3>`);
    expect(html).toContain(`aria-label="Photo of ${B2}" lang="zh-CN">${B2}</span>`);
    expect(html).toContain(`aria-label="Photo of ${names.alice}" lang="zh-CN">${B}祥</span>`);
    expect(hasLoneSurrogate(html)).toBe(false);
  });

  test("the share images draw without a crash; characters the font lacks become boxes, never half a character", async () => {
    const face = await shareTypeface();
    // The bundled subset (GB2312 and a list of name characters) has 䶮 but not 𠮷 or 𪚥: those are drawn as empty boxes.
    expect([B, B2].map((c) => face.advance(c, "bold"))).toEqual([null, null]);
    expect(face.advance("䶮", "bold")).toBeGreaterThan(0.9);
    const asked: string[] = [];
    const recording = { ...face, advance: (c: string, weight: "regular" | "bold") => (asked.push(c), face.advance(c, weight)) };
    const r = await roll();
    for (const locale of ["zh-CN", "en"] as const) {
      const card = winnerCard(r.snapshot, w.starAlice, locale)!;
      expect(card.initials).toBe(`${B}祥`);
      winnerScene(recording, card);
    }
    expect(asked).toContain(B);
    expect(asked.some(hasLoneSurrogate)).toBe(false);

    for (const job of [
      await winnerShareImage(db, { slug: w.slug, locale: "zh-CN", nominationId: w.starAlice }),
      await winnerShareImage(db, { slug: w.slug, locale: "en", nominationId: w.modelTeam }),
      await honorRollShareImage(db, { slug: w.slug, locale: "zh-CN" }),
    ]) {
      if (!job.ok) throw new Error(job.error);
      const png = await job.value.render();
      expect(await sharp(png).metadata()).toMatchObject({ format: "png", width: 1200, height: 630 });
    }
  });

  test("the results export carries the names whole, for Excel to read", async () => {
    const page = await resultsFor(db, w.committee, w.slug);
    if (!page.ok) throw new Error(page.error);
    for (const locale of ["zh-CN", "en"] as const) {
      const csv = resultsCsv(page.value, makeT(locale), locale);
      expect(hasLoneSurrogate(csv)).toBe(false);
      const rows = parse(Buffer.from(csv, "utf8"), { bom: true }) as string[][];
      const cells = rows.flat();
      expect(cells).toContain(names.alice);
      expect(cells).toContain(`${B}${B2}先锋队`);
      expect(cells.some((c) => c.includes(names.bob) && c.includes(names.carol))).toBe(true);
    }
  });
});
