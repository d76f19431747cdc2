import { defineMessages } from "../define";

// Owned by the person's own data (app/domain/people/my-data.server.ts, issue
// 19 item 5): /settings/my-data, its download, and the link to it from the
// notification settings.
export const myData = defineMessages({
  en: {
    "myData.link": "Your data in the portal",
    "myData.title": "Your data",
    "myData.intro":
      "What the portal holds about you, why, and for how long. You can download all of it as one file, to read or to keep; it is made for you alone, when you ask.",
    "myData.download": "Download my data (JSON)",
    "myData.downloadHint": "A JSON file, readable in any text editor. Keep it safe: it holds your sign-in history and everything written about you.",
    "myData.held.title": "What the portal holds about you",
    "myData.held.profile":
      "Your record: employee number, name, email, phone, unit, post, hire date and status, as imported from the staff list or entered by an administrator; your roles and who granted them; your language.",
    "myData.held.nominations":
      "Nominations about you and by you: the stories, quotes, metrics, photos and citation as they were written, their status and when it changed.",
    "myData.held.congratulations": "Congratulations you gave and received, including any an administrator hid.",
    "myData.held.sessions":
      "Your sessions: when you signed in, when you were last seen and when the session ends, and the browser you used (its user agent) for {days} days. No address of your computer is kept with a session.",
    "myData.held.signIns":
      "Wrong passwords typed for your account, counted per network address so that guessing is slowed: kept a day after the last one, then deleted.",
    "myData.held.notifications":
      "Your notification settings, the notifications you received, and copies of emails the portal kept instead of sending.",
    "myData.held.audit":
      "The audit log: what you did in the portal (signed in, saved a nomination, voted — never whom for) and what others did about your record. An entry of yours about another person is shown without their details.",
    "myData.held.uploads":
      "Pictures you uploaded. A photo added to a nomination form that was never saved is deleted {hours} hours after its last upload.",
    "myData.held.ballots":
      "Your ballots appear only as their receipt codes, which you can check on a campaign's receipts page once voting closes. What you chose is never in the download, and nobody's ballot but yours is.",
    "myData.notHeld.title": "What is not in the download",
    "myData.notHeld.body":
      "Your password is stored only as a one-way hash and never leaves the portal; session tokens and one-time password links are never shown. Other people's records appear only by the names the portal already shows you.",
    "myData.change.title": "Something wrong or missing?",
    "myData.change.body":
      "Your record comes from the staff list. Ask your manager or an administrator to correct it; changes to your record are written to the audit log.",
    "myData.notificationSettings": "Notification settings",
    "myData.rateLimited": "You have downloaded your data {count} times in the last hour. Please try again later.",
  },
  "zh-CN": {
    "myData.link": "我在门户中的数据",
    "myData.title": "我的数据",
    "myData.intro": "门户保存了您的哪些信息、为什么保存、保存多久。您可以把全部数据下载为一个文件，阅读或留存；文件只在您请求时为您本人生成。",
    "myData.download": "下载我的数据（JSON）",
    "myData.downloadHint": "JSON 文件，任何文本编辑器都能打开。请妥善保管：其中有您的登录记录和关于您的全部内容。",
    "myData.held.title": "门户保存的关于您的信息",
    "myData.held.profile":
      "您的档案：工号、姓名、邮箱、电话、单位、岗位、入职日期和在职状态，来自员工名单导入或管理员录入；您的角色及授予人；您选择的语言。",
    "myData.held.nominations": "关于您的推荐和您提交的推荐：事迹、客户原话、指标、照片和推荐语（按填写原样），以及状态和变更时间。",
    "myData.held.congratulations": "您送出和收到的点赞留言，包括被管理员隐藏的。",
    "myData.held.sessions":
      "您的登录会话：登录时间、最近使用时间、到期时间，以及所用浏览器（User-Agent），浏览器信息保留 {days} 天。会话不记录您电脑的网络地址。",
    "myData.held.signIns": "您账号的密码错误次数，按网络地址计数以减缓猜测：最后一次尝试一天后删除。",
    "myData.held.notifications": "您的通知设置、收到的通知，以及门户代为保存而未发出的邮件副本。",
    "myData.held.audit":
      "审计日志：您在门户中做过的事（登录、保存推荐、投票——从不记录投给谁），以及他人对您档案的操作。您对他人档案的操作只显示操作本身，不含对方的详细信息。",
    "myData.held.uploads": "您上传的图片。添加到推荐表但从未保存的照片，在最后一次上传 {hours} 小时后删除。",
    "myData.held.ballots": "您的选票只以回执码出现，投票结束后可在活动的回执页核对。下载中从不包含您投给了谁，也不包含任何他人的选票。",
    "myData.notHeld.title": "下载中不包含的内容",
    "myData.notHeld.body": "您的密码只以单向散列保存，从不离开门户；会话令牌和一次性密码链接从不显示。他人的信息只以门户本已向您显示的姓名出现。",
    "myData.change.title": "信息有误或缺失？",
    "myData.change.body": "您的档案来自员工名单。请联系您的经理或管理员更正；对档案的修改会记入审计日志。",
    "myData.notificationSettings": "通知设置",
    "myData.rateLimited": "您在过去一小时内已下载 {count} 次，请稍后再试。",
  },
});
