import { defineMessages } from "../define";

// Owned by the profile page (app/routes/people.$employeeNo.tsx) and
// congratulations (app/domain/publishing/congratulations.server.ts). The
// page's older facts (unit, hire date, years) keep their keys in people.ts.
export const profile = defineMessages({
  en: {
    "congratulations.notFound": "There is no published honour here to congratulate.",
    "congratulations.unknown": "That congratulation is no longer here. Reload the page.",
    "congratulations.self": "This is your own honour, so you cannot congratulate yourself — share the page with your family instead.",
    "congratulations.inactive": "Only colleagues who are still with the company can congratulate.",
    "congratulations.already": "You have already congratulated {name} on this honour: one congratulation per colleague and honour.",
    "congratulations.message.tooLong": "A congratulation is one line of at most 100 characters. Please shorten it a little.",
    "congratulations.rateLimited": "You have sent many congratulations in the last hour. Please try again a little later.",
    "congratulations.hide.forbidden": "Only the person congratulated and administrators can hide or show a congratulation.",

    "profile.hero.years.one": "{count} year with us",

    "profile.hero.years.other": "{count} years with us",
    "profile.hero.yearsNew": "Joined this year",
    "profile.hero.honours.one": "1 honour",
    "profile.hero.honours.other": "{count} honours",
    "profile.hero.latest": "Latest: {title}, {campaign}",

    "profile.timeline.title": "Honours over the years",
    "profile.timeline.year": "{year}",
    "profile.timeline.team": "With the team {team}: {members}",
    "profile.timeline.roll": "See the honour roll",
    "profile.timeline.corrected": "Corrected: version {version}",
    "profile.timeline.published": "Published {date}",

    "profile.empty.title": "Every day of service counts",
    "profile.empty.text":
      "When a campaign recognises {name}, the honour, the stories behind it and colleagues' congratulations are kept here, for good.",
    "profile.empty.fred": "Like Fred the postman, everyone can make a difference in an ordinary day's work.",
    "profile.empty.rolls": "Read the honour rolls",

    "profile.principles.title": "The Fred principles in these stories",
    "profile.principles.intro": "The four principles of Fred the postman, and how many of the stories show each one.",
    "profile.principles.count.one": "Shown in 1 story",
    "profile.principles.count.other": "Shown in {count} stories",
    "profile.principles.none": "Not in these stories yet",

    "profile.stories.title": "Stories of service",
    "profile.stories.from": "From the honour {title}, {campaign}",

    "profile.metrics.title": "The results behind the honours",

    "profile.congrats.title": "Congratulations from colleagues",
    "profile.congrats.count.zero": "No congratulations yet",
    "profile.congrats.count.one": "1 colleague congratulated",
    "profile.congrats.count.other": "{count} colleagues congratulated",
    "profile.congrats.go": "Congratulate",
    "profile.congrats.label": "A line of congratulation (optional)",
    "profile.congrats.hint": "One line, at most 100 characters. Everyone who can see this page can read it.",
    "profile.congrats.submit": "Congratulate",
    "profile.congrats.sending": "Sending…",
    "profile.congrats.mine": "You congratulated {name} on this honour.",
    "profile.congrats.selfHint": "Colleagues' congratulations on this honour appear here. You can hide any of them.",
    "profile.congrats.none": "Nobody has congratulated yet — be the first.",
    "profile.congrats.plain": "Congratulated",
    "profile.congrats.hidden": "Hidden: only {name} and administrators see it",
    "profile.congrats.hide": "Hide",
    "profile.congrats.show": "Show again",
    "profile.congrats.more": "The latest {shown} of {count} are listed.",
    "profile.congrats.done": "You congratulated {name}. Thank you!",
    "profile.congrats.hiddenDone": "The congratulation is hidden.",
    "profile.congrats.shownDone": "The congratulation is shown again.",
  },
  "zh-CN": {
    "congratulations.notFound": "这里没有可以点赞的已发布荣誉。",
    "congratulations.unknown": "这条祝贺已不在了，请刷新页面。",
    "congratulations.self": "这是你自己的荣誉，不能给自己点赞——不妨把这一页分享给家人。",
    "congratulations.inactive": "只有在职的同事才能点赞。",
    "congratulations.already": "你已经为{name}的这项荣誉点过赞了：每位同事对每项荣誉只能点赞一次。",
    "congratulations.message.tooLong": "祝贺语只能写一行，最多 100 个字，请再精简一些。",
    "congratulations.rateLimited": "你在最近一小时内点赞较多，请稍后再试。",
    "congratulations.hide.forbidden": "只有被祝贺的本人和管理员可以隐藏或恢复祝贺。",

    "profile.hero.years.one": "司龄 {count} 年",

    "profile.hero.years.other": "司龄 {count} 年",
    "profile.hero.yearsNew": "今年入职",
    "profile.hero.honours.one": "1 项荣誉",
    "profile.hero.honours.other": "{count} 项荣誉",
    "profile.hero.latest": "最新荣誉：{campaign} {title}",

    "profile.timeline.title": "荣誉足迹",
    "profile.timeline.year": "{year} 年",
    "profile.timeline.team": "与团队「{team}」共同获得：{members}",
    "profile.timeline.roll": "查看光荣榜",
    "profile.timeline.corrected": "已更正：第 {version} 版",
    "profile.timeline.published": "{date} 发布",

    "profile.empty.title": "每一天的服务都算数",
    "profile.empty.text": "当{name}在评选中获得荣誉，这份荣誉、背后的服务故事和同事们的祝贺都会永久保存在这里。",
    "profile.empty.fred": "就像邮差弗雷德一样，每个人都能在平凡的工作中创造不同。",
    "profile.empty.rolls": "看看光荣榜",

    "profile.principles.title": "事迹中的弗雷德精神",
    "profile.principles.intro": "邮差弗雷德的四条原则，以及有几个事迹体现了每一条。",
    "profile.principles.count.one": "1 个事迹体现",
    "profile.principles.count.other": "{count} 个事迹体现",
    "profile.principles.none": "事迹中尚未体现",

    "profile.stories.title": "服务故事",
    "profile.stories.from": "出自荣誉：{campaign} {title}",

    "profile.metrics.title": "荣誉背后的业绩",

    "profile.congrats.title": "同事的祝贺",
    "profile.congrats.count.zero": "还没有人点赞",
    "profile.congrats.count.one": "1 位同事点赞",
    "profile.congrats.count.other": "{count} 位同事点赞",
    "profile.congrats.go": "去点赞",
    "profile.congrats.label": "写一句祝贺（可选）",
    "profile.congrats.hint": "一行，最多 100 个字。能看到本页的同事都能看到。",
    "profile.congrats.submit": "点赞",
    "profile.congrats.sending": "正在发送…",
    "profile.congrats.mine": "你已为{name}的这项荣誉点赞。",
    "profile.congrats.selfHint": "同事们对这项荣誉的祝贺会显示在这里，你可以隐藏其中任何一条。",
    "profile.congrats.none": "还没有人点赞，来做第一个吧。",
    "profile.congrats.plain": "点了赞",
    "profile.congrats.hidden": "已隐藏：仅{name}本人和管理员可见",
    "profile.congrats.hide": "隐藏",
    "profile.congrats.show": "重新显示",
    "profile.congrats.more": "显示最近 {shown} 条，共 {count} 条。",
    "profile.congrats.done": "已为{name}点赞，谢谢你的祝贺！",
    "profile.congrats.hiddenDone": "已隐藏这条祝贺。",
    "profile.congrats.shownDone": "这条祝贺已重新显示。",
  },
});
