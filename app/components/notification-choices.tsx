import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { KindGroupView } from "~/domain/notifications/preferences";
import { useT } from "~/i18n/react";

type Row = FieldMetadata<{ kind: string; portal?: boolean; email?: boolean }>;

/**
 * Per kind of notice, grouped: its name, a box for the portal and one for
 * email — the same on a person's settings and the organisation's defaults.
 * A kind that asks its recipient to act shows its portal box ticked and
 * disabled, with why; the server keeps it on whatever is posted. Each kind is
 * a fieldset, so its two boxes are read with its name; on a phone they wrap
 * under it.
 */
export function NotificationChoices({ groups, rows }: { groups: readonly KindGroupView[]; rows: readonly Row[] }) {
  const t = useT();
  // Rows by kind, as the form holds them (the posted values after a refusal).
  const byKind = new Map(rows.map((row) => [row.getFieldset().kind.initialValue, row]));
  return (
    <>
      {groups.map((group) => (
        <section key={group.id} className="card notify-group" aria-labelledby={`group-${group.id}`}>
          <h2 id={`group-${group.id}`}>{t(`inbox.settings.group.${group.id}`)}</h2>
          <ul className="notify-kinds">
            {group.kinds.map(({ kind, portalFixed }) => {
              const row = byKind.get(kind);
              if (!row) return null;
              const f = row.getFieldset();
              const fixedId = `${kind}-fixed`;
              return (
                <li key={kind}>
                  <fieldset className="notify-kind">
                    <legend>{t(`inbox.kind.${kind}`)}</legend>
                    <input {...getInputProps(f.kind, { type: "hidden" })} />
                    <div className="notify-kind__boxes">
                      {portalFixed ? (
                        <label className="checkbox" htmlFor={f.portal.id}>
                          <input type="checkbox" id={f.portal.id} defaultChecked disabled aria-describedby={fixedId} />
                          {t("inbox.settings.portal")}
                        </label>
                      ) : (
                        <label className="checkbox" htmlFor={f.portal.id}>
                          <input {...getInputProps(f.portal, { type: "checkbox" })} />
                          {t("inbox.settings.portal")}
                        </label>
                      )}
                      <label className="checkbox" htmlFor={f.email.id}>
                        <input {...getInputProps(f.email, { type: "checkbox" })} />
                        {t("inbox.settings.email")}
                      </label>
                    </div>
                    {portalFixed ? (
                      <p className="hint" id={fixedId}>
                        {t("inbox.settings.portalFixed")}
                      </p>
                    ) : null}
                  </fieldset>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}

/** The form's starting rows: every kind of the groups with its current choice. */
export const choiceRows = (groups: readonly KindGroupView[]) =>
  groups.flatMap((g) => g.kinds.map((k) => ({ kind: k.kind, portal: k.portal, email: k.email })));
