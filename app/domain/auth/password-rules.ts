/** Shared by the schema (client and server) and the hashing module. */
export const passwordRules = { min: 10, max: 200 } as const;

/** How long a one-time password link stays valid. */
export const passwordLinkHours = 72;
