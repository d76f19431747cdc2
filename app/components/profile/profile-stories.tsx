import { MetricCard } from "~/components/metric-card";
import { FredTags, Story } from "~/components/story";
import { useLocale, useT } from "~/i18n/react";
import { inLocale, type HonourView, type StoryView } from "./types";

/** The stories told for the person's honours: plain text rendered by <Story>, never HTML. */
export function ProfileStories({ stories, honours }: { stories: StoryView[]; honours: HonourView[] }) {
  const t = useT();
  const locale = useLocale();
  const honour = (id: number) => honours.find((h) => h.nominationId === id);
  return (
    <section className="profile-section" aria-labelledby="stories-title">
      <h2 id="stories-title">{t("profile.stories.title")}</h2>
      {stories.map((s, i) => {
        const h = honour(s.nominationId);
        return (
          <article key={i} className="card profile-story" aria-labelledby={`story-${i}`}>
            <h3 id={`story-${i}`}>{s.heading}</h3>
            {h ? <p className="profile-story__from">{t("profile.stories.from", { title: inLocale(locale, h.title), campaign: inLocale(locale, h.campaign) })}</p> : null}
            <Story blocks={s.blocks} />
            {s.quote ? (
              <figure className="story__quote">
                <blockquote><p>{s.quote}</p></blockquote>
                <figcaption>{s.quoteBy ? t("nomination.story.saidBy", { who: s.quoteBy }) : t("evidence.story.quote")}</figcaption>
              </figure>
            ) : null}
            <FredTags principles={s.principles} />
          </article>
        );
      })}
    </section>
  );
}

/** The headline metrics chosen for each honour at publication, each with its verdict in words, icon and colour. */
export function ProfileMetrics({ honours }: { honours: HonourView[] }) {
  const t = useT();
  const locale = useLocale();
  const withMetrics = honours.filter((h) => h.metrics.length);
  return (
    <section className="profile-section" aria-labelledby="metrics-title">
      <h2 id="metrics-title">{t("profile.metrics.title")}</h2>
      {withMetrics.map((h) => (
        <div key={h.nominationId} className="profile-metrics">
          <p className="profile-metrics__for">
            <strong>{inLocale(locale, h.title)}</strong> · {inLocale(locale, h.campaign)}
          </p>
          <ul className="metric-cards">
            {h.metrics.map((m, i) => (
              <li key={i}>
                <MetricCard {...m} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
