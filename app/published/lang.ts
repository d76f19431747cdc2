// The roll's components mark names and citations with the same rule as every page.
export { langOf } from "~/i18n/lang";
