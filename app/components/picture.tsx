import type { PictureData } from "~/domain/media/picture";

/**
 * A responsive picture from the plain data the domain returns: AVIF and WebP
 * sources for the browsers that read them, a JPEG <img> for the rest, width
 * and height so the page does not jump while it loads, lazy unless asked.
 * `sizes` says how wide it is shown ("(min-width: 40rem) 20rem, 100vw").
 */
export function Picture({
  picture,
  alt,
  sizes = "100vw",
  loading = "lazy",
  className,
}: {
  picture: PictureData;
  /** What the picture shows; "" only when it is decoration next to the same words. */
  alt: string;
  sizes?: string;
  loading?: "lazy" | "eager";
  className?: string;
}) {
  return (
    <picture>
      {picture.sources.map((s) => (
        <source key={s.type} type={s.type} srcSet={s.srcSet} sizes={sizes} />
      ))}
      <img
        src={picture.fallback.src}
        srcSet={picture.fallback.srcSet}
        sizes={sizes}
        width={picture.width}
        height={picture.height}
        alt={alt}
        loading={loading}
        decoding="async"
        className={className}
      />
    </picture>
  );
}
