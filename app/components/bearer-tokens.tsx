import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useFormat, useT } from "~/i18n/react";

// What /admin/scim (decision 0047) and /admin/api-tokens (decision 0049)
// show alike of the bearer tokens they make: the token just created, shown
// this once in the answer to the form that created it (no redirect, so it
// never sits in a URL or a notice cookie); the form that creates one; the
// list, each live token with its Revoke button. Words: the bearerTokens area.

/** A token as its page lists it (dates as the loader's data carries them). */
export interface TokenView {
  id: number;
  name: string;
  createdBy: string | null;
  createdAt: Date | string;
  lastUsedAt: Date | string | null;
  revokedAt: Date | string | null;
}

/** The secret of a token just created, to copy now: it is never shown again. */
export function CreatedToken({ created, testId }: { created: { name: string; token: string } | null | undefined; testId: string }) {
  const t = useT();
  if (!created) return null;
  return (
    <div className="notice" role="status">
      <p>{t("bearerTokens.created", { name: created.name })}</p>
      <p>
        <label htmlFor={`${testId}-value`}>{t("bearerTokens.created.token")}</label>{" "}
        <input type="text" id={`${testId}-value`} readOnly value={created.token} size={48} data-testid={testId} />
      </p>
    </div>
  );
}

/** The form creating a token: its name (what was typed kept after a refusal), what else the page asks (`children`), a refusal above. */
export function NewTokenForm({
  idPrefix,
  hint,
  error,
  typedName,
  children,
}: {
  idPrefix: string;
  hint: string;
  error: string | null | undefined;
  typedName: string | undefined;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <section aria-labelledby={`${idPrefix}-new`}>
      <h2 id={`${idPrefix}-new`}>{t("bearerTokens.new")}</h2>
      <Form method="post" className="stack card">
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={`${idPrefix}-name`}>{t("bearerTokens.field.name")}</label>
          <input
            type="text"
            id={`${idPrefix}-name`}
            name="name"
            required
            maxLength={100}
            defaultValue={typedName}
            aria-describedby={`${idPrefix}-name-hint`}
            aria-invalid={error ? true : undefined}
          />
          <p id={`${idPrefix}-name-hint`} className="hint">
            {hint}
          </p>
        </div>
        {children}
        <button type="submit" name="intent" value="create" className="button primary">
          {t("bearerTokens.create")}
        </button>
      </Form>
    </section>
  );
}

/** Every token, live ones first, newest first (the domain's order); `extra` is a column of the page's own after the name. */
export function TokenTable<T extends TokenView>({
  idPrefix,
  tokens,
  extra,
}: {
  idPrefix: string;
  tokens: readonly T[];
  extra?: { header: string; cell: (token: T) => ReactNode };
}) {
  const t = useT();
  const format = useFormat();
  return (
    <section aria-labelledby={`${idPrefix}-tokens`}>
      <h2 id={`${idPrefix}-tokens`}>{t("bearerTokens.list")}</h2>
      {tokens.length === 0 ? (
        <p>{t("bearerTokens.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("bearerTokens.col.name")}</th>
                {extra ? <th scope="col">{extra.header}</th> : null}
                <th scope="col">{t("bearerTokens.col.createdBy")}</th>
                <th scope="col">{t("bearerTokens.col.createdAt")}</th>
                <th scope="col">{t("bearerTokens.col.lastUsedAt")}</th>
                <th scope="col">{t("bearerTokens.col.state")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  {extra ? <td>{extra.cell(token)}</td> : null}
                  <td>{token.createdBy ?? ""}</td>
                  <td>{format.dateTime(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t("bearerTokens.never")}</td>
                  <td>
                    {token.revokedAt ? (
                      t("bearerTokens.revokedAt", { when: format.dateTime(token.revokedAt) })
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="id" value={token.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="revoke"
                          className="button danger"
                          aria-label={t("bearerTokens.revoke.label", { name: token.name })}
                        >
                          {t("bearerTokens.revoke")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
