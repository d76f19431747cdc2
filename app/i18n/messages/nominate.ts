import { defineMessages } from "../define";

// Owned by the nominate pages.
export const nominate = defineMessages({
  en: {
    "nominate.placeholder": "…",
  },
  "zh-CN": {
    "nominate.placeholder": "…",
  },
});
