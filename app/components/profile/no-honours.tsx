import { useT } from "~/i18n/react";

/**
 * A page without honours yet is not an empty page: it says what will be
 * kept here, in Fred's words, and where colleagues' honours can be read.
 */
export function NoHonours({ name }: { name: string }) {
  const t = useT();
  return (
    <section className="profile-section profile-empty" aria-labelledby="empty-title">
      <span className="profile-empty__mark" aria-hidden="true">
        ✉
      </span>
      <h2 id="empty-title">{t("profile.empty.title")}</h2>
      <p>{t("profile.empty.text", { name })}</p>
      <p className="profile-empty__fred">{t("profile.empty.fred")}</p>
      <p>
        {/* The honour rolls are documents outside the client router: a full page load. */}
        <a href="/honor-roll">{t("profile.empty.rolls")}</a>
      </p>
    </section>
  );
}
