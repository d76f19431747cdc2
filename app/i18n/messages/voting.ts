import { defineMessages } from "../define";

// Owned by the voting domain (app/domain/voting): the rules' refusals and the
// ballot form schema's messages. Page wording comes with the ballot page.
export const voting = defineMessages({
  en: {
    "voting.notOpen": "Voting has not opened yet in this campaign.",
    "voting.closed": "Voting in this campaign is closed.",
    "voting.notEligible": "You cannot vote in this campaign: only active staff inside its scope vote.",
    "voting.title.unknown": "This campaign does not offer that title.",
    "voting.tooMany": "Choose at most {max} for this title.",
    "voting.duplicate": "Each nomination can get only one of your votes.",
    "voting.notOnBallot": "One of your choices is not on this ballot. Reload the page and choose again.",
    "voting.self": "You cannot vote for yourself or for a team you belong to.",
    "voting.noChanges": "You have voted for this title already, and this campaign does not let a ballot be changed.",
    "voting.stale": "Your ballot changed since this page was loaded (perhaps in another window). Here is your ballot as it stands now; choose again if you wish.",
  },
  "zh-CN": {
    "voting.notOpen": "本次评选尚未开始投票。",
    "voting.closed": "本次评选的投票已结束。",
    "voting.notEligible": "您不能参与本次评选投票：仅限评选范围内的在职员工投票。",
    "voting.title.unknown": "本次评选不设该荣誉称号。",
    "voting.tooMany": "该称号最多可选 {max} 项。",
    "voting.duplicate": "同一提名只能投一票。",
    "voting.notOnBallot": "您的选择中有一项不在本选票上，请刷新页面后重新选择。",
    "voting.self": "不能投票给自己或自己所在的团队。",
    "voting.noChanges": "您已为该称号投过票，本次评选不允许修改选票。",
    "voting.stale": "页面打开后您的选票已有变化（可能在另一个窗口中修改过）。下面是您当前的选票，如需修改请重新选择。",
  },
});
