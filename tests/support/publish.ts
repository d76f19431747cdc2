// Helpers for the publish page's HTTP and browser tests: time passing (the
// publicity period ends), and the publish form read from a page's HTML the
// way a browser would submit it.
import { sql } from "kysely";
import { createDb } from "../../db/client";
import type { Client, TestServer } from "./server";

/**
 * Days pass: the campaign's publicity period (公示) ends now. On PostgreSQL
 * beside the running server; PGlite is one connection held by the server, so
 * the server is stopped for the write and started again on the same data
 * (sessions are in the database: everyone stays signed in).
 */
export async function endPublicity(server: TestServer, slug: string): Promise<void> {
  const write = async (handle: Awaited<ReturnType<typeof createDb>>) => {
    try {
      await handle.db
        .updateTable("campaigns")
        .set({ publicity_ends_at: sql<Date>`now() - interval '1 minute'` })
        .where("slug", "=", slug)
        .execute();
    } finally {
      await handle.close();
    }
  };
  if (server.kind === "pg") return write(await createDb({ databaseUrl: server.databaseUrl!, poolSize: 1 }));
  await server.kill("SIGTERM");
  await write(await createDb({ dataDir: server.dataDir! }));
  await server.restart();
}

/**
 * The committee ratifies every title of a closed campaign as the results page
 * proposes, giving a reason where equal votes straddle the cut-off (the
 * reason box asks for one only then). Returns the answers' statuses.
 */
export async function ratifyAllOverHttp(committee: Client, slug: string, tieReason: string): Promise<number[]> {
  const results = `/campaigns/${slug}/results`;
  const html = await (await committee.get(results)).text();
  const statuses: number[] = [];
  for (const m of html.matchAll(/<form[^>]*id="ratify-([a-z0-9-]+)"/g)) {
    const form = html.slice(m.index, html.indexOf("</form>", m.index));
    const body = new URLSearchParams({ intent: "ratify", title: m[1], tieReason });
    for (const x of form.matchAll(/<input(?=[^>]*checked)[^>]*type="checkbox"[^>]*value="(\d+)"/g)) body.append("nominationIds", x[1]);
    statuses.push((await committee.post(results, body)).status);
  }
  return statuses;
}

export interface PublishFormWinner {
  nominationId: string;
  /** The photo radios' values ("none" first), and the one checked. */
  photos: string[];
  photo: string;
  /** The metric checkboxes' values, and those checked. */
  metrics: string[];
  metricIds: string[];
  /** The citation box's text (correction form only). */
  citation?: string;
  /** The published stories' heading and text boxes, and whether each is ticked for withdrawal (correction form only). */
  stories?: Array<{ heading: string; body: string; withdrawn: boolean }>;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The winners of the publish form (form#publish) in a page, in order, as the form would send them. */
export function publishFormOf(html: string): PublishFormWinner[] {
  const start = html.indexOf('id="publish"');
  if (start < 0) return [];
  const form = html.slice(start, html.indexOf("</form>", start));
  const winners: PublishFormWinner[] = [];
  const at = (i: number) => (winners[i] ??= { nominationId: "", photos: [], photo: "", metrics: [], metricIds: [] });
  const story = (i: number, j: number) => ((at(i).stories ??= [])[j] ??= { heading: "", body: "", withdrawn: false });
  for (const [tag] of form.matchAll(/<input[^>]*>/g)) {
    const s = /^winners\[(\d+)\]\.stories\[(\d+)\]\.(heading|withdrawn)$/.exec(attr(tag, "name") ?? "");
    if (s && s[3] === "heading") story(Number(s[1]), Number(s[2])).heading = unescape(attr(tag, "value") ?? "");
    if (s && s[3] === "withdrawn") story(Number(s[1]), Number(s[2])).withdrawn = /\schecked(=""|\s|>|\/)/.test(tag);
    const m = /^winners\[(\d+)\]\.(\w+)$/.exec(attr(tag, "name") ?? "");
    if (!m) continue;
    const w = at(Number(m[1]));
    const v = unescape(attr(tag, "value") ?? "");
    const checked = /\schecked(=""|\s|>|\/)/.test(tag);
    if (m[2] === "nominationId") w.nominationId = v;
    if (m[2] === "photo") {
      w.photos.push(v);
      if (checked) w.photo = v;
    }
    if (m[2] === "metricIds") {
      w.metrics.push(v);
      if (checked) w.metricIds.push(v);
    }
  }
  for (const m of form.matchAll(/<textarea[^>]*name="winners\[(\d+)\]\.citation"[^>]*>([\s\S]*?)<\/textarea>/g))
    at(Number(m[1])).citation = unescape(m[2]);
  for (const m of form.matchAll(/<textarea[^>]*name="winners\[(\d+)\]\.stories\[(\d+)\]\.body"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    // React writes a leading newline into a textarea that starts with one; the browser drops it.
    story(Number(m[1]), Number(m[2])).body = unescape(m[3]).replace(/^\n/, "");
  }
  return winners;
}

/** The body the publish form sends for these winners. */
export function publishBody(intent: "publish" | "correct", winners: readonly PublishFormWinner[], reason?: string): URLSearchParams {
  const body = new URLSearchParams({ intent });
  for (const [i, w] of winners.entries()) {
    body.append(`winners[${i}].nominationId`, w.nominationId);
    body.append(`winners[${i}].photo`, w.photo);
    for (const id of w.metricIds) body.append(`winners[${i}].metricIds`, id);
    if (w.citation !== undefined) body.append(`winners[${i}].citation`, w.citation);
    for (const [j, s] of (w.stories ?? []).entries()) {
      body.append(`winners[${i}].stories[${j}].heading`, s.heading);
      body.append(`winners[${i}].stories[${j}].body`, s.body);
      if (s.withdrawn) body.append(`winners[${i}].stories[${j}].withdrawn`, "on");
    }
  }
  if (reason !== undefined) body.append("reason", reason);
  return body;
}
