// The paths of what a signed link opens (links.server.ts signs and checks
// them): the published documents read by a machine without an account — an
// office TV showing a roll's screen, the intranet's server reading the feed
// and the share images in it. A link signs the path alone; ?v=, ?lang= and
// ?key= may follow it.

/** The office screen of a roll. */
export const rollScreenPath = (slug: string) => `/honor-roll/${slug}/screen`;

/** A roll's share image, and one winner's. */
export const rollSharePath = (slug: string) => `/honor-roll/${slug}/share.png`;
export const winnerSharePath = (slug: string, nominationId: number) => `/honor-roll/${slug}/winners/${nominationId}/share.png`;

/** The Atom feed of published rolls. */
export const feedPath = "/honor-roll/feed.atom";
