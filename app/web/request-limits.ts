import { wholeNumberSetting } from "~/domain/env";

/**
 * How much one request may carry: the settings an operator may change
 * (README's Configuration table lists them). Both the server (server/config.ts,
 * server/security.ts, which count a body's bytes as they arrive) and the form
 * readers (form.server.ts, which count fields and bytes again before parsing)
 * read them from the environment through this one function, so the two can
 * never disagree. A bad value stops the start with the setting's name.
 */
export interface RequestLimits {
  /** FORM_MAX_FIELDS: fields in any form but the nomination's. */
  formFields: number;
  /** NOMINATION_FORM_MAX_FIELDS: fields in the nomination form. */
  nominationFields: number;
  /** FORM_MAX_BYTES: bytes of a form's body, or of its text parts when it carries files. */
  formBytes: number;
  /** UPLOAD_MAX_BYTES: bytes of a body that carries files (multipart/form-data). */
  uploadBytes: number;
}

export const defaultRequestLimits: RequestLimits = {
  // The largest ordinary form (a roll's winners on the publish page) has under 150 fields.
  formFields: 300,
  // The nomination form at its fullest: 20 metric rows of 9 fields, 10 stories
  // of 5 fields and 4 principles, 12 photo rows of 3, 10 nominees, 6 files and
  // a few more — about 350.
  nominationFields: 500,
  formBytes: 1024 * 1024,
  // Six photos of 15 MB and the text of a nomination; the CSV import checks
  // its own 20 MB again, and each photo is checked by its reader.
  uploadBytes: 100 * 1024 * 1024,
};

export function readRequestLimits(env: NodeJS.ProcessEnv = process.env): RequestLimits {
  const formFields = wholeNumberSetting(env, "FORM_MAX_FIELDS", defaultRequestLimits.formFields, 50, 10_000);
  return {
    formFields,
    nominationFields: wholeNumberSetting(env, "NOMINATION_FORM_MAX_FIELDS", defaultRequestLimits.nominationFields, 400, 10_000),
    formBytes: wholeNumberSetting(env, "FORM_MAX_BYTES", defaultRequestLimits.formBytes, 64 * 1024, 64 * 1024 * 1024),
    uploadBytes: wholeNumberSetting(env, "UPLOAD_MAX_BYTES", defaultRequestLimits.uploadBytes, 1024 * 1024, 1024 * 1024 * 1024),
  };
}
