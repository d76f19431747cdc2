import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { MetricRow } from "~/domain/nominations/schema";
import { sameAsImported, type ImportedFigure } from "~/domain/nominations/provenance";
import { FigureOrigin } from "~/components/figure-origin";

import type { MetricTemplate } from "~/domain/titles/titles.server";
import { FieldErrors } from "~/components/form";
import { nameIn, unitIn } from "~/i18n";
import { useFormat, useLocale, useT } from "~/i18n/react";

/**
 * One metric row. A template row shows the template's name, unit, direction
 * and target (posted as hidden fields) and asks for the rest; a row of the
 * manager's own asks for everything. A row with a value says where it comes
 * from: the nominee's imported figure (`figure`, read by the server) when
 * the value and period are that figure's, else the nominator's own — the
 * rule the server applies when it saves (decision 0051).
 */
export function MetricRowFields({
  row,
  n,
  template,
  figure,
}: {
  row: FieldMetadata<MetricRow>;
  n: number;
  template: MetricTemplate | null;
  figure?: ImportedFigure;
}) {
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  const f = row.getFieldset();
  const name = template ? nameIn(locale, template) : null;
  const typed = f.value.value !== undefined && String(f.value.value).trim() !== "";
  const imported = sameAsImported({ value: f.value.value, period: f.period.value }, figure);
  const originId = `${row.id}-origin`;
  return (
    <fieldset className="nominate-row">
      <legend>
        {name ? t("nominate.metric.legend.template", { n, name }) : t("nominate.metric.legend", { n })}
        {template?.required ? (
          <>
            {" "}
            <span className="badge">{t("nominate.metric.required")}</span>
          </>
        ) : null}
      </legend>
      {template ? (
        <>
          <input {...getInputProps(f.templateId, { type: "hidden" })} />
          <input {...getInputProps(f.name, { type: "hidden" })} />
          <input {...getInputProps(f.unit, { type: "hidden" })} />
          <input {...getInputProps(f.direction, { type: "hidden" })} />
          <input {...getInputProps(f.target, { type: "hidden" })} />
          <p className="hint nominate-row__facts">
            {[
              template.unit ? t("nominate.metric.unitIs", { unit: unitIn(locale, template) }) : null,
              t(template.direction === "higher" ? "nominate.metric.higher" : "nominate.metric.lower"),
              template.target !== null ? t("nominate.metric.targetIs", { target: template.target }) : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        </>
      ) : (
        <>
          <Text field={f.name} label={t("nominate.metric.name")} />
          <Text field={f.unit} label={t("nominate.metric.unit")} />
          <div className="field">
            <label htmlFor={f.direction.id}>{t("nominate.metric.direction")}</label>
            <select {...getSelectProps(f.direction)}>
              <option value="">{t("nominate.metric.direction.choose")}</option>
              <option value="higher">{t("nominate.metric.higher")}</option>
              <option value="lower">{t("nominate.metric.lower")}</option>
            </select>
            <FieldErrors field={f.direction} />
          </div>
          <Text field={f.target} label={t("nominate.metric.target")} decimal />
        </>
      )}
      <Text field={f.value} label={t("nominate.metric.value")} decimal describedBy={typed ? originId : undefined} />
      {typed ? (
        <p className="nominate-row__origin" id={originId}>
          <FigureOrigin
            figure={imported ? { origin: "imported", sourceSystem: figure!.sourceSystem, importedAt: figure!.importedAt } : { origin: "entered" }}
          />
          {imported && figure!.periodsWith < figure!.periodsTotal ? (
            <> · {t("evidence.origin.partial", { with: figure!.periodsWith, total: figure!.periodsTotal })}</>
          ) : null}
          {!imported && figure ? <> {t("evidence.origin.differs", { value: format.number(figure.value), period: figure.period })}</> : null}
        </p>
      ) : null}
      <Text field={f.period} label={t("nominate.metric.period")} placeholder={t("nominate.metric.period.example")} />
      <Text field={f.baseline} label={t("nominate.metric.baseline")} decimal />
      <Text field={f.source} label={t("nominate.metric.source")} placeholder={t("nominate.metric.source.example")} />
    </fieldset>
  );
}

function Text({
  field,
  label,
  decimal,
  placeholder,
  describedBy,
}: {
  field: FieldMetadata<string | number | undefined>;
  label: string;
  decimal?: boolean;
  placeholder?: string;
  describedBy?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <input
        {...getInputProps(field, { type: "text", ariaDescribedBy: describedBy })}
        inputMode={decimal ? "decimal" : undefined}
        placeholder={placeholder}
        autoComplete="off"
      />
      <FieldErrors field={field} />
    </div>
  );
}
