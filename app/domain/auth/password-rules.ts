/** Shared by the schema (client and server) and the hashing module. */
export const passwordRules = { min: 10, max: 200 } as const;
