/**
 * How the portal sends email (issue 17): the settings an operator may change
 * (README's Configuration table lists them), read from the environment
 * through this one function by server/config.ts. A bad value stops the start
 * with the setting's name, never with the value (SMTP_URL carries a password).
 */
export interface MailSettings {
  /** SMTP_URL: smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS from the start); unset: emails are kept in the outbox (/admin/outbox). */
  smtpUrl: string | undefined;
  /** MAIL_FROM: the sender, `Service Stars <stars@example.com>` or a bare address. */
  from: string;
  /** PUBLIC_URL: the portal's address as people reach it, for the links in emails; no trailing slash. */
  publicUrl: string;
  /** SMTP_CONNECTIONS: connections to the mail server at once (default smtpConnections); a relay that allows a client fewer needs fewer. */
  connections?: number;
}

/**
 * Connections to the mail server at once, by default. Each carries one
 * message at a time, and a message waits a few turns of the event loop it
 * shares with the pages: with 50 voters at once, bench:notify handed over 45
 * emails a second on 4 connections, 83 on 8 and 132 on 24 (2026-12-06, a
 * busy machine). Relays commonly allow one client 20 or more; one that
 * allows fewer is given SMTP_CONNECTIONS.
 */
export const smtpConnections = 16;
const maxSmtpConnections = 64;

// One address, optionally with a display name before it in angle brackets: what a From header may hold.
const address = /^[^\s@<>]+@[^\s@<>]+$/;
const namedAddress = /^[^<>\r\n]*<([^\s@<>]+@[^\s@<>]+)>$/;

export function readMailSettings(env: Readonly<Record<string, string | undefined>> = process.env): MailSettings {
  const { publicUrl } = readPublicUrl(env);
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl) {
    let url: URL | undefined;
    try {
      url = new URL(smtpUrl);
    } catch {
      url = undefined;
    }
    // The value is never repeated: it may carry the mail server's password.
    if (!url || !["smtp:", "smtps:"].includes(url.protocol) || !url.hostname) {
      throw new Error("SMTP_URL must be smtp://user:password@host:port or smtps://user:password@host:port (its value is not repeated here)");
    }
  }
  const from = env.MAIL_FROM?.trim() || `Service Stars <no-reply@${new URL(publicUrl).hostname}>`;
  if (/[\r\n]/.test(from) || !(address.test(from) || namedAddress.test(from))) {
    throw new Error(`MAIL_FROM must be an address, or a name and an address: "Service Stars <stars@example.com>", not "${from}"`);
  }
  const connections = readConnections(env.SMTP_CONNECTIONS);
  return { smtpUrl, from, publicUrl, connections };
}

function readConnections(raw: string | undefined): number {
  const value = raw?.trim();
  if (!value) return smtpConnections;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > maxSmtpConnections) {
    throw new Error(`SMTP_CONNECTIONS must be a whole number from 1 to ${maxSmtpConnections}, not "${value}"`);
  }
  return n;
}

/**
 * PUBLIC_URL, the portal's address as people open it, for the links emails
 * and group robots' messages carry — read here once for both: an http(s)
 * origin without a path (the portal is served at /), query or credentials,
 * given without its trailing slash. Unset: http://localhost:$PORT, and
 * `publicUrlSet` false (the robots' page says so).
 */
export function readPublicUrl(env: Readonly<Record<string, string | undefined>> = process.env): { publicUrl: string; publicUrlSet: boolean } {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return { publicUrl: `http://localhost:${Number(env.PORT?.trim() || 3000)}`, publicUrlSet: false };
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new Error(`PUBLIC_URL must be the portal's address, such as https://stars.example.com, not "${raw}"`);
  }
  if (url.pathname !== "/") throw new Error(`PUBLIC_URL must be the portal's address without a path (the portal is served at /), not "${raw}"`);
  return { publicUrl: url.origin, publicUrlSet: true };
}

/** Where mail goes, for a log line: the mail server without its user name and password, or the outbox. */
export function mailTarget(settings: MailSettings): string {
  if (!settings.smtpUrl) return "outbox";
  const url = new URL(settings.smtpUrl);
  return `${url.protocol}//${url.host}`;
}

/** The host named in PUBLIC_URL: the right-hand side of every Message-ID. */
export const messageIdHost = (settings: Pick<MailSettings, "publicUrl">) => new URL(settings.publicUrl).hostname;
