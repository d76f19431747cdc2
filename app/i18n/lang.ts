const han = /\p{Script=Han}/u;

/**
 * The language of text that is not the page's own words — names of people
 * and units, job titles, what people typed (citations, stories, quotes), a
 * campaign or unit without an English name: Chinese when it holds Han
 * characters (any plane: 𠮷 as much as 张), so an English page renders and
 * reads it as Chinese (glyph forms, screen-reader voice; WCAG 3.1.2). On a
 * Chinese page the mark repeats the page's language and does no harm.
 */
export const langOf = (text: string | null | undefined): "zh-CN" | undefined => (text && han.test(text) ? "zh-CN" : undefined);
