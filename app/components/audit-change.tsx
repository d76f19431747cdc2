import type { FieldChange, ShownValue } from "~/domain/audit/readable";
import { useFormat, useHasMessage, useT } from "~/i18n/react";

// An audit entry's before and after, readable: one line per field that
// changed, its name translated where the portal knows it, the old value struck
// through and the new one after an arrow (each also named for screen readers).

/** A field's name in the reader's language where the portal knows it, else as written. */
export function useFieldLabel() {
  const t = useT();
  const isMessageKey = useHasMessage();
  return (field: string) => {
    const key = `admin.audit.field.${field}`;
    return isMessageKey(key) ? t(key) : field;
  };
}

function Value({ value }: { value: ShownValue }) {
  const t = useT();
  const format = useFormat();
  const label = useFieldLabel();
  switch (value.kind) {
    case "none":
      return <>{t("admin.audit.value.none")}</>;
    case "bool":
      return <>{t(value.value ? "common.yes" : "common.no")}</>;
    case "time":
      return <>{format.dateTime(value.iso)}</>;
    case "text":
      return <>{value.text}</>;
    case "list":
      return (
        <>
          {value.items.map((item, i) => (
            <span key={i}>
              {i > 0 ? "; " : null}
              <Value value={item} />
            </span>
          ))}
        </>
      );
    case "record":
      return (
        <>
          {value.fields.map((f, i) => (
            <span key={f.field}>
              {i > 0 ? ", " : null}
              {label(f.field)}: <Value value={f.value} />
            </span>
          ))}
        </>
      );
  }
}

export function AuditChanges({ changes }: { changes: FieldChange[] }) {
  const t = useT();
  const label = useFieldLabel();
  if (changes.length === 0) return <>—</>;
  return (
    <ul className="audit-diff">
      {changes.map((c) => {
        const field = c.path.map(label).join(" › ");
        // A fact about the state before (nothing after it): its value, said to be the earlier one, not struck through.
        const onlyBefore = c.after.kind === "none" && c.before.kind !== "none";
        return (
          <li key={c.path.join(".")}>
            {field || onlyBefore ? (
              <span className="audit-diff__field">
                {field}
                {onlyBefore ? <span className="hint"> ({t("admin.audit.before")})</span> : null}:{" "}
              </span>
            ) : null}
            {onlyBefore ? (
              <Value value={c.before} />
            ) : (
              <>
                {c.before.kind !== "none" ? (
                  <>
                    <del className="audit-diff__before">
                      <span className="visually-hidden">{t("admin.audit.before")}: </span>
                      <Value value={c.before} />
                    </del>
                    <span aria-hidden="true"> → </span>
                    <span className="visually-hidden"> {t("admin.audit.changedTo")} </span>
                  </>
                ) : null}
                <ins className="audit-diff__after">
                  <Value value={c.after} />
                </ins>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
