/**
 * The language of text people typed (names, citations): Chinese when it
 * holds hanzi, so an English page still renders and reads it as Chinese
 * (glyph forms, screen-reader voice; WCAG 3.1.2). Any hanzi, 𠮷 and 𪚥 (beyond
 * UTF-16's first plane) included.
 */
export const langOf = (text: string): "zh-CN" | undefined => (/\p{Script=Han}/u.test(text) ? "zh-CN" : undefined);
