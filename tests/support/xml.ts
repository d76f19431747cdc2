// XML for the feed tests: a strict parser (any error fails the test) and the
// Atom namespace.
import { DOMParser } from "@xmldom/xmldom";

export const atom = "http://www.w3.org/2005/Atom";

/** Parses XML (or SVG with type "image/svg+xml"), throwing on any warning or error. */
export function parseXml(xml: string, type: "application/xml" | "image/svg+xml" = "application/xml") {
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, type);
}
