import { defineMessages } from "../define";

// Owned by the titles and campaigns area (app/domain/titles, app/domain/campaigns).
export const campaigns = defineMessages({
  en: {
    "campaigns.title": "Campaigns",
  },
  "zh-CN": {
    "campaigns.title": "评选活动",
  },
});
