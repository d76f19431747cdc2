import { nameKey } from "../people/name-key.server";
import { commonPasswords } from "./common-passwords.server";

/** What is known of the person choosing the password: what others who know them could guess from. */
export interface PasswordOwner {
  employeeNo: string;
  email: string | null;
  name: string;
}

export type WeakPasswordReason =
  "auth.setPassword.employeeNo" | "auth.setPassword.email" | "auth.setPassword.name" | "auth.setPassword.common" | "auth.setPassword.pattern";

// Letters and digits typed in a row: a password that is part of one (either
// way) is a walk along the keyboard or the alphabet.
const rows = ["01234567890", "1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./", "abcdefghijklmnopqrstuvwxyz"];
const walks = [...rows, ...rows.map((r) => [...r].reverse().join(""))];

// Symbols people put for letters; undone before looking a word up.
const unleet: Record<string, string> = { "@": "a", "4": "a", "8": "b", "3": "e", "1": "i", "!": "i", "0": "o", $: "s", "5": "s", "7": "t" };

/** What is left between a password's leading and trailing non-letters: "password" in "Password2026!". */
const wordOf = (password: string) => password.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");

/** Lower-cased, without spaces and the separators people put between words. */
const squeezed = (s: string) => s.toLowerCase().replace(/[\s._\-+]+/g, "");

/**
 * Why this password must not be chosen, or null when it may (ASVS 6.2.4:
 * not among the most common passwords; 6.2.11: not made of what is known
 * about the person). No rule of composition (no "one capital, one digit",
 * ASVS 6.2.5): a long phrase of plain words is a good password.
 *
 * The length is the schema's (passwordRules); this judges what is typed.
 */
export function whyWeakPassword(password: string, owner: PasswordOwner): WeakPasswordReason | null {
  const lower = password.toLowerCase();
  const plain = squeezed(password);

  const employeeNo = owner.employeeNo.toLowerCase();
  // The number without its letters ("E1001" → "1001") when it is long enough to be the part people remember.
  const employeeDigits = employeeNo.replace(/\D+/g, "");
  if (lower.includes(employeeNo) || plain.includes(employeeNo) || (employeeDigits.length >= 4 && lower.includes(employeeDigits))) {
    return "auth.setPassword.employeeNo";
  }

  const local = owner.email?.split("@")[0]?.toLowerCase() ?? "";
  const emailParts = [squeezed(local), ...local.split(/[._\-+]+/)].filter((p) => p.length >= 4);
  if (emailParts.some((p) => plain.includes(p))) return "auth.setPassword.email";

  if (nameForms(owner.name).some((n) => plain.includes(n))) return "auth.setPassword.name";

  const word = wordOf(lower);
  if (commonPasswords.has(lower) || commonPasswords.has(word) || commonPasswords.has(undoLeet(word)) || commonPasswords.has(undoLeet(lower))) {
    return "auth.setPassword.common";
  }

  if (isPattern(lower)) return "auth.setPassword.pattern";
  return null;
}

function undoLeet(s: string): string {
  return [...s].map((c) => unleet[c] ?? c).join("");
}

/**
 * The forms of a name someone might put in a password: the name itself, its
 * pinyin run together (张伟 → zhangwei), given name first (weizhang), and a
 * given name of two syllables or more alone (张小明 → xiaoming). Latin names
 * also by each word of 4 letters or more. Each form is looked for whole: the
 * syllables alone ("wei") are in too many words.
 */
function nameForms(name: string): string[] {
  const forms = new Set<string>();
  const bare = squeezed(name);
  if ([...bare].length >= 2) forms.add(bare);
  // nameKey: "zhang wei|zhangwei|zw" (surnames read as surnames: 单 shan, 曾 zeng).
  const syllables = nameKey(name).split("|")[0].split(" ").filter(Boolean);
  if (syllables.length >= 2) {
    const [surname, ...given] = syllables;
    forms.add(syllables.join(""));
    forms.add([...given, surname].join(""));
    if (given.length >= 2) forms.add(given.join(""));
  }
  if (!/\p{Script=Han}/u.test(name)) for (const word of name.toLowerCase().split(/[\s.-]+/)) forms.add(word);
  return [...forms].filter((f) => f.length >= 4 || /\p{Script=Han}/u.test(f));
}

/** One character repeated, a few characters only, a block repeated, or a walk along the keyboard or the alphabet. */
function isPattern(lower: string): boolean {
  if (new Set(lower).size < 4) return true;
  if (/^(.+?)\1+$/su.test(lower)) return true;
  return walks.some((walk) => walk.includes(lower));
}
