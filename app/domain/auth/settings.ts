/**
 * The session settings an operator may change (server/config.ts
 * reads them from the environment; README's Configuration table lists them).
 * They reach the domain as a plain value, through the load context.
 */
export interface AuthSettings {
  /** A session ends this many days after sign-in, however often it is used. */
  sessionMaxDays: number;
}

export const defaultAuthSettings: AuthSettings = {
  // A month: long enough that nobody signs in twice in a working week, short
  // enough that a copied cookie stops working on its own (ASVS 7.3.2).
  sessionMaxDays: 30,
};
