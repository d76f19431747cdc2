import { sql, type RawBuilder } from "kysely";

// Scope checks by materialised path. A unit's own path is its ancestors'
// path plus itself ("/1/4/" for unit 4 under 1), the form a role's orgPath
// and a campaign's unitPath take, so "inside" is one prefix match. These
// pieces expect the unit joined as "u".

/** A LIKE pattern matches these characters literally once escaped. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The own path of the unit joined as "u". */
export const ownPathOfU: RawBuilder<string> = sql<string>`u.path || u.id::text || '/'`;

/** The unit joined as "u" is the unit with this own path, or below it. */
export const uWithin = (ownPath: string) => sql<boolean>`${ownPathOfU} like ${`${escapeLike(ownPath)}%`}`;
