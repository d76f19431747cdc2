import { nameIn } from "~/i18n";
import { useLocale } from "~/i18n/react";

export interface UnitChoice {
  code: string;
  nameZh: string;
  nameEn: string | null;
  depth: number;
}

/** A plain <select> of the org tree, indented by depth. */
export function UnitSelect(props: {
  id: string;
  name: string;
  units: UnitChoice[];
  defaultValue?: string;
  emptyLabel: string;
  describedBy?: string;
}) {
  const locale = useLocale();
  return (
    <select id={props.id} name={props.name} defaultValue={props.defaultValue ?? ""} aria-describedby={props.describedBy}>
      <option value="">{props.emptyLabel}</option>
      {props.units.map((u) => (
        <option key={u.code} value={u.code}>
          {"\u00a0\u00a0".repeat(u.depth)}
          {nameIn(locale, u)}
        </option>
      ))}
    </select>
  );
}
