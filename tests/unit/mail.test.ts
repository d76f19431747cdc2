import { describe, expect, test } from "vitest";
import { quietHoursEnd } from "../../app/domain/notifications/quiet-hours";
import { parseUnsubscribeToken } from "../../app/domain/notifications/unsubscribe.server";
import { translate } from "../../app/i18n/all.server";
import { asMailError, withoutAddresses } from "../../app/mail/mailer.server";
import { digestListLength, renderDigest, renderNotice } from "../../app/mail/render.server";
import { mailTarget, readMailSettings } from "../../app/mail/settings";

// The pure parts of the email channel (issue 17): settings, quiet hours, the
// unsubscribe token's shape, what a mail server's error means, and the frame
// of an email. Sending through a real SMTP server: tests/integration/email-delivery.test.ts.

describe("SMTP_URL, MAIL_FROM and PUBLIC_URL", () => {
  test("unset: the outbox, links to localhost on PORT, a sender named after the portal's host", () => {
    expect(readMailSettings({ PORT: "3100" })).toEqual({
      smtpUrl: undefined,
      from: "Service Stars <no-reply@localhost>",
      publicUrl: "http://localhost:3100",
      connections: 16,
    });
    expect(readMailSettings({ PUBLIC_URL: "https://stars.example.com/" }).publicUrl).toBe("https://stars.example.com");
  });

  test("a wrong SMTP_URL stops the start without repeating it (it carries the password)", () => {
    for (const bad of ["http://user:hunter2secret@mail.example.com", "smtp//user:hunter2secret@x", "user:hunter2secret@mail.example.com"]) {
      expect(() => readMailSettings({ SMTP_URL: bad })).toThrow(/^SMTP_URL must be/);
      try {
        readMailSettings({ SMTP_URL: bad });
      } catch (error) {
        expect(String(error)).not.toContain("hunter2secret");
      }
    }
    expect(readMailSettings({ SMTP_URL: "smtps://u:p@mail.example.com:465" }).smtpUrl).toBe("smtps://u:p@mail.example.com:465");
  });

  test("SMTP_CONNECTIONS: 16 unless set, a whole number from 1 to 64", () => {
    expect(readMailSettings({ SMTP_CONNECTIONS: "3" }).connections).toBe(3);
    for (const bad of ["0", "65", "2.5", "many"]) expect(() => readMailSettings({ SMTP_CONNECTIONS: bad })).toThrow(/^SMTP_CONNECTIONS must be/);
  });

  test("where mail goes, for the log, names the server without its user or password", () => {
    expect(mailTarget(readMailSettings({ SMTP_URL: "smtp://stars:hunter2secret@mail.example.com:587" }))).toBe("smtp://mail.example.com:587");
    expect(mailTarget(readMailSettings({}))).toBe("outbox");
  });

  test("MAIL_FROM is an address with or without a name; PUBLIC_URL the portal's bare address", () => {
    expect(readMailSettings({ MAIL_FROM: "服务之星 <stars@example.com>" }).from).toBe("服务之星 <stars@example.com>");
    expect(readMailSettings({ MAIL_FROM: "stars@example.com" }).from).toBe("stars@example.com");
    expect(() => readMailSettings({ MAIL_FROM: "stars" })).toThrow(/MAIL_FROM/);
    expect(() => readMailSettings({ MAIL_FROM: "a@b.c\r\nBcc: x@y.z" })).toThrow(/MAIL_FROM/);
    expect(() => readMailSettings({ PUBLIC_URL: "stars.example.com" })).toThrow(/PUBLIC_URL/);
    expect(() => readMailSettings({ PUBLIC_URL: "https://stars.example.com/portal" })).toThrow(/PUBLIC_URL/);
    expect(() => readMailSettings({ PUBLIC_URL: "https://stars.example.com/?a=1" })).toThrow(/PUBLIC_URL/);
  });
});

describe("quiet hours, 22:00 to 08:00 in Beijing", () => {
  test.each([
    ["2026-12-06T13:59:59Z", "21:59:59", null],
    ["2026-12-06T14:00:00Z", "22:00", "2026-12-07T00:00:00.000Z"],
    ["2026-12-06T19:30:00Z", "03:30 the next day", "2026-12-07T00:00:00.000Z"],
    ["2026-12-06T23:59:59Z", "07:59:59", "2026-12-07T00:00:00.000Z"],
    ["2026-12-07T00:00:00Z", "08:00", null],
    ["2026-12-31T15:00:00Z", "23:00 on New Year's Eve", "2027-01-01T00:00:00.000Z"],
  ] as const)("at %s (%s there) an email waits until %s", (at, _there, until) => {
    expect(quietHoursEnd(new Date(at))?.toISOString() ?? null).toBe(until);
  });
});

describe("an unsubscribe token", () => {
  const key = "A".repeat(22);
  test("names a person and kinds, each once, in the order of the kinds", () => {
    expect(parseUnsubscribeToken(`12.voting-opened.${key}`)).toEqual({ personId: 12, kinds: ["voting-opened"], key });
    expect(parseUnsubscribeToken(`12.nominations-opened~congratulated.${key}`)).toEqual({
      personId: 12,
      kinds: ["nominations-opened", "congratulated"],
      key,
    });
  });

  test.each([
    ["another order", `12.congratulated~nominations-opened.${key}`],
    ["a kind twice", `12.congratulated~congratulated.${key}`],
    ["an unknown kind", `12.everything.${key}`],
    ["person 0", `0.congratulated.${key}`],
    ["a short key", `12.congratulated.${key.slice(1)}`],
    ["no key", "12.congratulated"],
    ["the outbox's withheld link", "withheld"],
    ["something very long", `12.${"congratulated~".repeat(500)}congratulated.${key}`],
  ])("%s is not one", (_what, token) => {
    expect(parseUnsubscribeToken(token)).toBeNull();
  });
});

describe("a mail server's error", () => {
  test.each([
    [{ code: "EENVELOPE", responseCode: 550, permanent: true, response: "550 no such user <li@example.com>" }, "rejected"],
    [{ code: "EMESSAGE", responseCode: 554, permanent: true, response: "554 spam" }, "rejected"],
    [{ code: "EENVELOPE", responseCode: 450, permanent: false, response: "450 mailbox busy" }, "retry"],
    [{ code: "EMESSAGE", responseCode: 451, permanent: false, response: "451 try later" }, "retry"],
    [{ code: "EPROTOCOL", responseCode: 421, permanent: false, response: "421 too many messages, closing" }, "unreachable"],
    [{ code: "EAUTH", responseCode: 535, permanent: true, response: "535 bad credentials" }, "unreachable"],
    [{ code: "ESOCKET", syscall: "connect", errno: "ECONNREFUSED", message: "connect ECONNREFUSED" }, "unreachable"],
    [{ code: "EDNS", message: "getaddrinfo ENOTFOUND" }, "unreachable"],
    [{ code: "ETLS", message: "certificate" }, "unreachable"],
    [{ code: "ECONNECTION", message: "Connection closed unexpectedly" }, "in-doubt"],
    [{ code: "ETIMEDOUT", message: "Timeout" }, "in-doubt"],
    [{ code: "ESOCKET", errno: "ECONNRESET", message: "read ECONNRESET" }, "in-doubt"],
  ])("%o is %s", (error, failure) => {
    expect(asMailError(error).failure).toBe(failure);
  });

  test("its text keeps no address", () => {
    expect(
      asMailError({ code: "EENVELOPE", responseCode: 550, permanent: true, response: "550 5.1.1 <li.na@example.com>: no such user" }).message,
    ).toBe("EENVELOPE 550: 550 5.1.1 <<address>>: no such user");
    expect(withoutAddresses("to wang.wei+stars@mail.example.com failed")).toBe("to <address> failed");
  });
});

describe("the frame of an email", () => {
  const links = {
    unsubscribe: "https://stars.example.com/unsubscribe/1.congratulated.AAAAAAAAAAAAAAAAAAAAAA",
    settings: "https://stars.example.com/settings/notifications",
  };
  const notice = {
    kind: "nomination-returned",
    title: "Your nomination of <b>梁晓岚</b> was returned",
    body: 'Their comment: "add a metric" & <script>alert(1)</script>\nand a photo',
    url: "https://stars.example.com/campaigns/2026/nominations/7?x=1&y=2",
  };

  test("says what someone typed as text, never as markup, and keeps their line breaks", () => {
    const { html, text, subject } = renderNotice("en", notice, links);
    expect(subject).toBe(notice.title);
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;<br>and a photo");
    expect(html).toContain("&quot;add a metric&quot; &amp;");
    expect(html).toContain('href="https://stars.example.com/campaigns/2026/nominations/7?x=1&amp;y=2"');
    expect(text).toContain(notice.body);
    expect(text).toContain(`Open in Service Stars: ${notice.url}`);
  });

  test.each(["zh-CN", "en"] as const)("in %s: the page's language, its words, why it came and how to stop it", (locale) => {
    const { html, text } = renderNotice(locale, notice, links);
    expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${locale}"`));
    for (const words of [
      translate(locale, "app.name"),
      translate(locale, "mail.open"),
      translate(locale, "mail.footer.reason", { kind: translate(locale, "mail.kind.nomination-returned") }),
      translate(locale, "mail.footer.unsubscribe"),
    ]) {
      expect(html).toContain(words);
      expect(text).toContain(words);
    }
    expect(html).toContain(`href="${links.unsubscribe}"`);
    expect(html).toContain(`href="${links.settings}"`);
    // What renders everywhere: tables and inline styles; no script, style sheet or image to block.
    expect(html).not.toMatch(/<script|<style|<link|<img|<form|javascript:/i);
    expect(html).toContain('role="presentation"');
  });

  test(`a digest lists ${digestListLength} notices at most and counts the rest`, () => {
    const many = Array.from({ length: digestListLength + 5 }, (_, i) => ({ ...notice, kind: "congratulated", title: `Notice ${i + 1}`, body: "b" }));
    const { html, text, subject } = renderDigest("en", many, { ...links, all: "https://stars.example.com/notifications" });
    expect(subject).toBe(translate("en", "mail.digest.subject", { count: digestListLength + 5 }));
    expect(text).toContain(`Notice ${digestListLength}\n`);
    expect(text).not.toContain(`Notice ${digestListLength + 1}\n`);
    expect(html).toContain(translate("en", "mail.digest.more", { count: 5 }));
    expect(text).toContain(`${translate("en", "mail.digest.all")}: https://stars.example.com/notifications`);
  });
});
