import { CorrectionNote } from "~/components/correction-note";
import { MetricCard } from "~/components/metric-card";
import { StoryCard } from "~/components/story";
import { nameIn } from "~/i18n";
import { Lang, useLocale, useRichT, useT } from "~/i18n/react";
import { type HonourView, type StoryView } from "./types";

/** The stories told for the person's honours: plain text rendered by <Story>, never HTML. */
export function ProfileStories({ stories, honours }: { stories: StoryView[]; honours: HonourView[] }) {
  const t = useT();
  const rich = useRichT();
  const locale = useLocale();
  const honour = (id: number) => honours.find((h) => h.nominationId === id);
  return (
    <section className="profile-section" aria-labelledby="stories-title">
      <h2 id="stories-title">{t("profile.stories.title")}</h2>
      {stories.map((s, i) => {
        const h = honour(s.nominationId);
        return (
          <StoryCard key={i} story={s} id={`story-${i}`} heading={s.heading} className="profile-story">
            {h ? (
              <p className="profile-story__from">
                {rich("profile.stories.from", { title: nameIn(locale, h.title), campaign: nameIn(locale, h.campaign) })}
              </p>
            ) : null}
            <CorrectionNote what="stories" correction={h?.storiesCorrected} />
          </StoryCard>
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
            <strong>
              <Lang>{nameIn(locale, h.title)}</Lang>
            </strong>{" "}
            · <Lang>{nameIn(locale, h.campaign)}</Lang>
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
