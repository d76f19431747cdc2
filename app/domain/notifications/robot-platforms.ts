import type { RobotPlatform } from "../../../db/schema";

// Group robots (issue 17, item 4): what each chat platform is, where its
// webhooks live, how fast it lets a robot speak, and which webhook addresses
// the portal will ever fetch. Pure: the robots' form and the domain share it.
// A webhook is fetched only on a platform's official host, or on a host the
// operator listed in WEBHOOK_ALLOWED_HOSTS (a private deployment, a test
// server): the portal must never become a way to reach an arbitrary internal
// address (127.0.0.1, 169.254.169.254, the database). Checked when a robot is
// saved and again before every message leaves.

export type { RobotPlatform };

export const robotPlatforms = ["wecom", "dingtalk", "feishu"] as const satisfies readonly RobotPlatform[];

export const isRobotPlatform = (value: unknown): value is RobotPlatform =>
  typeof value === "string" && (robotPlatforms as readonly string[]).includes(value);

/** DingTalk and Feishu robots sign each message with the secret their security settings show; a WeCom robot's key is in its URL. */
export const platformSigns = (platform: RobotPlatform) => platform !== "wecom";

interface Platform {
  /** The hosts its robots' webhooks are on (https, port 443), and the path every webhook there starts with. */
  hosts: readonly string[];
  path: string;
  /** Messages a robot may send in any 60 s; more are refused by the platform. */
  perMinute: number;
  /** Messages a robot may send in any second, where the platform says. */
  perSecond?: number;
  /** How long the platform stops a robot that went over its limit: a message refused for that waits this long, not counted as a try. */
  throttledSeconds: number;
  /** The answer's codes that mean "too fast" (errcode for WeCom and DingTalk, code for Feishu). */
  throttleCodes: readonly number[];
}

/**
 * What each platform documents (checked 2026-12): WeCom group robots 20
 * messages a minute, errcode 45009 past it; DingTalk custom robots 20 a
 * minute, and a robot past it is throttled for 10 minutes (errcode 130101);
 * Feishu custom bots 100 a minute and 5 a second, code 11232 past it.
 */
export const platforms: Record<RobotPlatform, Platform> = {
  wecom: { hosts: ["qyapi.weixin.qq.com"], path: "/cgi-bin/webhook/send", perMinute: 20, throttledSeconds: 60, throttleCodes: [45009] },
  dingtalk: { hosts: ["oapi.dingtalk.com"], path: "/robot/send", perMinute: 20, throttledSeconds: 600, throttleCodes: [130101] },
  feishu: {
    hosts: ["open.feishu.cn", "open.larksuite.com"],
    path: "/open-apis/bot/v2/hook/",
    perMinute: 100,
    perSecond: 5,
    throttledSeconds: 60,
    throttleCodes: [11232],
  },
};

/** One entry of WEBHOOK_ALLOWED_HOSTS: a host, and its port (null: the scheme's own, 443 or 80). */
export interface AllowedHost {
  host: string;
  port: string | null;
}

/**
 * WEBHOOK_ALLOWED_HOSTS: a comma-separated list of host or host:port
 * (an IPv6 address in brackets). A bad entry stops the start with the
 * setting's name.
 */
export function parseAllowedHosts(raw: string | undefined): AllowedHost[] {
  const entries = (raw ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return entries.map((entry) => {
    const m = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/.exec(entry);
    if (!m || (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 65_535))) {
      throw new Error(`WEBHOOK_ALLOWED_HOSTS must list host or host:port entries separated by commas, not "${entry}"`);
    }
    return { host: m[1], port: m[3] ?? null };
  });
}

/** Why the portal will not fetch this webhook for this platform, or null: it will. */
export type WebhookProblem = "invalid" | "scheme" | "credentials" | "host" | "path";

export function webhookProblem(platform: RobotPlatform, raw: string, allowed: readonly AllowedHost[]): WebhookProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "invalid";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "scheme";
  if (url.username || url.password) return "credentials";
  // The URL parser has already made the host canonical: lower case, punycode, and an IPv4 address however it was spelled (2130706433 is 127.0.0.1).
  const listed = allowed.some((a) => a.host === url.hostname && (a.port ?? "") === url.port);
  if (listed) return null;
  if (url.protocol !== "https:") return "scheme";
  const p = platforms[platform];
  if (!p.hosts.includes(url.hostname) || url.port !== "") return "host";
  if (!url.pathname.startsWith(p.path)) return "path";
  return null;
}

/** A secret shown back: its last four characters at most, and only when it is long enough that they give nothing away. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : "••••";
}

/**
 * A webhook address shown back (the page, the audit log): its key is a
 * credential too — whoever holds a WeCom robot's URL can post in its group —
 * so every query value and every long path segment is masked.
 */
export function maskWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "••••";
  }
  const path = url.pathname
    .split("/")
    .map((segment) => (segment.length >= 16 ? maskSecret(segment) : segment))
    .join("/");
  const query = [...url.searchParams].map(([k, v]) => `${k}=${v ? maskSecret(v) : ""}`).join("&");
  return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ""}`;
}
