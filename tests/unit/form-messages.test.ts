import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, test } from "vitest";
import { setPasswordSchema } from "../../app/domain/auth/schema";
import { maxStoryLength } from "../../app/domain/nominations/story";
import { nominationSchema } from "../../app/domain/nominations/schema";
import { fieldMessage } from "../../app/i18n";
import { isMessageKey, messageText, translate } from "../../app/i18n/all.server";
import { repoRoot } from "../support/snapshot";

// Form errors travel as strings from a Zod schema, through Conform and the
// server's reply, to FieldErrors. A message whose text names a figure
// ("at least {min} characters") must carry the figure with it, or the page
// shows the raw placeholder (issue 14: "密码至少需要 {min} 个字符。").

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

function errorsOf(submission: { reply(): { error?: Record<string, string[] | null> | null } }, field: string): string[] {
  return submission.reply().error?.[field] ?? [];
}

describe("a schema's message that names a figure", () => {
  test("a too-short password says how long it must be, in either language", () => {
    const submission = parseWithZod(form({ password: "short", confirm: "short" }), { schema: setPasswordSchema });
    const [message] = errorsOf(submission, "password");
    expect(messageText("zh-CN", message)).toBe("密码至少需要 10 个字符。");
    expect(messageText("en", message)).toBe("Use at least 10 characters.");
  });

  test("a story past its length says the limit", () => {
    const submission = parseWithZod(form({ title: "t", "nominees[0]": "GD000004", "stories[0].body": "字".repeat(maxStoryLength + 1) }), {
      schema: nominationSchema,
    });
    const [message] = errorsOf(submission, "stories[0].body");
    expect(messageText("en", message)).toBe(translate("en", "evidence.story.tooLong", { max: maxStoryLength }));
    expect(messageText("en", message)).not.toMatch(/\{\w+\}/);
  });

  test("plain keys, keys with variables and text the server wrote all read as sentences", () => {
    expect(messageText("en", "auth.setPassword.mismatch")).toBe(translate("en", "auth.setPassword.mismatch"));
    expect(messageText("zh-CN", fieldMessage("voting.tooMany", { max: 3 }))).toBe(translate("zh-CN", "voting.tooMany", { max: 3 }));
    expect(messageText("en", "Use a longer password, please.")).toBe("Use a longer password, please.");
    // Something that only looks like a key with variables stays as it was written.
    expect(messageText("en", "auth.setPassword.tooShort {not json")).toBe("auth.setPassword.tooShort {not json");
    expect(messageText("en", 'auth.setPassword.tooShort {"min":{"x":1}}')).toBe('auth.setPassword.tooShort {"min":{"x":1}}');
  });

  // A guard for the next schema: every Zod message whose text has a
  // placeholder is written with fieldMessage(key, vars), never as a bare key.
  test("every schema module gives figures with the messages that name them", () => {
    const english = new Map<string, string>();
    const messagesDir = path.join(repoRoot, "app/i18n/messages");
    for (const file of readdirSync(messagesDir)) {
      const source = readFileSync(path.join(messagesDir, file), "utf8");
      for (const m of source.matchAll(/"([\w.]+)":\s*"((?:[^"\\]|\\.)*)"/g)) if (!english.has(m[1])) english.set(m[1], m[2]);
    }
    const schemaModules = walk(path.join(repoRoot, "app")).filter((file) =>
      /^import \* as z from "~\/domain\/zod";$/m.test(readFileSync(file, "utf8")),
    );
    expect(schemaModules.length).toBeGreaterThan(5);
    const bare: string[] = [];
    for (const file of schemaModules) {
      const source = readFileSync(file, "utf8");
      for (const m of source.matchAll(/(fieldMessage\(\s*)?"([a-zA-Z]+\.[\w.]+)"/g)) {
        const [, wrapped, key] = m;
        if (!isMessageKey(key) || wrapped) continue;
        const text = english.get(key) ?? english.get(`${key}.other`) ?? "";
        if (/\{\w+\}/.test(text)) bare.push(`${path.relative(repoRoot, file)}: ${key}`);
      }
    }
    expect(bare).toEqual([]);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return walk(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}
