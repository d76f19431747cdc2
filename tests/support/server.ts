/**
 * The built app on a free port with its own database, for browser (tests/e2e)
 * and HTTP (tests/http) tests.
 *
 *   const server = await startServer();            // one per test file, in beforeAll
 *   afterAll(() => server.stop());
 *
 * useServer(options?) → { server }: startServer in beforeAll, stop in afterAll.
 *
 * startServer(options?) → TestServer
 *   - builds the app once per test run (`remix build` of a copy of the sources
 *     in the run's own folder, under a lock shared by the workers), so the
 *     working tree's build/ is never touched and a rebuild by someone else
 *     mid-run cannot change what is being tested;
 *   - gives the server its own database: a copy of a template that was migrated
 *     and loaded with the demo data (app/demo) once per run — a fresh PGlite
 *     folder (DATA_DIR in a temp dir), or with TEST_DATABASE_URL a fresh
 *     database on that PostgreSQL server (`create database … template …`);
 *   - starts `node --import tsx server/index.ts` with NODE_ENV=production and
 *     waits for /healthz.
 *   options.database: "demo" (default) | "empty" — "empty" starts on an empty
 *     database: the server migrates it and, on PGlite, seeds it itself.
 *   options.shareDatabaseWith: another TestServer — a second instance on the
 *     same PostgreSQL database (only with TEST_DATABASE_URL; PGlite is one process).
 *   options.env: extra environment for the server process.
 *   options.port: the port to listen on (a free one by default), when the env must name it (PUBLIC_URL).
 *   options.connectVia: PostgreSQL only, the server's DATABASE_URL given its database's (a proxy, PgBouncer);
 *     options.directUrl: then DATABASE_DIRECT_URL is the database's own URL (migrations go direct).
 *
 * TestServer
 *   url            "http://127.0.0.1:<port>"
 *   kind           "pg" | "pglite"
 *   databaseUrl    the server's PostgreSQL database (pg only)
 *   dataDir        the server's PGlite folder (pglite only)
 *   logs()         what the server wrote on stderr so far (JSON lines)
 *   stop()         SIGTERM, wait for the exit, then drop the database / remove the folder
 *   restart()      SIGTERM, wait, start again on the same port and the same data
 *   kill(signal)   send a signal; resolves with how the process ended and how long it took
 *
 * HTTP helpers (plain fetch, redirects not followed):
 *   const c = client(server, { language: "en" });  // a cookie jar and an Accept-Language
 *   await c.get("/people")                          → Response
 *   await c.post("/login", { identifier, password }) // same-origin headers unless given
 *   await c.signIn(demoAccount("staff"))            // asserts the redirect; keeps the cookie
 *   c.cookie("__session")                           // current value in the jar
 *
 *   visibleText(html)                               // a page's text without tags, for "does it say …"
 *
 * Demo data (the contract of app/demo): demoPassword, demoAccounts, demoAccount(role)
 * (the first account of that role).
 *
 * Browser tests: tests/support/browser.ts (useServerAndBrowser, newPage, …) and
 * tests/support/axe.ts (expectNoAxeViolations).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { createDb, type DbHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { freePort } from "./ports";
import { demoAccounts, demoPassword, seedIfEmpty } from "../../app/demo/index";
import { buildSnapshot, repoRoot } from "./snapshot";

export { demoAccounts, demoPassword, repoRoot };

export type DemoRole = (typeof demoAccounts)[number]["role"];
export type DemoAccount = (typeof demoAccounts)[number];

/** The demo account of a role (app/demo has one per role). */
export function demoAccount(role: DemoRole): DemoAccount {
  const account = demoAccounts.find((a) => a.role === role);
  if (!account) throw new Error(`app/demo has no demo account with role ${role}`);
  return account;
}

const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

declare module "vitest" {
  export interface ProvidedContext {
    /** A folder private to this test run (set by tests/support/global-setup.ts). */
    serverRunDir: string;
    /** The template database name on TEST_DATABASE_URL for this run. */
    serverTemplateDb: string;
  }
}

function runSettings() {
  let runDir: string | undefined;
  let templateDb: string | undefined;
  try {
    runDir = inject("serverRunDir");
    templateDb = inject("serverTemplateDb");
  } catch {
    // Outside vitest's globalSetup (e.g. a script): one run per process.
  }
  runDir ??= path.join(repoRoot, ".tmp", "server-runs", `pid-${process.pid}`);
  templateDb ??= `ss_tpl_${process.pid}`;
  return { runDir, templateDb, appDir: path.join(runDir, "app"), pgliteTemplate: path.join(runDir, "pglite-template") };
}

// ---- once per run: build and template, under a lock between workers ---------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function adminQuery(sqlText: string) {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

function databaseUrlFor(name: string) {
  const url = new URL(testDatabaseUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Migrated, with the demo data; closed again so it can be copied. */
async function buildTemplate(settings: ReturnType<typeof runSettings>) {
  let handle;
  if (testDatabaseUrl) {
    await adminQuery(`drop database if exists ${settings.templateDb} with (force)`);
    await adminQuery(`create database ${settings.templateDb}`);
    handle = await createDb({ databaseUrl: databaseUrlFor(settings.templateDb), poolSize: 2 });
  } else {
    handle = await createDb({ dataDir: settings.pgliteTemplate });
  }
  try {
    await migrateToLatest(handle.db);
    await seedIfEmpty(handle.db);
    // The demo announced its campaigns' phases: some 500 emails wait for the
    // first worker. Every test server would render and keep them at start,
    // seconds of CPU each time; the tests of emails write their own.
    await sql`update notification_deliveries set status = 'cancelled' where status in ('pending', 'digest')`.execute(handle.db);
  } finally {
    await handle.close();
  }
}

let prepared: Promise<void> | undefined;

/**
 * The first worker to get here builds; the others wait for its marker. The
 * lock is a directory (mkdir is atomic); a failure is written down so the
 * waiting workers fail with the same message instead of timing out.
 */
function prepareRun(): Promise<void> {
  prepared ??= (async () => {
    const settings = runSettings();
    await mkdir(settings.runDir, { recursive: true });
    const lock = path.join(settings.runDir, "lock");
    const done = path.join(settings.runDir, "ready");
    const failed = path.join(settings.runDir, "failed");
    let owner = false;
    try {
      await mkdir(lock);
      owner = true;
    } catch {
      // another worker builds
    }
    if (owner) {
      try {
        await buildSnapshot(settings.appDir);
        await buildTemplate(settings);
        await writeFile(done, "");
      } catch (error) {
        await writeFile(failed, String(error instanceof Error ? error.stack : error));
        throw error;
      }
      return;
    }
    const deadline = Date.now() + serverStartTimeout;
    for (;;) {
      const ok = await readFile(done).then(
        () => true,
        () => false,
      );
      if (ok) return;
      const why = await readFile(failed, "utf8").catch(() => null);
      if (why !== null) throw new Error(`preparing the test server failed in another worker:\n${why}`);
      if (Date.now() > deadline) throw new Error("timed out waiting for another worker to build the app");
      await sleep(200);
    }
  })();
  return prepared;
}

// ---- one server --------------------------------------------------------------

export interface ServerOptions {
  database?: "demo" | "empty";
  shareDatabaseWith?: TestServer;
  env?: Record<string, string>;
  /** The port to listen on (default: a free one) — for a setting that must name the server's own address, such as PUBLIC_URL. */
  port?: number;
  /** PostgreSQL only: the address the server connects through, given its database's URL (a TCP proxy a test can cut, a pooler). */
  connectVia?: (databaseUrl: string) => string;
  /** With connectVia: DATABASE_DIRECT_URL is the database's own URL, so migrations (and what needs a session) bypass connectVia. */
  directUrl?: boolean;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from kill() to the exit. */
  ms: number;
}

export interface TestServer {
  url: string;
  port: number;
  kind: "pg" | "pglite";
  databaseUrl?: string;
  dataDir?: string;
  /** The server process's id (changes with restart()). */
  pid(): number;
  logs(): string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<Exit>;
}

export { freePort };

const live = new Set<ChildProcess>();
// A crashed or interrupted worker must not leave servers behind.
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

let serial = 0;

export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  await prepareRun();
  const settings = runSettings();
  const kind: "pg" | "pglite" = testDatabaseUrl ? "pg" : "pglite";
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  let cleanup: () => Promise<void> = async () => {};

  if (options.shareDatabaseWith) {
    if (kind !== "pg") throw new Error("shareDatabaseWith needs TEST_DATABASE_URL (PGlite is one process)");
    databaseUrl = options.shareDatabaseWith.databaseUrl;
  } else if (kind === "pg") {
    const name = `ss_e2e_${process.pid}_${++serial}_${Date.now().toString(36)}`;
    await adminQuery(options.database === "empty" ? `create database ${name}` : `create database ${name} template ${settings.templateDb}`);
    databaseUrl = databaseUrlFor(name);
    cleanup = () => adminQuery(`drop database if exists ${name} with (force)`);
  } else {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "ss-e2e-pglite-"));
    if (options.database !== "empty") await cp(settings.pgliteTemplate, dataDir, { recursive: true });
    const dir = dataDir;
    cleanup = () => rm(dir, { recursive: true, force: true });
  }

  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    // A page that uses a message its route does not name fails to render (app/entry.server.tsx).
    I18N_STRICT: "1",
    PORT: String(port),
    HOST: "127.0.0.1",
    TSX_TSCONFIG_PATH: path.join(repoRoot, "tsconfig.json"),
    ...(databaseUrl
      ? { DATABASE_URL: options.connectVia?.(databaseUrl) ?? databaseUrl, DATABASE_DIRECT_URL: options.directUrl ? databaseUrl : "", DATA_DIR: "" }
      : { DATA_DIR: dataDir, DATABASE_URL: "", DATABASE_DIRECT_URL: "" }),
    ...options.env,
  };
  delete env.TEST_DATABASE_URL;
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;

  let child: ChildProcess;
  let output = "";
  let exited: Promise<Exit>;
  let killedAt = 0;

  async function spawnServer() {
    killedAt = 0;
    child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "server/index.ts")], {
      cwd: settings.appDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    live.add(child);
    child.stdout!.on("data", (d: Buffer) => (output += d));
    child.stderr!.on("data", (d: Buffer) => (output += d));
    const current = child;
    exited = new Promise<Exit>((resolve) =>
      current.once("exit", (code, signal) => {
        live.delete(current);
        resolve({ code, signal, ms: killedAt ? Date.now() - killedAt : 0 });
      }),
    );
    // A second or two when the machine is idle; over a minute when every core is busy (PGlite's WASM, tsx).
    const deadline = Date.now() + 180_000;
    let gone: Exit | undefined;
    void exited.then((e) => (gone = e));
    for (;;) {
      if (gone) throw new Error(`the server exited (${gone.code ?? gone.signal}) before it was ready:\n${output}`);
      const ready = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) {
        current.kill("SIGKILL");
        throw new Error(`the server did not answer /healthz within 180 s:\n${output}`);
      }
      await sleep(100);
    }
  }

  async function kill(signal: NodeJS.Signals = "SIGTERM"): Promise<Exit> {
    if (child.exitCode === null && child.signalCode === null) {
      killedAt = Date.now();
      child.kill(signal);
    }
    return exited;
  }

  async function terminate() {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await kill("SIGTERM");
    clearTimeout(timer);
  }

  try {
    await spawnServer();
  } catch (error) {
    await cleanup();
    throw error;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    kind,
    databaseUrl,
    dataDir,
    pid: () => child.pid!,
    logs: () => output,
    kill,
    async restart() {
      await terminate();
      await spawnServer();
    },
    async stop() {
      await terminate();
      await cleanup();
    },
  };
}

/** How long a test file may wait for its server: the first of a run also builds the app and seeds the demo template. */
export const serverStartTimeout = 600_000;

/** One server for the test file: started before its tests, stopped after them. */
export function useServer(options?: ServerOptions): { server: TestServer } {
  const app = {} as { server: TestServer };
  // The first server of a run builds the app and seeds the demo template: minutes on a busy machine.
  beforeAll(async () => {
    app.server = await startServer(options);
  }, serverStartTimeout);
  afterAll(() => app.server?.stop());
  return app;
}

// ---- a tiny HTTP client with a cookie jar ------------------------------------

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
  /** Leave out the same-origin headers a browser sends with a form post. */
  crossSite?: boolean;
}

export interface Client {
  get(pathname: string, options?: RequestOptions): Promise<Response>;
  /** A form post (urlencoded) with the headers a browser sends from our own page. */
  post(pathname: string, form: Record<string, string> | URLSearchParams | null, options?: RequestOptions): Promise<Response>;
  request(pathname: string, options?: RequestOptions): Promise<Response>;
  /** Signs in (expects the redirect) and keeps the session cookie. */
  signIn(account: { employeeNo: string } | string, password?: string): Promise<Response>;
  cookie(name: string): string | undefined;
  setCookie(name: string, value: string): void;
  /** The Cookie header the jar sends. */
  cookieHeader(): string;
}

export function client(server: Pick<TestServer, "url">, options: { language?: string } = {}): Client {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

  function remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
  }

  async function request(pathname: string, opts: RequestOptions = {}) {
    const headers: Record<string, string> = { ...opts.headers };
    if (options.language && !("accept-language" in headers)) headers["accept-language"] = options.language;
    if (jar.size && !("cookie" in headers)) headers.cookie = cookieHeader();
    const response = await fetch(new URL(pathname, server.url), {
      method: opts.method ?? "GET",
      headers,
      body: opts.body,
      redirect: "manual",
    });
    remember(response);
    return response;
  }

  async function post(pathname: string, form: Record<string, string> | URLSearchParams | null, opts: RequestOptions = {}) {
    const sameOrigin: Record<string, string> = opts.crossSite ? {} : { origin: server.url, "sec-fetch-site": "same-origin" };
    return request(pathname, {
      ...opts,
      method: opts.method ?? "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...sameOrigin, ...opts.headers },
      body: opts.body ?? (form ? new URLSearchParams(form).toString() : undefined),
    });
  }

  return {
    get: (pathname, opts) => request(pathname, opts),
    post,
    request,
    async signIn(account, password = demoPassword) {
      const identifier = typeof account === "string" ? account : account.employeeNo;
      const response = await post("/login", { identifier, password, redirectTo: "/" });
      if (response.status !== 302) {
        throw new Error(`signing in as ${identifier} answered ${response.status}, not a redirect`);
      }
      return response;
    },
    cookie: (name) => jar.get(name),
    setCookie: (name, value) => void jar.set(name, value),
    cookieHeader,
  };
}

/**
 * Runs `change` on a running test server's own database, behind the app's
 * back (what a form would refuse, a tampered row): on PostgreSQL beside the
 * server; on PGlite, which is one process, with the server stopped for the
 * write and started again on the same data afterwards.
 */
export async function withServerDatabase<T>(server: TestServer, change: (db: DbHandle["db"]) => Promise<T>): Promise<T> {
  const run = async (handle: DbHandle) => {
    try {
      return await change(handle.db);
    } finally {
      await handle.close();
    }
  };
  if (server.kind === "pg") return run(await createDb({ databaseUrl: server.databaseUrl!, poolSize: 1 }));
  await server.kill("SIGTERM");
  try {
    return await run(await createDb({ dataDir: server.dataDir! }));
  } finally {
    await server.restart();
  }
}

/** A client signed in as a demo account; `language` is its Accept-Language (none: the server's default). */
export async function signedInClient(server: Pick<TestServer, "url">, role: DemoRole, language?: string): Promise<Client> {
  const c = client(server, { language });
  await c.signIn(demoAccount(role));
  return c;
}

/** The text of a page without its tags, for "does it say …" checks. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, " ")
    .replace(/<style[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}
