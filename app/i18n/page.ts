import { dictionaryOf, type Dictionary, type Messages } from "./dictionary";
import { common } from "./messages/common";

/**
 * What a route says of its page's words: the areas of messages its
 * components use, beyond `common` (the header, errors, forms), which every
 * page has. Naming an area imports it, so the route's scripts carry exactly
 * these and the browser downloads no other area:
 *
 *     export const handle = { messages: [voting, evidence] } satisfies PageHandle;
 *
 * tests/unit/page-messages.test.ts reads each page's code and fails when a
 * key it uses is in an area its route does not name.
 */
export interface PageHandle {
  messages?: readonly Messages[];
}

/** The dictionary of a page: common and the areas each matched route names (a layout's and its child's). */
export function pageDictionary(matches: ReadonlyArray<{ handle?: unknown }>): Dictionary {
  const areas: Messages[] = [common];
  for (const match of matches) {
    const handle = match.handle as PageHandle | undefined;
    if (handle?.messages) areas.push(...handle.messages);
  }
  return dictionaryOf(areas);
}
