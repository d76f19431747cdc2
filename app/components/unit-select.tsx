import { nameIn } from "~/i18n";
import { useLocale } from "~/i18n/react";

export interface UnitChoice {
  code: string;
  nameZh: string;
  nameEn: string | null;
  depth: number;
}

/** The org tree as the <option>s of a <select>, indented by depth, each named in the reader's language. */
export function UnitOptions({ units }: { units: readonly UnitChoice[] }) {
  const locale = useLocale();
  return units.map((u) => (
    <option key={u.code} value={u.code}>
      {"\u00a0\u00a0".repeat(u.depth)}
      {nameIn(locale, u)}
    </option>
  ));
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
  return (
    <select id={props.id} name={props.name} defaultValue={props.defaultValue ?? ""} aria-describedby={props.describedBy}>
      <option value="">{props.emptyLabel}</option>
      <UnitOptions units={props.units} />
    </select>
  );
}
