/**
 * A real SMTP server for a test (smtp-server), on a free port of 127.0.0.1,
 * keeping every message it accepts; mailparser reads them.
 *
 *   const smtp = await startSmtpServer({ user: "stars", password: "s3cret" });
 *   afterAll(() => smtp.close());
 *   SMTP_URL = smtp.url                        // smtp://stars:s3cret@127.0.0.1:<port>
 *   await smtp.waitFor(3)                      // until 3 messages arrived
 *   const mail = await smtp.parsed(0)          // mailparser's ParsedMail
 *   smtp.refuse = (to, n) => n === 0 ? 451 : undefined   // refuse an address the first time it is offered
 *   smtp.reset()                               // between tests
 *
 * Plain SMTP without STARTTLS (the test's nodemailer would refuse the
 * built-in self-signed certificate); credentials required when given.
 */
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Arrived {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface TestSmtpServer {
  url: string;
  port: number;
  received: Arrived[];
  /** A reply code to refuse a recipient with (4xx for now, 5xx for good), given how many times the address was offered before; undefined accepts. */
  refuse: ((to: string, tries: number) => number | undefined) | undefined;
  /** Called as each message arrives (after it is stored, before the 250 reply). */
  onArrival: ((arrived: Arrived, count: number) => void) | undefined;
  parsed(index: number): Promise<ParsedMail>;
  /** Forgets what arrived and what was offered, and accepts everything again. */
  reset(): void;
  waitFor(count: number, seconds?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpServer(options: { user?: string; password?: string } = {}): Promise<TestSmtpServer> {
  const offered = new Map<string, number>();
  const state: TestSmtpServer = {
    url: "",
    port: 0,
    received: [],
    refuse: undefined,
    onArrival: undefined,
    parsed: (index) => simpleParser(state.received[index]!.raw),
    reset() {
      state.received.length = 0;
      state.refuse = undefined;
      state.onArrival = undefined;
      offered.clear();
    },
    async waitFor(count, seconds = 60) {
      const deadline = Date.now() + seconds * 1000;
      while (state.received.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${state.received.length} of ${count} emails arrived within ${seconds} s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authOptional: !options.user,
    allowInsecureAuth: true,
    logger: false,
    size: 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) return callback(null, { user: auth.username });
      callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const tries = offered.get(address.address) ?? 0;
      offered.set(address.address, tries + 1);
      const code = state.refuse?.(address.address, tries);
      if (code) return callback(Object.assign(new Error(code >= 500 ? "no such mailbox" : "mailbox busy, try again later"), { responseCode: code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const arrived = { from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) };
        state.received.push(arrived);
        state.onArrival?.(arrived, state.received.length);
        callback();
      });
    },
  });
  // A client that dies mid-session (the crash test kills its sender) resets
  // its connection; smtp-server reports it as an "error" event, which with no
  // listener throws in the test process. A mail server serves the others;
  // any other error still throws.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") throw error;
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  state.port = typeof address === "object" && address ? address.port : 0;
  const credentials = options.user ? `${encodeURIComponent(options.user)}:${encodeURIComponent(options.password ?? "")}@` : "";
  state.url = `smtp://${credentials}127.0.0.1:${state.port}`;
  return state;
}
