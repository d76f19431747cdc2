import { defineMessages } from "../define";

// Owned by the receipts page (/campaigns/:slug/receipts) and the results
// exports (/campaigns/:slug/results.csv, .json).
export const receipts = defineMessages({
  en: {
    "receipts.page.meta": "Receipt codes",
  },
  "zh-CN": {
    "receipts.page.meta": "回执码",
  },
});
