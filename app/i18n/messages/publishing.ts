import { defineMessages } from "../define";

// Owned by publishing (app/domain/publishing): refusals of publishing and
// correcting an honour roll. The pages that show rolls have their own files.
export const publishing = defineMessages({
  en: {
    "publishing.choice.unknownWinner": "That is not one of this campaign's winners (or it was named twice). Reload the page and choose again.",
    "publishing.choice.photo": "Choose one of the winner's own photos, or none.",
    "publishing.choice.metrics": "Choose at most three of the winner's own metrics, each once.",
    "publishing.choice.citation": "A citation must have 1 to 200 characters.",
    "publishing.choice.story":
      "Each story keeps a heading of at most 80 characters and a text of 1 to 5,000 characters, or is withdrawn. Reload the page and correct it again.",
    "publishing.notClosed": "An honour roll can be published once voting has closed and the winners are ratified.",
    "publishing.notPublished": "This campaign has not been published yet: publish it before correcting its honour roll.",
    "publishing.unchanged": "Nothing was changed, so no new version was published.",
    "publishing.reason.length": "Say why the honour roll is corrected, in {min} to {max} characters: readers see it with the new version.",
    "honorRoll.notFound": "There is no published honour roll here.",
  },
  "zh-CN": {
    "publishing.choice.unknownWinner": "所选不是本次评选的获奖者（或重复选择了同一位），请刷新页面后重新选择。",
    "publishing.choice.photo": "请从获奖者本人的照片中选择一张，或不选照片。",
    "publishing.choice.metrics": "最多选择三项获奖者本人的业绩指标，每项只能选一次。",
    "publishing.choice.citation": "颁奖词须为 1 至 200 个字。",
    "publishing.choice.story": "每篇事迹须保留不超过 80 个字的标题和 1 至 5000 个字的正文，或予以撤下。请刷新页面后重新更正。",
    "publishing.notClosed": "投票结束且获奖名单经评审确认后，才能发布光荣榜。",
    "publishing.notPublished": "本次评选尚未发布，请先发布光荣榜再进行更正。",
    "publishing.unchanged": "没有任何改动，因此未发布新版本。",
    "publishing.reason.length": "请填写更正原因（{min} 至 {max} 个字），读者会在新版本中看到。",
    "honorRoll.notFound": "这里没有已发布的光荣榜。",
  },
});
