import { wholeNumberSetting } from "./env";

/**
 * How long the portal keeps what it needs only for a while (docs/privacy.md):
 * the settings an operator may change, read from the environment by
 * server/config.ts at start (a bad value stops the start with the setting's
 * name) and handed to the jobs that forget (server/workers.ts).
 */
export interface RetentionSettings {
  /** RETENTION_NETWORK_DAYS: days after a sign-in that its session's browser (user agent) is forgotten. */
  networkDays: number;
  /** UPLOAD_ABANDONED_HOURS: hours after its last upload that a photo no nomination uses and no honour roll showed is deleted. */
  uploadAbandonedHours: number;
}

export const defaultRetention: RetentionSettings = {
  // Long enough to answer "was that sign-in me?" for a quarter; issue 19 asks for 90 days.
  networkDays: 90,
  // An unsaved nomination form keeps its photos through a working day and a night.
  uploadAbandonedHours: 24,
};

export function readRetentionSettings(env: Readonly<Record<string, string | undefined>> = process.env): RetentionSettings {
  return {
    // At most ten years: longer is keeping for ever.
    networkDays: wholeNumberSetting(env, "RETENTION_NETWORK_DAYS", defaultRetention.networkDays, 1, 3_650),
    // At most a year: past that an abandoned upload is no longer a draft's.
    uploadAbandonedHours: wholeNumberSetting(env, "UPLOAD_ABANDONED_HOURS", defaultRetention.uploadAbandonedHours, 1, 8_760),
  };
}
