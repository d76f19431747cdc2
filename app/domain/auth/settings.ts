/**
 * The sign-in and session settings an operator may change (server/config.ts
 * reads them from the environment; README's Configuration table lists them).
 * They reach the domain as a plain value, through the load context.
 */
export interface AuthSettings {
  /** Wrong passwords one client address may send in a 15-minute window, whoever they are for. */
  signInIpFailures: number;
  /** Company sign-ins (OIDC, SAML) one client address may start in a 15-minute window (SIGNIN_IP_STARTS). */
  signInIpStarts: number;
  /** A session ends this many days after sign-in, however often it is used. */
  sessionMaxDays: number;
  /**
   * PASSWORD_SIGN_IN: who may sign in with a password. `on` (default) anyone;
   * with a company sign-in configured, `admins` only administrators (a way in
   * when the identity provider is down), `off` nobody (issue 18).
   */
  passwordSignIn?: PasswordSignIn;
}

export type PasswordSignIn = "on" | "admins" | "off";

export const defaultAuthSettings: AuthSettings = {
  // A floor of a few hundred agents behind one NAT address makes a few typos
  // each morning; an attacker there gets 30 guesses a quarter of an hour,
  // spread over every account.
  signInIpFailures: 30,
  // Every start of a company sign-in counts, whether or not it comes back: a
  // floor of 500 agents behind one NAT address all starting within the same
  // quarter of an hour still gets through; a script is held to 600 stored
  // SAML requests (or OIDC round trips) a quarter of an hour per address.
  signInIpStarts: 600,
  // A month: long enough that nobody signs in twice in a working week, short
  // enough that a copied cookie stops working on its own (ASVS 7.3.2).
  sessionMaxDays: 30,
};
