import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { FieldErrors } from "~/components/form";
import { useHydrated } from "~/components/hydrated";
import { useLocale, useT } from "~/i18n/react";
import { nameIn } from "~/i18n";

/** One person the search offers (the resource route /campaigns/:slug/nominees answers these). */
export interface NomineeOption {
  employeeNo: string;
  name: string;
  jobTitle: string | null;
  unitZh: string;
  unitEn: string | null;
}

/** Waits this long after the last key before asking the server: one request per pause, not per key. */
const debounceMs = 250;

/**
 * A text input for a 工号 or a name. Without JavaScript it is just that, and
 * the server resolves what was typed. With JavaScript it becomes a combobox
 * (ARIA 1.2 pattern): typing searches the people this manager may nominate,
 * ↑/↓ move through the list, Enter picks, Escape closes; picking fills in
 * the 工号, which the server resolves without doubt.
 */
export function NomineePicker({
  field,
  label,
  slug,
  describedBy,
  invalid,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  slug: string;
  describedBy?: string;
  /** An error of the whole list applies to this field too. */
  invalid?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const hydrated = useHydrated();
  const input = useRef<HTMLInputElement>(null);
  const [options, setOptions] = useState<NomineeOption[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState("");
  const [picked, setPicked] = useState<NomineeOption | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const pending = useRef<AbortController>();
  const listId = `${field.id}-list`;
  const optionId = (i: number) => `${field.id}-option-${i}`;

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      pending.current?.abort();
    },
    [],
  );

  function search(q: string) {
    clearTimeout(timer.current);
    pending.current?.abort();
    if (!q.trim()) {
      setOptions([]);
      setOpen(false);
      setStatus("");
      return;
    }
    timer.current = setTimeout(async () => {
      const controller = new AbortController();
      pending.current = controller;
      try {
        const response = await fetch(`/campaigns/${encodeURIComponent(slug)}/nominees?q=${encodeURIComponent(q)}`, {
          signal: controller.signal,
          headers: { accept: "application/json" },
        });
        if (!response.ok) return;
        const body = (await response.json()) as { people: NomineeOption[] };
        setOptions(body.people);
        setActive(-1);
        setOpen(true);
        setStatus(body.people.length ? t("nominate.picker.count", { count: body.people.length }) : t("nominate.picker.none"));
      } catch {
        // Aborted by a newer search, or offline: the typed text still works.
      }
    }, debounceMs);
  }

  function pick(option: NomineeOption) {
    const el = input.current;
    if (!el) return;
    // Set the value as typing would, so Conform (listening for input events) sees it.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(el, option.employeeNo);
    el.dispatchEvent(new Event("input", { bubbles: true }));
    clearTimeout(timer.current);
    setPicked(option);
    setOpen(false);
    setOptions([]);
    setStatus(t("nominate.picker.picked", { name: option.name, no: option.employeeNo }));
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" && options.length) {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % options.length);
    } else if (e.key === "ArrowUp" && options.length) {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
    } else if (e.key === "Enter" && open && active >= 0 && options[active]) {
      e.preventDefault();
      pick(options[active]);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      setOpen(false);
    }
  }

  const expanded = hydrated && open && options.length > 0;
  const props = getInputProps(field, { type: "text", ariaDescribedBy: describedBy });
  const describe = (o: NomineeOption) =>
    [o.employeeNo, o.jobTitle, nameIn(locale, { nameZh: o.unitZh, nameEn: o.unitEn })].filter(Boolean).join(" · ");
  return (
    <div className="field nominee-picker">
      <label htmlFor={field.id}>{label}</label>
      <input
        {...props}
        aria-invalid={invalid || props["aria-invalid"] ? true : undefined}
        ref={input}
        autoComplete="off"
        spellCheck={false}
        {...(hydrated
          ? {
              role: "combobox",
              "aria-autocomplete": "list" as const,
              "aria-expanded": expanded,
              "aria-controls": listId,
              "aria-activedescendant": expanded && active >= 0 ? optionId(active) : undefined,
              onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
                setPicked(null);
                search(e.target.value);
              },
              onKeyDown,
              onBlur: () => setOpen(false),
            }
          : {})}
      />
      {hydrated ? (
        <ul id={listId} role="listbox" aria-label={label} className="nominee-picker__list" hidden={!expanded}>
          {options.map((o, i) => (
            <li
              key={o.employeeNo}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className="nominee-picker__option"
              // mousedown, not click: the input keeps focus and its blur does not close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o);
              }}
            >
              <span className="nominee-picker__name">{o.name}</span>
              <span className="nominee-picker__meta">{describe(o)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {hydrated ? (
        <p className="hint nominee-picker__status" role="status">
          {picked ? t("nominate.picker.picked", { name: picked.name, no: picked.employeeNo }) : status}
        </p>
      ) : null}
      <FieldErrors field={field} />
    </div>
  );
}
