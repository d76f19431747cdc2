import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData, useFetcher } from "@remix-run/react";
import { FieldErrors, FormErrors } from "~/components/form";
import { PrivacyChoice, privacyOnInput } from "~/components/privacy-guard";
import { parseWithPrivacy } from "~/web/parse-form";
import { useHydrated } from "~/components/hydrated";
import { congratulateSchema } from "~/domain/publishing/congratulations-schema";
import { nameIn } from "~/i18n";
import { langOf } from "~/i18n/lang";
import { Lang, useFormat, useLocale, useRichT, useT } from "~/i18n/react";
import { ThumbIcon } from "./thumb-icon";
import { congratulationsAnchor, formIds, plural, type CongratulationView, type HonourView } from "./types";

/** What the page's action answers a form that it does not redirect. */
export interface ProfileAnswer {
  /** The form that asked (formIds). */
  form: string;
  reply?: SubmissionResult<string[]>;
  /** Congratulated through the fetcher: the person's name, for the thank-you. */
  done?: string;
  /** A refusal in the reader's language, for the page to say where the form is no longer shown. */
  error?: string;
}

interface Props {
  person: { name: string };
  honours: HonourView[];
  may: { congratulate: boolean; hide: boolean };
}

/** Colleagues' congratulations, one card per honour: the count, the 点赞 form, the list. */
export function Congratulations({ person, honours, may }: Props) {
  const t = useT();
  return (
    <section className="profile-section" aria-labelledby="congrats-title">
      <h2 id="congrats-title">{t("profile.congrats.title")}</h2>
      {honours.map((h) => (
        <HonourCongratulations key={h.nominationId} honour={h} person={person} may={may} />
      ))}
    </section>
  );
}

function HonourCongratulations({ honour: h, person, may }: { honour: HonourView } & Omit<Props, "honours">) {
  const t = useT();
  const rich = useRichT();
  const locale = useLocale();
  const c = h.congratulations;
  // With script the 点赞 goes through a fetcher, so the page stays where it is; without, the form posts and the page comes back.
  const fetcher = useFetcher<ProfileAnswer>();
  const actionData = useActionData<ProfileAnswer>();
  const refused = actionData?.form === formIds.congratulate(h.nominationId) ? actionData.error : undefined;
  const headingId = `congrats-${h.nominationId}-title`;
  const thanked = fetcher.data?.form === formIds.congratulate(h.nominationId) && fetcher.data.done ? fetcher.data.done : null;
  const listed = c.items.filter((i) => !i.hidden).length;
  return (
    <article className="card congrats" id={congratulationsAnchor(h.nominationId)} aria-labelledby={headingId}>
      <h3 id={headingId} className="congrats__for">
        <Lang>{nameIn(locale, h.title)}</Lang>{" "}
        <span className="congrats__campaign">
          <Lang>{nameIn(locale, h.campaign)}</Lang>
        </span>
      </h3>
      <p className="congrats__count">
        <ThumbIcon />{" "}
        {c.count > 0
          ? t(plural(c.count, "profile.congrats.count.one", "profile.congrats.count.other"), { count: c.count })
          : may.congratulate && !c.mine
            ? t("profile.congrats.none")
            : t("profile.congrats.count.zero")}
      </p>
      <p role="status" className="congrats__thanks">
        {thanked ? rich("profile.congrats.done", { name: thanked }) : null}
      </p>
      {may.congratulate && !c.mine ? (
        <CongratulateForm honour={h} fetcher={fetcher} />
      ) : (
        <>
          {/* The form is gone (already congratulated, or one's own page): a refusal is said here instead. */}
          {refused ? (
            <p className="form-error" role="alert">
              {refused}
            </p>
          ) : null}
          {c.mine ? (
            <p className="congrats__mine">
              <span aria-hidden="true">✓ </span>
              {rich("profile.congrats.mine", { name: person.name })}
            </p>
          ) : may.hide ? (
            <p className="hint">{t("profile.congrats.selfHint")}</p>
          ) : null}
        </>
      )}
      {c.items.length ? (
        <ol className="congrats__list">
          {c.items.map((item) => (
            <li key={item.id} className={`congrat${item.hidden ? " congrat--hidden" : ""}`}>
              <Congratulation item={item} person={person} mayHide={may.hide} />
            </li>
          ))}
        </ol>
      ) : null}
      {c.count > listed ? <p className="hint">{t("profile.congrats.more", { shown: listed, count: c.count })}</p> : null}
    </article>
  );
}

function CongratulateForm({ honour: h, fetcher }: { honour: HonourView; fetcher: ReturnType<typeof useFetcher<ProfileAnswer>> }) {
  const t = useT();
  const locale = useLocale();
  const hydrated = useHydrated();
  const actionData = useActionData<ProfileAnswer>();
  const id = formIds.congratulate(h.nominationId);
  const answer = fetcher.data?.form === id ? fetcher.data : actionData?.form === id ? actionData : undefined;
  const [form, fields] = useForm({
    id,
    lastResult: answer?.reply,
    onValidate: ({ formData }) => parseWithPrivacy(formData, congratulateSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const hintId = `${id}-hint`;
  return (
    <fetcher.Form
      method="post"
      {...getFormProps(form)}
      onInput={privacyOnInput(form.validate, form.allErrors)}
      className="congrats__form"
      preventScrollReset
    >
      <input type="hidden" name="intent" value="congratulate" />
      <input type="hidden" name="nominationId" value={h.nominationId} />
      {/* Present only once the page runs script: the action then answers in place instead of redirecting. */}
      {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
      <FormErrors errors={form.errors} id={form.errorId} />
      <PrivacyChoice errors={form.allErrors} id={`${form.id}-privacy`} />
      <div className="field">
        <label htmlFor={fields.message.id}>{t("profile.congrats.label")}</label>
        <input {...getInputProps(fields.message, { type: "text", ariaDescribedBy: hintId })} autoComplete="off" enterKeyHint="send" />
        <p className="hint" id={hintId}>
          {t("profile.congrats.hint")}
        </p>
        <FieldErrors field={fields.message} />
      </div>
      <button type="submit" className="button primary congrats__button" disabled={fetcher.state !== "idle"}>
        <ThumbIcon />
        {fetcher.state !== "idle" ? t("profile.congrats.sending") : t("profile.congrats.submit")}
        <span className="visually-hidden">
          : {nameIn(locale, h.title)}, {nameIn(locale, h.campaign)}
        </span>
      </button>
    </fetcher.Form>
  );
}

function Congratulation({ item, person, mayHide }: { item: CongratulationView; person: { name: string }; mayHide: boolean }) {
  const t = useT();
  const rich = useRichT();
  const format = useFormat();
  const actionData = useActionData<ProfileAnswer>();
  const error = actionData?.form === formIds.visibility(item.id) ? actionData.error : undefined;
  return (
    <>
      <p className="congrat__who">
        {item.author.employeeNo ? (
          <Link to={`/people/${item.author.employeeNo}`} lang={langOf(item.author.name)}>
            {item.author.name}
          </Link>
        ) : (
          <span lang={langOf(item.author.name)}>{item.author.name}</span>
        )}{" "}
        <span className="congrat__when">{format.date(item.at)}</span>
      </p>
      <p className="congrat__text" lang={langOf(item.message)}>
        {item.message ?? (
          <span className="congrat__plain">
            <ThumbIcon /> {t("profile.congrats.plain")}
          </span>
        )}
      </p>
      {item.hidden ? <p className="congrat__hidden">{rich("profile.congrats.hidden", { name: person.name })}</p> : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {mayHide ? (
        <Form method="post" className="congrat__visibility" preventScrollReset>
          <input type="hidden" name="intent" value={item.hidden ? "show" : "hide"} />
          <input type="hidden" name="id" value={item.id} />
          <button type="submit" className="button small">
            {item.hidden ? t("profile.congrats.show") : t("profile.congrats.hide")}
            <span className="visually-hidden">: {item.author.name}</span>
          </button>
        </Form>
      ) : null}
    </>
  );
}
