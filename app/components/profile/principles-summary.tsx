import { fredPrincipleLabel, type FredPrinciple } from "~/domain/nominations/story";
import { useT } from "~/i18n/react";
import { plural } from "./types";

/**
 * The four Fred principles, each with how many of the person's stories show
 * it. A principle shown is marked with a star and says its count in words;
 * one not shown yet says so: the colour only repeats what the words say.
 */
export function PrinciplesSummary({ principles }: { principles: Array<{ principle: FredPrinciple; stories: number }> }) {
  const t = useT();
  return (
    <section className="profile-section" aria-labelledby="principles-title">
      <h2 id="principles-title">{t("profile.principles.title")}</h2>
      <p className="hint">{t("profile.principles.intro")}</p>
      <ul className="principles">
        {principles.map(({ principle, stories }) => (
          <li key={principle} className={`principle principle--${principle}${stories ? " principle--shown" : ""}`}>
            <span className="principle__mark" aria-hidden="true">
              {stories ? "★" : "☆"}
            </span>
            <span className="principle__name">{t(fredPrincipleLabel[principle])}</span>
            <span className="principle__count">
              {stories
                ? t(plural(stories, "profile.principles.count.one", "profile.principles.count.other"), { count: stories })
                : t("profile.principles.none")}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
