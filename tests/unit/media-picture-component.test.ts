import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { Picture } from "../../app/components/picture";
import { pictureOf } from "../../app/domain/media/picture";

// Test files are .ts here (vitest includes tests/**/*.test.ts): createElement, not JSX.

const h = (c: string) => c.repeat(64);
const picture = pictureOf(3, [
  { format: "avif", width: 320, height: 240, sha256: h("1") },
  { format: "avif", width: 640, height: 480, sha256: h("2") },
  { format: "webp", width: 320, height: 240, sha256: h("3") },
  { format: "webp", width: 640, height: 480, sha256: h("4") },
  { format: "jpeg", width: 320, height: 240, sha256: h("5") },
  { format: "jpeg", width: 640, height: 480, sha256: h("6") },
])!;

test("a responsive <picture>: AVIF, WebP, then a sized, lazy JPEG <img> with its alt text", () => {
  const html = renderToStaticMarkup(createElement(Picture, { picture, alt: "梁晓岚在热线坐席", sizes: "(min-width: 40rem) 20rem, 100vw" }));
  expect(html).toBe(
    "<picture>" +
      `<source type="image/avif" srcSet="/media/${h("1")}.avif 320w, /media/${h("2")}.avif 640w" sizes="(min-width: 40rem) 20rem, 100vw"/>` +
      `<source type="image/webp" srcSet="/media/${h("3")}.webp 320w, /media/${h("4")}.webp 640w" sizes="(min-width: 40rem) 20rem, 100vw"/>` +
      `<img src="/media/${h("5")}.jpg" srcSet="/media/${h("5")}.jpg 320w, /media/${h("6")}.jpg 640w" sizes="(min-width: 40rem) 20rem, 100vw"` +
      ` width="640" height="480" alt="梁晓岚在热线坐席" loading="lazy" decoding="async"/>` +
      "</picture>",
  );
});

test("eager when asked (the first picture on a page), and an empty alt stays empty", () => {
  const html = renderToStaticMarkup(createElement(Picture, { picture, alt: "", loading: "eager" }));
  expect(html).toContain('alt=""');
  expect(html).toContain('loading="eager"');
  expect(html).toContain('sizes="100vw"');
});
