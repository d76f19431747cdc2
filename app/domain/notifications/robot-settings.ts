import { readPublicUrl } from "~/mail/settings";
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

export function readRobotSettings(env: NodeJS.ProcessEnv = process.env): RobotSettings {
  return { allowedHosts: parseAllowedHosts(env.WEBHOOK_ALLOWED_HOSTS), ...readPublicUrl(env) };
}
