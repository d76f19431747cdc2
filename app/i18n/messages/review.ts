import { defineMessages } from "../define";

// Owned by the review pages.
export const review = defineMessages({
  en: {
    "review.placeholder": "…",
  },
  "zh-CN": {
    "review.placeholder": "…",
  },
});
