// The mail server bench:notify hands its emails to (smtp-server, as the tests'
// tests/support/smtp.ts), in a process of its own so that neither the load
// generator nor the bench's own bookkeeping shares its event loop. Started
// with an IPC channel (bench/lib/notify.ts startSmtpSink): says
// `{ listening: port }`, then keeps, for every message it accepts, what
// arrived on the wire — the envelope's recipients, the Message-ID and the
// decoded Subject, read from the message's own header — and when it was
// accepted (the epoch in ms, with fractions: the same clock in every process).
// Asked `{ ask: "count", subject }` it answers how many arrived whose subject
// contains that text and when the last one did; asked `{ ask: "dump", file }`
// it writes every arrival to the file as JSON lines.
import { writeFile } from "node:fs/promises";
import { SMTPServer } from "smtp-server";

export interface Arrival {
  at: number;
  to: string[];
  messageId: string;
  subject: string;
}

export type SinkQuestion = { ask: "count"; subject: string } | { ask: "dump"; file: string };
export type SinkAnswer = { listening: number } | { count: number; lastAt: number; total: number } | { dumped: number };

const arrivals: Arrival[] = [];
const now = () => performance.timeOrigin + performance.now();

/** A header's unfolded value from a raw header block, or "". */
function header(block: string, name: string): string {
  const match = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, "im").exec(block);
  return match ? match[1]!.replace(/\r?\n[ \t]/g, " ").trim() : "";
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) as text; the white space between two of them dropped. */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, "$1")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            "latin1",
          ).toString("utf8"),
    );
}

const server = new SMTPServer({
  disabledCommands: ["STARTTLS", "AUTH"],
  authOptional: true,
  logger: false,
  size: 1024 * 1024,
  // A relay that serves a whole organisation takes many clients at once.
  maxClients: 64,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const raw = Buffer.concat(chunks).toString("latin1");
      const end = raw.search(/\r?\n\r?\n/);
      const block = end < 0 ? raw : raw.slice(0, end);
      arrivals.push({
        at: now(),
        to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        messageId: header(block, "Message-ID"),
        subject: decodeWords(header(block, "Subject")),
      });
      callback();
    });
  },
});

process.on("message", (question: SinkQuestion) => {
  if (question.ask === "count") {
    let count = 0;
    let lastAt = 0;
    for (const a of arrivals) {
      if (!a.subject.includes(question.subject)) continue;
      count += 1;
      if (a.at > lastAt) lastAt = a.at;
    }
    process.send!({ count, lastAt, total: arrivals.length } satisfies SinkAnswer);
  } else {
    void writeFile(question.file, arrivals.map((a) => JSON.stringify(a)).join("\n")).then(() =>
      process.send!({ dumped: arrivals.length } satisfies SinkAnswer),
    );
  }
});
process.on("disconnect", () => process.exit(0));

server.listen(0, "127.0.0.1", () => {
  const address = server.server.address();
  process.send!({ listening: typeof address === "object" && address ? address.port : 0 } satisfies SinkAnswer);
});
