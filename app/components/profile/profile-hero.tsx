import { Fragment } from "react";
import { Initials } from "~/components/initials";
import { Picture } from "~/components/picture";
import type { PictureData } from "~/domain/media/picture";
import { nameIn } from "~/i18n";
import { langOf } from "~/i18n/lang";
import { Lang, useLocale, useRichT, useT } from "~/i18n/react";
import { plural, type HonourView, type PersonView } from "./types";

/**
 * The top of the page: the photo from the newest honour (initials when
 * there is none), the name, the role and the unit, the years with the
 * company and the honours in one line — what a family member sees first.
 */
export function ProfileHero({
  person,
  photo,
  honours,
}: {
  person: PersonView;
  photo: (PictureData & { caption: string }) | null;
  honours: HonourView[];
}) {
  const t = useT();
  const rich = useRichT();
  const locale = useLocale();
  const unit = person.unitPath.at(-1);
  const name = (x: { nameZh: string; nameEn: string }) => nameIn(locale, x);
  const latest = honours[0];
  return (
    <header className={`profile-hero${honours.length ? " profile-hero--honoured" : ""}`}>
      <div className="profile-hero__portrait">
        {photo ? (
          <Picture
            picture={photo}
            alt={photo.caption || t("profile.photo", { name: person.name })}
            sizes="(min-width: 48rem) 14rem, 11rem"
            loading="eager"
            className="profile-hero__photo"
          />
        ) : (
          <Initials name={person.name} label={t("profile.photo", { name: person.name })} className="profile-hero__initials" />
        )}
      </div>
      <div className="profile-hero__text">
        <h1 className="profile-hero__name" lang={langOf(person.name)}>
          {person.name}
        </h1>
        <p className="profile-hero__role">
          {[person.jobTitle, unit ? nameIn(locale, unit) : null]
            .filter((x): x is string => Boolean(x))
            .map((x, i) => (
              <Fragment key={i}>
                {i > 0 ? " · " : null}
                <Lang>{x}</Lang>
              </Fragment>
            ))}
        </p>
        <ul className="profile-hero__chips">
          {person.yearsOfService !== null ? (
            <li className="chip">
              {person.yearsOfService < 1 ? t("profile.hero.yearsNew") : t("profile.hero.years", { count: person.yearsOfService })}
            </li>
          ) : null}
          {honours.length ? (
            <li className="chip chip--star">
              <span aria-hidden="true">★ </span>
              {t(plural(honours.length, "profile.hero.honours.one", "profile.hero.honours.other"), { count: honours.length })}
            </li>
          ) : null}
          {person.status === "left" ? <li className="chip chip--muted">{t("people.left")}</li> : null}
        </ul>
        {latest ? (
          <p className="profile-hero__latest">{rich("profile.hero.latest", { title: name(latest.title), campaign: name(latest.campaign) })}</p>
        ) : null}
      </div>
    </header>
  );
}
