import { parseAllowedHosts, type AllowedHost } from "./robot-platforms";

// The operator's settings the group robots read (README's Configuration
// table): server/config.ts reads them at start, so a bad value stops the
// start with the setting's name; the use-cases read them again through this
// one function, so the two can never disagree.

export interface RobotSettings {
  /** WEBHOOK_ALLOWED_HOSTS: hosts besides the platforms' own whose webhooks may be fetched. */
  allowedHosts: readonly AllowedHost[];
  /** PUBLIC_URL without a trailing slash: the portal's address as people open it, for the links a message carries. */
  publicUrl: string;
  /** False when PUBLIC_URL is unset and links fall back to localhost: the robots' page says so. */
  publicUrlSet: boolean;
}

/** PUBLIC_URL: an http(s) address, perhaps with a path, no query; unset: http://localhost:PORT. */
export function readPublicUrl(env: NodeJS.ProcessEnv = process.env): Pick<RobotSettings, "publicUrl" | "publicUrlSet"> {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return { publicUrl: `http://localhost:${env.PORT?.trim() || "3000"}`, publicUrlSet: false };
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // refused below
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash || url.username || url.password) {
    throw new Error(`PUBLIC_URL must be the portal's address as people open it, such as https://stars.example.com, not "${raw}"`);
  }
  return { publicUrl: `${url.origin}${url.pathname}`.replace(/\/+$/, ""), publicUrlSet: true };
}

export function readRobotSettings(env: NodeJS.ProcessEnv = process.env): RobotSettings {
  return { allowedHosts: parseAllowedHosts(env.WEBHOOK_ALLOWED_HOSTS), ...readPublicUrl(env) };
}
