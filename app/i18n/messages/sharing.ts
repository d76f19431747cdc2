import { defineMessages } from "../define";

// Owned by sharing (app/domain/publishing: share images, the Atom feed and
// signed links). What the share images and the feed say, and the refusal of
// a link whose key is wrong.
export const sharing = defineMessages({
  en: {
    "sharing.brand": "服务之星 · Service Stars",
    "sharing.roll.kicker": "Honour Roll",
    "sharing.roll.winners.one": "{count} winner",
    "sharing.roll.winners.other": "{count} winners",
    "sharing.roll.more": "and others, {total} in all",
    "sharing.winner.members.more": "and others, {total} in all",
    "sharing.winner.notFound": "This winner is not on that honour roll.",
    "sharing.feed.title": "Service Stars: honour rolls",
    "sharing.feed.subtitle": "The newest published honour rolls of Service Stars",
    "sharing.feed.entry.title": "Honour roll: {campaign}",
    "sharing.feed.entry.title.corrected": "Honour roll: {campaign} (corrected, version {version})",
    "sharing.feed.entry.line": "{title}: {names}",
    "sharing.feed.entry.image": "Share image",
    "sharing.link.invalid": "This link is not valid (any more). Sign in, or ask an administrator for a new link.",
    "sharing.feed.label": "Honour-roll feed (Atom) for the intranet home page",
    "sharing.feed.hint": "Anyone with this address can read the published honour rolls: give it only to the intranet's server.",
    "sharing.image.roll": "Share image of this honour roll",
    "sharing.image.winner": "Share image of this winner",
  },
  "zh-CN": {
    "sharing.brand": "服务之星 · Service Stars",
    "sharing.roll.kicker": "光荣榜",
    "sharing.roll.winners.one": "{count} 位",
    "sharing.roll.winners.other": "{count} 位",
    "sharing.roll.more": "等 {total} 位获奖者",
    "sharing.winner.members.more": "等 {total} 人",
    "sharing.winner.notFound": "这位获奖者不在该光荣榜上。",
    "sharing.feed.title": "服务之星 · 光荣榜",
    "sharing.feed.subtitle": "服务之星最新发布的光荣榜",
    "sharing.feed.entry.title": "光荣榜：{campaign}",
    "sharing.feed.entry.title.corrected": "光荣榜：{campaign}（更正，第 {version} 版）",
    "sharing.feed.entry.line": "{title}：{names}",
    "sharing.feed.entry.image": "分享图片",
    "sharing.link.invalid": "此链接无效或已失效。请登录，或请管理员提供新的链接。",
    "sharing.feed.label": "光荣榜订阅源（Atom），供内网首页使用",
    "sharing.feed.hint": "任何持有此地址的人都能读取已发布的光荣榜，请只提供给内网首页的服务器。",
    "sharing.image.roll": "本光荣榜的分享图片",
    "sharing.image.winner": "这位获奖者的分享图片",
  },
});
