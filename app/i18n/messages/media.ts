import { defineMessages } from "../define";

// Owned by the media area (app/domain/media): uploads, photos, avatars.
export const media = defineMessages({
  en: {
    "media.photo": "Photo",
  },
  "zh-CN": {
    "media.photo": "照片",
  },
});
