// Stories are plain text. Nothing in them is ever read as HTML or a link:
// the parser only finds paragraphs, lists and quoted customers, and the page
// renders every piece as a React text node.

import { charCount, cutChars } from "../text";

/** Longest story text accepted, in characters (code points, as the database counts them). */
export const maxStoryLength = 5000;
/** Most blocks (paragraphs, lists, quotes) one story may have. */
export const maxStoryBlocks = 40;
/** Most items in one list. */
export const maxListItems = 30;

export type StoryBlock = { kind: "paragraph"; text: string } | { kind: "list"; ordered: boolean; items: string[] } | { kind: "quote"; text: string };

/** The four principles of The Fred Factor, as stored tags. */
export const fredPrinciples = ["difference", "relationships", "value", "reinvent"] as const;
export type FredPrinciple = (typeof fredPrinciples)[number];

export const fredPrincipleLabel = {
  difference: "evidence.fred.difference",
  relationships: "evidence.fred.relationships",
  value: "evidence.fred.value",
  reinvent: "evidence.fred.reinvent",
} as const satisfies Record<FredPrinciple, string>;

export function isFredPrinciple(value: unknown): value is FredPrinciple {
  return typeof value === "string" && (fredPrinciples as readonly string[]).includes(value);
}

const bullet = /^[-•]\s+/;
// "1. ", "1) " or "1、": a space after the dot, so "3.2% of calls" stays text.
const numbered = /^\d{1,3}(?:[.)]\s+|、\s*)/;
const quoted = /^>\s?/;

type LineKind = "bullet" | "numbered" | "quote" | "text";

function kindOf(line: string): LineKind {
  if (bullet.test(line)) return "bullet";
  if (numbered.test(line) && line.replace(numbered, "").trim() !== "") return "numbered";
  if (quoted.test(line)) return "quote";
  return "text";
}

function strip(line: string, kind: LineKind): string {
  switch (kind) {
    case "bullet":
      return line.replace(bullet, "").trim();
    case "numbered":
      return line.replace(numbered, "").trim();
    case "quote":
      return line.replace(quoted, "").trim();
    default:
      return line.trim();
  }
}

/**
 * Splits a story into blocks: blank lines end a paragraph; lines starting
 * "- " or "• " form a bulleted list, "1. " a numbered one; "> " lines are a
 * customer's words. Runs of the same kind join into one block. Text beyond
 * maxStoryLength and blocks beyond maxStoryBlocks are dropped (the form
 * refuses such input before it gets here; see storyProblem).
 */
export function parseStory(text: string): StoryBlock[] {
  const lines = cutChars(text, maxStoryLength).replace(/\r\n?/g, "\n").split("\n");
  const blocks: StoryBlock[] = [];
  let current: StoryBlock | null = null;
  const close = () => {
    if (current) blocks.push(current);
    current = null;
  };

  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") {
      close();
      continue;
    }
    const kind = kindOf(line);
    const content = strip(line, kind);
    const cur = current as StoryBlock | null;
    if (kind === "bullet" || kind === "numbered") {
      const ordered = kind === "numbered";
      if (cur?.kind === "list" && cur.ordered === ordered) {
        if (cur.items.length < maxListItems) cur.items.push(content);
      } else {
        close();
        current = { kind: "list", ordered, items: [content] };
      }
    } else if (kind === "quote") {
      if (cur?.kind === "quote") cur.text = cur.text ? `${cur.text}\n${content}` : content;
      else {
        close();
        current = { kind: "quote", text: content };
      }
    } else if (cur?.kind === "paragraph") {
      cur.text = `${cur.text}\n${line}`;
    } else {
      close();
      current = { kind: "paragraph", text: line };
    }
  }
  close();
  return blocks.filter((b) => (b.kind === "list" ? b.items.length > 0 : b.text !== "")).slice(0, maxStoryBlocks);
}

/** Why a story text cannot be saved, as an i18n key; null when it can. */
export function storyProblem(text: string): "evidence.story.empty" | "evidence.story.tooLong" | "evidence.story.tooManyBlocks" | null {
  if (text.trim() === "") return "evidence.story.empty";
  if (charCount(text) > maxStoryLength) return "evidence.story.tooLong";
  if (countBlocks(text) > maxStoryBlocks) return "evidence.story.tooManyBlocks";
  return null;
}

function countBlocks(text: string): number {
  let n = 0;
  let prev: LineKind | "blank" = "blank";
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trim();
    const kind: LineKind | "blank" = line === "" ? "blank" : kindOf(line);
    if (kind !== "blank" && kind !== prev) n++;
    prev = kind;
  }
  return n;
}
