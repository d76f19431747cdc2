import { Fragment, type ReactNode } from "react";
import type { FredPrinciple, StoryBlock } from "~/domain/nominations/story";
import { fredPrincipleLabel } from "~/domain/nominations/story";
import { langOf } from "~/i18n/lang";
import { useRichT, useT } from "~/i18n/react";

/** Lines joined with <br>: every piece stays a text node. */
function Lines({ text }: { text: string }) {
  const lines = text.split("\n");
  return (
    <>
      {lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 ? <br /> : null}
          {line}
        </Fragment>
      ))}
    </>
  );
}

/**
 * A story from parseStory's blocks. Nothing here is HTML from the user: text
 * goes in as React text nodes (escaped), and no link is ever made from it.
 */
export function Story({ blocks, className }: { blocks: StoryBlock[]; className?: string }) {
  const t = useT();
  return (
    <div className={className ? `story ${className}` : "story"}>
      {blocks.map((block, i) => {
        switch (block.kind) {
          case "paragraph":
            return (
              <p key={i} lang={langOf(block.text)}>
                <Lines text={block.text} />
              </p>
            );
          case "list": {
            const items = block.items.map((item, j) => (
              <li key={j} lang={langOf(item)}>
                {item}
              </li>
            ));
            return block.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
          }
          case "quote":
            return (
              <figure key={i} className="story__quote">
                <blockquote lang={langOf(block.text)}>
                  <p>
                    <Lines text={block.text} />
                  </p>
                </blockquote>
                <figcaption>{t("evidence.story.quote")}</figcaption>
              </figure>
            );
        }
      })}
    </div>
  );
}

/** The Fred principles a story shows, named in words. */
export function FredTags({ principles }: { principles: readonly FredPrinciple[] }) {
  const t = useT();
  if (principles.length === 0) return null;
  return (
    <div className="fred-tags">
      <span className="fred-tags__label">{t("evidence.fred.title")}</span>
      <ul>
        {principles.map((p) => (
          <li key={p} className={`fred-tag fred-tag--${p}`}>
            {t(fredPrincipleLabel[p])}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What a story card shows: a heading, the parsed text, the customer's words, the Fred principles. */
export interface StoryCardData {
  heading: string;
  blocks: StoryBlock[];
  principles: readonly FredPrinciple[];
  quote: string | null;
  quoteBy: string | null;
}

/**
 * One story as a card — on a nomination's page and on a profile page: its
 * heading, the text, the customer's words with who said them, and the Fred
 * principles it shows. `children` go under the heading (where it was told).
 */
export function StoryCard({
  story,
  id,
  heading,
  className,
  children,
}: {
  story: StoryCardData;
  id: string;
  heading: string;
  className: string;
  children?: ReactNode;
}) {
  const t = useT();
  const rich = useRichT();
  return (
    <article className={`card ${className}`} aria-labelledby={id}>
      <h3 id={id} lang={langOf(heading)}>
        {heading}
      </h3>
      {children}
      <Story blocks={story.blocks} />
      {story.quote ? (
        <figure className={`story__quote ${className}__quote`}>
          <blockquote lang={langOf(story.quote)}>
            <p>{story.quote}</p>
          </blockquote>
          <figcaption>{story.quoteBy ? rich("nomination.story.saidBy", { who: story.quoteBy }) : t("evidence.story.quote")}</figcaption>
        </figure>
      ) : null}
      <FredTags principles={story.principles} />
    </article>
  );
}
