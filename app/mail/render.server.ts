import { formatList, type Locale, type MessageKey } from "~/i18n";
import { translate } from "~/i18n/all.server";

// The frame of an email (issue 17): a notice, already in words
// (app/domain/notifications/message.ts), becomes a subject, an HTML part and
// a plain-text part in the recipient's language — a button to the page it is
// about, and a footer saying why it came and how to stop it. One frame for a
// single notice and for the daily digest.
//
// The HTML is what mail clients render well: tables for the layout, every
// style inline (Gmail and Outlook drop <style> blocks or parts of them), no
// script, no image (a client that blocks images loses nothing), colours with
// at least 4.5:1 contrast, 600 px wide at most and fluid below.

/** One notice in an email: its words and the absolute address of its page. */
export interface MailNotice {
  /** app/domain/notifications/kinds.ts NotificationKind: names the kind in the footer. */
  kind: string;
  title: string;
  body: string;
  url: string;
}

export interface MailLinks {
  /** The one-click unsubscribe page for this email's kinds (also in its List-Unsubscribe header). */
  unsubscribe: string;
  /** The person's notification settings page. */
  settings: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const colour = { ink: "#1b2430", soft: "#4a5566", brand: "#0b4fa3", wash: "#f4f6fa", line: "#d5dbe5", paper: "#ffffff" };
// Fonts every common client has, the Chinese ones included; single quotes: the style attribute is double-quoted.
const fonts = "-apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', Arial, sans-serif";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text (or an address) made safe for HTML content and double-quoted attributes. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c]!);
/** Escaped, with the writer's line breaks kept (a committee's comment may have several lines). */
const paragraphText = (s: string) => escapeHtml(s).replace(/\r?\n/g, "<br>");

const say = (locale: Locale, key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
export const kindName = (locale: Locale, kind: string) => say(locale, `mail.kind.${kind}` as MessageKey);

/** The button to the page: a table cell with its own background, which Outlook paints where it ignores padding on links. */
function button(url: string, label: string): string {
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:24px 0 8px;border-collapse:separate;">
<tr><td bgcolor="${colour.brand}" style="background:${colour.brand};border-radius:6px;">
<a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 22px;font-family:${fonts};font-size:16px;font-weight:bold;line-height:20px;color:${colour.paper};text-decoration:none;border-radius:6px;">${escapeHtml(label)}</a>
</td></tr></table>`;
}

const small = `font-family:${fonts};font-size:13px;line-height:20px;color:${colour.soft};margin:0 0 8px;`;
const link = `color:${colour.brand};text-decoration:underline;`;

/** The whole document around a main part: header band, the part, the footer. */
function page(locale: Locale, subject: string, preheader: string, main: string, footer: string): string {
  return `<!DOCTYPE html>
<html lang="${locale}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background:${colour.wash};">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;">${escapeHtml(preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${colour.wash};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:${colour.paper};border:1px solid ${colour.line};border-radius:10px;border-collapse:separate;">
<tr><td style="padding:16px 28px;background:${colour.brand};border-radius:10px 10px 0 0;font-family:${fonts};font-size:18px;font-weight:bold;line-height:24px;color:${colour.paper};">${escapeHtml(say(locale, "app.name"))}</td></tr>
<tr><td style="padding:28px 28px 20px;font-family:${fonts};color:${colour.ink};">
${main}
</td></tr>
<tr><td style="padding:16px 28px 24px;border-top:1px solid ${colour.line};">
${footer}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function htmlFooter(reason: string, locale: Locale, links: MailLinks): string {
  return `<p style="${small}">${escapeHtml(reason)}</p>
<p style="${small}"><a href="${escapeHtml(links.unsubscribe)}" style="${link}">${escapeHtml(say(locale, "mail.footer.unsubscribe"))}</a> · <a href="${escapeHtml(links.settings)}" style="${link}">${escapeHtml(say(locale, "mail.footer.settings"))}</a></p>
<p style="${small}">${escapeHtml(say(locale, "mail.footer.automatic"))}</p>`;
}

function textFooter(reason: string, locale: Locale, links: MailLinks): string {
  return [
    "-- ",
    reason,
    `${say(locale, "mail.footer.unsubscribe")}: ${links.unsubscribe}`,
    `${say(locale, "mail.footer.settings")}: ${links.settings}`,
    say(locale, "mail.footer.automatic"),
  ].join("\n");
}

/** One notice as an email: its title is the subject. */
export function renderNotice(locale: Locale, notice: MailNotice, links: MailLinks): RenderedEmail {
  const subject = notice.title;
  const open = say(locale, "mail.open");
  const reason = say(locale, "mail.footer.reason", { kind: kindName(locale, notice.kind) });
  const main = `<h1 style="margin:0 0 16px;font-family:${fonts};font-size:22px;line-height:30px;color:${colour.ink};">${escapeHtml(notice.title)}</h1>
<p style="margin:0;font-family:${fonts};font-size:16px;line-height:26px;color:${colour.ink};">${paragraphText(notice.body)}</p>
${button(notice.url, open)}
<p style="${small}">${escapeHtml(say(locale, "mail.copyLink"))}<br><a href="${escapeHtml(notice.url)}" style="${link}word-break:break-all;">${escapeHtml(notice.url)}</a></p>`;
  const html = page(locale, subject, notice.body, main, htmlFooter(reason, locale, links));
  const text = [notice.title, "", notice.body, "", `${open}: ${notice.url}`, "", textFooter(reason, locale, links), ""].join("\n");
  return { subject, html, text };
}

/** The most notices a digest lists; the rest are counted and wait in the portal. */
export const digestListLength = 30;

/**
 * Several notices in one email, oldest first: the daily digest. `more` is
 * how many were left out of the list (beyond digestListLength).
 */
export function renderDigest(locale: Locale, notices: readonly MailNotice[], links: MailLinks & { all: string }): RenderedEmail {
  const listed = notices.slice(0, digestListLength);
  const more = notices.length - listed.length;
  const count = notices.length;
  const subject = say(locale, "mail.digest.subject", { count });
  const title = say(locale, "mail.digest.title");
  const intro = say(locale, "mail.digest.intro", { count });
  const open = say(locale, "mail.open");
  const reason = say(locale, "mail.footer.reason.digest");
  const items = listed
    .map(
      (n) => `<tr><td style="padding:14px 0;border-top:1px solid ${colour.line};font-family:${fonts};">
<p style="margin:0 0 6px;font-size:17px;line-height:24px;font-weight:bold;"><a href="${escapeHtml(n.url)}" style="color:${colour.brand};text-decoration:none;">${escapeHtml(n.title)}</a></p>
<p style="margin:0 0 6px;font-size:15px;line-height:24px;color:${colour.ink};">${paragraphText(n.body)}</p>
<p style="margin:0;font-size:14px;line-height:20px;"><a href="${escapeHtml(n.url)}" style="${link}">${escapeHtml(open)}</a></p>
</td></tr>`,
    )
    .join("\n");
  const moreLine =
    more > 0
      ? `<p style="margin:16px 0 0;font-family:${fonts};font-size:15px;line-height:24px;color:${colour.ink};">${escapeHtml(say(locale, "mail.digest.more", { count: more }))}</p>`
      : "";
  const main = `<h1 style="margin:0 0 12px;font-family:${fonts};font-size:22px;line-height:30px;color:${colour.ink};">${escapeHtml(title)}</h1>
<p style="margin:0 0 12px;font-family:${fonts};font-size:16px;line-height:26px;color:${colour.ink};">${escapeHtml(intro)}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
${items}
</table>
${moreLine}
${button(links.all, say(locale, "mail.digest.all"))}`;
  const preheader = formatList(
    locale,
    listed.slice(0, 3).map((n) => n.title),
  );
  const html = page(locale, subject, preheader, main, htmlFooter(reason, locale, links));
  const text = [
    title,
    "",
    intro,
    "",
    ...listed.flatMap((n) => [`* ${n.title}`, `  ${n.body.replace(/\r?\n/g, "\n  ")}`, `  ${open}: ${n.url}`, ""]),
    ...(more > 0 ? [say(locale, "mail.digest.more", { count: more }), ""] : []),
    `${say(locale, "mail.digest.all")}: ${links.all}`,
    "",
    textFooter(reason, locale, links),
    "",
  ].join("\n");
  return { subject, html, text };
}
