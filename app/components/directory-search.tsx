import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n/react";
import { UnitSelect, type UnitChoice } from "./unit-select";

/** The directory's search form (a plain GET form): text, unit, and any extra fields. */
export function DirectorySearch(props: {
  action: string;
  idPrefix: string;
  units: UnitChoice[];
  query: { q: string | null; unit: string | null };
  children?: ReactNode;
}) {
  const t = useT();
  const { idPrefix: id } = props;
  return (
    <Form method="get" action={props.action} className="filters card" role="search">
      <div className="field">
        <label htmlFor={`${id}-q`}>{t("people.search.label")}</label>
        <input id={`${id}-q`} type="search" name="q" defaultValue={props.query.q ?? ""} maxLength={100} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-unit`}>{t("people.unit.label")}</label>
        <UnitSelect
          id={`${id}-unit`}
          name="unit"
          units={props.units}
          defaultValue={props.query.unit ?? undefined}
          emptyLabel={t("people.unit.any")}
        />
      </div>
      <button type="submit" className="button">
        {t("common.search")}
      </button>
      {props.children}
    </Form>
  );
}
