/**
 * The language of text people typed (names, citations): Chinese when it
 * holds hanzi, so an English page still renders and reads it as Chinese
 * (glyph forms, screen-reader voice; WCAG 3.1.2).
 */
export const langOf = (text: string): "zh-CN" | undefined => (/[\u3400-\u9fff]/.test(text) ? "zh-CN" : undefined);
