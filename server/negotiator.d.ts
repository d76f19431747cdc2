// negotiator 0.6.4 (jshttp; what compression and Express's accepts use) has
// no types of its own; this is the one call server/precompressed.ts makes.
declare module "negotiator" {
  export default class Negotiator {
    constructor(request: { headers: Record<string, string | string[] | undefined> });
    /** The client's most preferred of `available`; on a tie, the first of `preferred`. */
    encoding(available: string[], preferred?: string[]): string | undefined;
  }
}
