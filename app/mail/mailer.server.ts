import { createTransport } from "nodemailer";
import { smtpConnections, type MailSettings } from "./settings";

// How an email leaves (issue 17): through the mail server in SMTP_URL with
// nodemailer, or — without SMTP_URL, the embedded trial — into the outbox
// that administrators read at /admin/outbox (the domain writes it there:
// app/domain/notifications/email.server.ts). The only module that knows
// nodemailer.

/** One email as handed to the mail server. */
export interface Email {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** `<delivery-ID@host>`: the same message always has the same id, so a copy could be recognised downstream. */
  messageId: string;
  /** List-Unsubscribe, List-Unsubscribe-Post, Auto-Submitted, Content-Language. */
  headers: Record<string, string>;
}

/**
 * Why a hand-over failed, as far as the sender can tell:
 * - "rejected": the mail server refused this message or address for good (a 5xx reply to it): never tried again;
 * - "retry": refused for now (a 4xx reply, or a 5xx not about the message): tried again later;
 * - "unreachable": no message was handed over at all (no connection, DNS, TLS, credentials, a 421 "closing"): the server, not the message, is the problem;
 * - "in-doubt": the connection broke with no reply while the message may have been handed over: it may or may not have arrived.
 */
export type SendFailure = "rejected" | "retry" | "unreachable" | "in-doubt";

export class MailError extends Error {
  constructor(
    readonly failure: SendFailure,
    message: string,
  ) {
    super(message);
    this.name = "MailError";
  }
}

export interface SmtpMailer {
  readonly kind: "smtp";
  readonly settings: MailSettings;
  /** Connections to the mail server at once: how many messages can be on the wire together. */
  readonly connections: number;
  /** Resolves once the mail server accepted the message; rejects with a MailError. */
  send(email: Email): Promise<void>;
  /** Closes the pool's connections. */
  close(): void;
}

export interface Outbox {
  readonly kind: "outbox";
  readonly settings: MailSettings;
  close(): void;
}

export type Mailer = SmtpMailer | Outbox;

/** The mailer SMTP_URL names, or the outbox without it. Open one for a run of sending, close it after. */
export function openMailer(settings: MailSettings): Mailer {
  if (!settings.smtpUrl) return { kind: "outbox", settings, close() {} };
  const connections = settings.connections ?? smtpConnections;
  const transport = createTransport({
    url: settings.smtpUrl,
    pool: true,
    maxConnections: connections,
    maxMessages: 500,
    // Each hand-over ends well within the claim's time-out (claims.server.ts): a claim still open after it is in doubt.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 30_000,
    // Nothing of the conversation is logged: the AUTH lines carry the password.
    logger: false,
    debug: false,
  });
  return {
    kind: "smtp",
    settings,
    connections,
    async send(email) {
      try {
        await transport.sendMail({
          from: settings.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: email.messageId,
          headers: email.headers,
        });
      } catch (error) {
        throw asMailError(error);
      }
    },
    close: () => transport.close(),
  };
}

interface SmtpErrorFields {
  code?: string;
  errno?: string | number;
  syscall?: string;
  responseCode?: number;
  permanent?: boolean;
  response?: string;
  message?: string;
}

// Failures before any message is handed over: the server cannot be reached or will not let us in.
const beforeAnyMessage = new Set(["EDNS", "ETLS", "EAUTH", "ENOAUTH", "EOAUTH2", "ECONFIG", "EPROXY", "EREQUIRETLS"]);
const connectFailures = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EADDRNOTAVAIL"]);

/** A nodemailer error as one of the four failures; its text without any address (a reminder's recipient stays unknown). */
export function asMailError(error: unknown): MailError {
  const e = (typeof error === "object" && error !== null ? error : {}) as SmtpErrorFields;
  const text = withoutAddresses(`${e.code ?? "error"}${e.responseCode ? ` ${e.responseCode}` : ""}: ${e.response ?? e.message ?? String(error)}`);
  if (e.responseCode !== undefined) {
    // The server answered. For good and about this message (its sender, recipient or content): never again.
    if (e.permanent && (e.code === "EENVELOPE" || e.code === "EMESSAGE")) return new MailError("rejected", text);
    // Refused credentials are the configuration's fault, not the message's; 421 is the server closing on us
    // (shutting down, or too many messages from us): neither says anything of this message.
    if (e.code === "EAUTH" || e.responseCode === 421) return new MailError("unreachable", text);
    return new MailError("retry", text);
  }
  if (beforeAnyMessage.has(e.code ?? "")) return new MailError("unreachable", text);
  if (e.syscall === "connect" || e.syscall === "getaddrinfo" || connectFailures.has(String(e.errno ?? ""))) return new MailError("unreachable", text);
  // A connection that broke without a reply: the message may have been handed over.
  return new MailError("in-doubt", text);
}

/** Error texts may quote the recipient ("550 <li@example.com>: no such user"): kept without it. */
export const withoutAddresses = (s: string) => s.replace(/[^\s<>"'():;,]+@[^\s<>"'():;,]+/g, "<address>");
