import type { FredPrinciple } from "../domain/nominations/story";

// The words of the demo nominations: who puts whom forward for what, with
// which evidence, and where the demo leaves each one. Written after the
// service pioneers of the background article, with people of our own (see
// featuredPeople in ./people.ts); the seed turns these into rows, and
// ./demo-photos.ts draws the pictures named by `scene`.

export type DemoPhotoScene = "hotline" | "repair" | "night-shift" | "community" | "team" | "award";

export interface DemoNomination {
  /** Campaign slug: "2026-q4" (nominating phase, scope unit GD = whole company) or "3-15-stars" (reviewing phase, scope unit GD.10000 = the 10000 hotline). */
  campaign: string;
  /** Title slug offered by that campaign: 2026-q4 offers best-service-star, outstanding-service-star, service-model; 3-15-stars offers best-service-star, fred-spirit-award. */
  title: string;
  /** Employee number of the nominating manager; every nominee must be in a unit at or below that manager's unit. */
  nominator: string;
  /** Employee numbers; one for a person, 2–10 for a team. */
  nominees: string[];
  /** Only for a team (≤ 60 chars), e.g. "投诉处理班". */
  teamName?: string;
  /** Where the demo leaves it. */
  status: "draft" | "submitted" | "returned" | "approved" | "rejected";
  citation: string; // ≤ 200 chars, Chinese
  metrics: Array<{
    name: string;
    value: number;
    unit: string;
    period: string;
    target?: number;
    baseline?: number;
    direction: "higher" | "lower";
    source: string;
  }>; // ≤ 20; name ≤ 60, unit ≤ 20, period ≤ 40, source ≤ 120
  stories: Array<{ heading: string; body: string; principles: FredPrinciple[]; quote?: string; quoteBy?: string }>; // ≤ 10; heading ≤ 80; body ≤ 5000 plain text: paragraphs separated by blank lines, "- " bullet lines, "1. " numbered lines (see app/domain/nominations/story.ts parseStory); quote ≤ 500, quoteBy ≤ 60
  photos: Array<{ scene: DemoPhotoScene; caption: string }>; // ≤ 6, caption ≤ 140
  /** For returned/approved/rejected: the committee's decision; comment required for returned and rejected. */
  review?: { by: string; comment?: string };
}

/** Where the hotline's figures come from. */
const hotlineQuality = "10000号服务质量系统, 2026";
const hotlineTraffic = "10000号话务统计平台, 2026";
const callbackSystem = "10000号回访工单系统, 2026";
const faultSystem = "中山分公司装维综合调度系统, 2026";

/** Four months of customer satisfaction, so the nomination page draws a chart. */
const satisfactionTrend = (values: [number, number, number, number], target: number) =>
  (["2026-06", "2026-07", "2026-08", "2026-09"] as const).map((period, i) => ({
    name: "客户满意度",
    value: values[i],
    unit: "%",
    period,
    target,
    direction: "higher" as const,
    source: hotlineQuality,
  }));

export const demoNominations: readonly DemoNomination[] = [
  // ── 2026 Q4 服务之星 (nominating; the whole company) ─────────────────────
  {
    campaign: "2026-q4",
    title: "outstanding-service-star",
    nominator: "GD000001",
    nominees: ["GD000258"],
    status: "draft",
    citation: "冯雪梅在一台做了二十年业务代表，带过的新人有十几个。老年客户打进来，她会放慢语速，把每一步操作说到对方能复述为止。",
    metrics: [{ name: "客户满意度", value: 98.6, unit: "%", period: "2026-10", target: 95, direction: "higher", source: hotlineQuality }],
    stories: [],
    photos: [],
  },
  {
    campaign: "2026-q4",
    title: "best-service-star",
    nominator: "GD000001",
    nominees: ["GD000172"],
    status: "draft",
    citation: "区洁莹负责投诉回访，坚持“问题没解决，回访不结单”。十月她回访的客户里，有三位专门打电话回来点名感谢。",
    metrics: [{ name: "客户满意度", value: 99.1, unit: "%", period: "2026-10", target: 98, direction: "higher", source: callbackSystem }],
    stories: [
      {
        heading: "第三次回访",
        body: "一位独居老人家里的固话时好时坏，修了两次都没有彻底好。区洁莹第三次回访时没有只问“满意吗”，而是请老人拿起话筒，陪她试打了五分钟。\n\n听出杂音后，她当场约了装维师傅第二天上门，并在工单里写明“老人耳背，请敲门大声些”。",
        principles: ["relationships"],
      },
    ],
    photos: [],
  },
  {
    campaign: "2026-q4",
    title: "outstanding-service-star",
    nominator: "GD000002",
    nominees: ["GD000477"],
    status: "draft",
    citation: "潘家豪入职七年，装机后总会多留五分钟，教客户把路由器放到信号最好的位置，顺手把老人手机里的Wi-Fi连好。",
    metrics: [
      {
        name: "客户满意度",
        value: 97.8,
        unit: "%",
        period: "2026-10（装维上门回访）",
        target: 95,
        direction: "higher",
        source: "中山分公司装维回访记录, 2026",
      },
    ],
    stories: [],
    photos: [],
  },
  {
    campaign: "2026-q4",
    title: "service-model",
    nominator: "GD000002",
    nominees: ["GD000005"],
    status: "submitted",
    citation:
      "黎国栋在石岐片区做装维十七年，坚持“主动维护、一次修好”：交接箱里发现坏线对就挂牌、在资源系统里同步标注，所辖片区故障申告率常年在3%上下，远低于全市指标。",
    metrics: [
      { name: "故障申告率", value: 2.9, unit: "%", period: "2026年1–10月", target: 5, baseline: 4.1, direction: "lower", source: faultSystem },
      { name: "节假日夜班数", value: 11, unit: "个", period: "2026年1–10月", direction: "higher", source: "石岐装维班排班表, 2026" },
      { name: "每百万用户投诉数", value: 4, unit: "件", period: "2026年1–10月", target: 10, baseline: 9, direction: "lower", source: faultSystem },
      { name: "标注坏线对", value: 136, unit: "对", period: "2026年1–10月", direction: "higher", source: "线路资源管理系统, 2026" },
    ],
    stories: [
      {
        heading: "一块小牌子，省下一次白跑",
        body: "很多人以为线路维护就是“坏了再去修”。黎国栋不这么看：等客户报障再上门，客户已经断了半天网。\n\n他巡检交接箱时，随身带一卷标签和一支记号笔。发现坏线对、坏端子，他做三件事：\n1. 在端子上挂牌，写明故障和日期；\n2. 当天在资源系统里把这对线标为不可用；\n3. 在班组群里发一张照片，提醒装机的同事绕开。\n\n这样一来，新装用户不会再被配到坏线对，查修调线也不会重复选中它。班里的年轻工程师说，跟着黎师傅的牌子走，至少少跑一趟冤枉路。",
        principles: ["value", "difference"],
      },
      {
        heading: "“这次修好，就不用下次再来”",
        body: "今年六月连续暴雨，岐江边一个老小区的电缆分线盒进水，二十多户同时断网。黎国栋冒雨赶到，修通之后没有马上走，而是把分线盒整体抬高、加装了防水罩。\n\n他对徒弟说：“我们搞维修的，不是修一次就算了。这次修不好，下次用户报障还是要来，为什么不一次修好？”\n\n到十月，这个小区再没有因为进水报过障。",
        principles: ["value", "reinvent"],
        quote: "雨那么大，黎师傅修完还帮我们把盒子抬高了，说以后下雨就不怕了。真是替我们想得周到。",
        quoteBy: "石岐区某小区业主 李阿姨",
      },
    ],
    photos: [
      { scene: "repair", caption: "黎国栋在交接箱前给坏线对挂牌标记" },
      { scene: "community", caption: "雨后回访：为小区业主检查家中宽带" },
      { scene: "team", caption: "石岐装维班晨会，黎国栋分享巡检心得" },
    ],
  },

  // ── 3·15 服务明星 (reviewing; the 10000 hotline) ─────────────────────────
  {
    campaign: "3-15-stars",
    title: "best-service-star",
    nominator: "GD000001",
    nominees: ["GD000004"],
    status: "submitted",
    citation:
      "程嘉朗主动要求除夕守大夜班，把春节期间每一宗故障和投诉逐一回访到客户满意；同事们回岗后他才补休一天。近四个月满意度逐月提升，九月达到99.2%，是客户记得住名字的业务代表。",
    metrics: [
      ...satisfactionTrend([97.9, 98.4, 98.8, 99.2], 98),
      {
        name: "故障申告率",
        value: 2.4,
        unit: "%",
        period: "2026-09（经手工单重复申告）",
        target: 5,
        baseline: 3.6,
        direction: "lower",
        source: hotlineQuality,
      },
      { name: "每百万用户投诉数", value: 3, unit: "件", period: "2026年6–9月", target: 10, direction: "lower", source: hotlineQuality },
      { name: "话务量", value: 6420, unit: "通", period: "2026年6–9月", direction: "higher", source: hotlineTraffic },
      { name: "一对一回访工单", value: 87, unit: "单", period: "2026年春节假期", direction: "higher", source: callbackSystem },
    ],
    stories: [
      {
        heading: "除夕夜的大夜班",
        body: "排班表一出来，程嘉朗就找到值班长：“除夕的大夜班给我吧，有些同事一年才回一次家。”\n\n那一晚从23:00到次日7:00，话务间比平时冷清，电话却没有少：有人家里宽带断了，急着和远方的亲人视频拜年；有人手机欠费停机，怕错过家人的电话。程嘉朗一通一通地接，声音里带着笑。\n\n下班前，他把当晚所有故障和投诉单抄在本子上：\n- 故障单在装维修复后当天回访；\n- 投诉单回访到客户明确说“满意”为止；\n- 两次没联系上的，隔天换个时间再打。\n\n整个春节假期，他一共回访了87单。一直到2月15日，回乡的同事都回来了，他才给自己补休了一天。",
        principles: ["difference", "relationships"],
        quote: "大年初一一早就接到电信小伙子的电话，问我家网络修好没有，还祝我新年快乐。我在广州住了三十年，第一次过年接到这样的电话。",
        quoteBy: "天河区客户 陈先生",
      },
      {
        heading: "把“听得到的微笑”教给新人",
        body: "程嘉朗把自己接过的难题整理成一本“回访小抄”：客户最着急时先说什么、怎样确认故障真正解决、什么时候该请装维师傅再去一次。\n\n今年一台来了五位新话务员，他利用午休陪她们旁听、复盘。新人们说，他最常讲的一句话是：“客户看不到我们，但听得到我们是不是在笑。”",
        principles: ["value", "reinvent"],
      },
    ],
    photos: [
      { scene: "night-shift", caption: "除夕大夜班：凌晨三点的话务间" },
      { scene: "hotline", caption: "程嘉朗在回访春节期间的故障工单" },
      { scene: "team", caption: "午休复盘：程嘉朗和一台的新同事" },
    ],
  },
  {
    campaign: "3-15-stars",
    title: "best-service-star",
    nominator: "GD000282",
    nominees: ["GD000348"],
    status: "submitted",
    citation: "李梓晴是深圳一台的高级业务代表，擅长处理“说不清”的复杂账单问题。她为一位听障客户改用短信逐条核对账单，三个月满意度保持在99%以上。",
    metrics: [
      ...satisfactionTrend([98.7, 99.0, 99.3, 99.1], 98),
      { name: "故障申告率", value: 3.1, unit: "%", period: "2026年6–9月（经手工单重复申告）", target: 5, direction: "lower", source: hotlineQuality },
      { name: "每百万用户投诉数", value: 2, unit: "件", period: "2026年6–9月", target: 10, baseline: 6, direction: "lower", source: hotlineQuality },
      { name: "首次来电解决率", value: 93.5, unit: "%", period: "2026年6–9月", target: 90, direction: "higher", source: hotlineQuality },
    ],
    stories: [
      {
        heading: "一条一条发出去的账单",
        body: "八月的一天，一位客户的家人打进热线，说父亲听力不好，看不懂这个月为什么多扣了钱，已经着急了好几天。\n\n李梓晴没有让家人转述了事。她征得同意后，把账单拆成六条短信发给老人，每条只讲一项费用，最后一条写明：多出的费用来自一个到期未退订的流量包，已经帮您退订，下月起不再收取。\n\n第二天，老人自己发来一条短信：“看明白了，谢谢姑娘。”",
        principles: ["relationships", "value"],
        quote: "我爸说这是他第一次自己看懂电话费。她没多收我们一分钱，却多花了半个小时。",
        quoteBy: "南山区客户家属 王女士",
      },
    ],
    photos: [
      { scene: "hotline", caption: "李梓晴在核对一位老年客户的账单明细" },
      { scene: "award", caption: "李梓晴获评深圳一台“月度服务之星”" },
    ],
  },
  {
    campaign: "3-15-stars",
    title: "best-service-star",
    nominator: "GD000110",
    nominees: ["GD000177"],
    status: "submitted",
    citation: "严文静在投诉处理班二十多年，最难的投诉常常转到她手里。她坚持先听完、再解释、最后跟到底，今年经手的升级投诉无一再次升级。",
    metrics: [
      {
        name: "客户满意度",
        value: 98.4,
        unit: "%",
        period: "2026年6–9月（投诉回访）",
        target: 98,
        baseline: 95.2,
        direction: "higher",
        source: callbackSystem,
      },
      { name: "故障申告率", value: 1.8, unit: "%", period: "2026年6–9月（经手工单重复申告）", target: 5, direction: "lower", source: hotlineQuality },
      { name: "每百万用户投诉数", value: 5, unit: "件", period: "2026年6–9月", target: 10, baseline: 8, direction: "lower", source: hotlineQuality },
      { name: "升级投诉再次升级", value: 0, unit: "件", period: "2026年1–9月", direction: "lower", source: callbackSystem },
    ],
    stories: [
      {
        heading: "四十分钟的电话",
        body: "一位小店老板因为宽带反复掉线耽误了线上订单，已经投诉了三次，第四次电话转到严文静这里时，他一开口就是火气。\n\n严文静没有打断，听他说了整整二十分钟。然后她做了三件事：\n1. 当场调出三次故障记录，找出每次都是同一段入户线的问题；\n2. 约装维班第二天上午上门，整段更换入户线；\n3. 修好后连续一周每天傍晚打一个电话，确认晚高峰不再掉线。\n\n一周后，店老板在回访里只说了一句：“以后有事，我就找你。”",
        principles: ["relationships", "difference"],
        quote: "以前打电话总觉得被踢皮球，这次有人从头跟到尾。现在我的店里网络很稳，订单一张没丢。",
        quoteBy: "越秀区个体商户 黄老板",
      },
    ],
    photos: [
      { scene: "hotline", caption: "严文静在整理升级投诉的处理记录" },
      { scene: "community", caption: "回访到店：小店老板的宽带恢复正常" },
    ],
  },
  {
    campaign: "3-15-stars",
    title: "fred-spirit-award",
    nominator: "GD000001",
    nominees: ["GD000006"],
    status: "submitted",
    citation:
      "苏婉清带领客户维权团队扮演“最挑剔的客户”，主动寻找服务死角；每天上班先用十分钟轮流宣讲客户信息保护。不花一分钱，让客户权益的保障线拉得更直、绷得更紧。",
    metrics: [
      { name: "节假日夜班数", value: 6, unit: "个", period: "2026年1–9月", direction: "higher", source: "广州区域中心排班系统, 2026" },
      {
        name: "发现并推动整改的服务死角",
        value: 23,
        unit: "项",
        period: "2026年1–9月",
        baseline: 14,
        direction: "higher",
        source: "客户维权团队整改台账, 2026",
      },
      { name: "信息保护晨间宣讲", value: 186, unit: "次", period: "2026年1–9月", direction: "higher", source: "客户维权团队工作日志, 2026" },
      { name: "客户信息泄露投诉", value: 0, unit: "件", period: "2026年1–9月", baseline: 2, direction: "lower", source: hotlineQuality },
    ],
    stories: [
      {
        heading: "扮演“最挑剔的客户”",
        body: "每个月，苏婉清都会给组员发一张“角色卡”：刚搬家的上班族、第一次用智能手机的老人、赶着出差的生意人……大家拿着卡片，像真正的客户一样拨打10000号、登录网上营业厅、走进营业厅办业务，把每一处让人皱眉的地方记下来。\n\n今年她们找出的问题里，有几条让人印象很深：\n- 宽带移机要客户重复报三次地址；\n- 停机提醒短信里没有写怎样恢复；\n- 老年客户在语音菜单里要按五次键才能找到人工。\n\n每一条她都写成整改建议，送到负责的部门，再跟到改好为止。今年共推动整改23项，比去年多了9项。",
        principles: ["value", "reinvent"],
      },
      {
        heading: "每天上班前的十分钟",
        body: "看到电信诈骗导致客户钱款被盗的新闻，苏婉清把案例剪下来贴在值班室。从那以后，维权团队每天上班前都花十分钟，轮流给大家讲一则“保护客户个人信息”的案例。\n\n十分钟不长，但一年下来讲了186次。热线的同事说，现在遇到要求查询他人号码信息的来电，谁都不会含糊。",
        principles: ["difference", "relationships"],
        quote: "那天有人冒充我给电信打电话想补办卡，客服坚持要本人核验，还马上给我发了提醒短信。要不是她们，我的银行卡可能就被盗刷了。",
        quoteBy: "海珠区客户 周女士",
      },
    ],
    photos: [
      { scene: "team", caption: "客户维权团队的“角色卡”复盘会" },
      { scene: "hotline", caption: "晨间十分钟：轮流宣讲客户信息保护案例" },
      { scene: "community", caption: "苏婉清在社区讲解防范电信诈骗" },
    ],
  },
  {
    campaign: "3-15-stars",
    title: "fred-spirit-award",
    nominator: "GD000170",
    nominees: ["GD000008", "GD000004", "GD000007", "GD000468"],
    teamName: "广州一台除夕大夜班",
    status: "approved",
    citation:
      "除夕之夜，四位同事主动留守话务间，从23:00守到次日7:00，用听得到的微笑为客户送上祝福；春节假期里的每一宗故障和投诉，都一对一回访到客户满意。",
    metrics: [
      { name: "节假日夜班数", value: 14, unit: "个", period: "2026年春节假期（4人合计）", direction: "higher", source: "广州区域中心排班系统, 2026" },
      { name: "客户满意度", value: 99.3, unit: "%", period: "2026年春节假期", target: 98, direction: "higher", source: hotlineQuality },
      { name: "话务量", value: 1168, unit: "通", period: "2026年除夕夜大夜班", direction: "higher", source: hotlineTraffic },
      { name: "一对一回访工单", value: 203, unit: "单", period: "2026年春节假期", direction: "higher", source: callbackSystem },
    ],
    stories: [
      {
        heading: "“让回家少的同事多歇几天”",
        body: "值班长谭伟业在排春节班时，把家在外省的同事都排在了白天和节后。除夕大夜班，他自己带班，程嘉朗、何嘉欣、李翠玲主动报了名。\n\n何嘉欣说，那晚最难忘的是零点前后：电话一下子多起来，大多是宽带和电视出了问题、急着一家人看春晚的客户。四个人谁也没顾上看窗外的烟花，一边处理故障，一边给每位客户说一句“新年快乐”。\n\n问起为什么要留下，谭伟业说得很平淡：“有些同事一年回不了几次家，应该让他们多休息几天。”",
        principles: ["difference", "relationships"],
        quote: "半夜十二点电视没信号，本以为要等到初二。电话那头的姑娘不但帮我远程恢复了，还祝我们全家新年快乐。那一刻觉得电信离我们很近。",
        quoteBy: "白云区客户 刘伯",
      },
      {
        heading: "回访到满意为止",
        body: "春节七天，四个人把假期里的故障单和投诉单分成四份，各自回访：\n- 故障单在修复当天回访，确认真的好了；\n- 投诉单一直跟到客户说“满意”；\n- 联系不上的，换个时段再打，最多的一单打了五次。\n\n七天一共回访203单，客户满意度99.3%。",
        principles: ["value"],
      },
    ],
    photos: [
      { scene: "night-shift", caption: "除夕零点，广州一台话务间里的四位值守同事" },
      { scene: "team", caption: "大夜班结束，四人在晨光里合影" },
      { scene: "hotline", caption: "春节假期一对一回访故障工单" },
      { scene: "award", caption: "中心为除夕大夜班颁发感谢卡" },
    ],
    review: { by: "GD000003" },
  },
  {
    campaign: "3-15-stars",
    title: "fred-spirit-award",
    nominator: "GD000001",
    nominees: ["GD000226"],
    status: "returned",
    citation: "伍伟做回访专员二十年，把回访电话当成“第二次服务”：不只问满不满意，还顺手帮客户解决下一个问题。",
    metrics: [{ name: "节假日夜班数", value: 4, unit: "个", period: "2026年1–9月", direction: "higher", source: "广州区域中心排班系统, 2026" }],
    stories: [
      {
        heading: "顺手多做的一件事",
        body: "回访一位刚修好宽带的阿婆时，伍伟听她说起孙子下个月要来住，担心家里网速不够。他查了阿婆的套餐，发现不换套餐、只要把光猫重启并调整信道就够用，于是在电话里一步一步教会了她。\n\n阿婆后来专门打来热线，要找“那个很有耐心的后生仔”。",
        principles: ["value", "relationships"],
      },
    ],
    photos: [{ scene: "hotline", caption: "伍伟在进行宽带修复后的回访" }],
    review: {
      by: "GD000003",
      comment:
        "事迹很感人，但证据还不够：弗雷德精神奖要求有客户或同事的证言。请补充阿婆来电表扬的录音摘要或工单号，并补充2026年1–9月的回访量和回访满意度（注明来自回访工单系统）。",
    },
  },
];

/**
 * The nominations of the two campaigns that show the vote (./voting.ts):
 * "2026-11" (in voting, the whole company) and "2026-q3" (closed, the 10000
 * hotline, awaiting ratification). Kept apart from demoNominations because
 * they are not written row by row: voting.ts submits them through the
 * nomination form's use-case and the committee approves them, while the
 * campaign walks through its phases. All end approved.
 */
export const votingDemoNominations: readonly DemoNomination[] = [
  // ── 2026年11月 服务之星 (voting; the whole company) ───────────────────────
  {
    campaign: "2026-11",
    title: "outstanding-service-star",
    nominator: "GD000001",
    nominees: ["GD000182"],
    status: "approved",
    citation:
      "邓莉在广州二台接听老年客户专席。十一月，她在电话里一步一步帮三十多位老人开通了手机“长辈模式”，教会他们自己查话费、交话费，满意度保持在99%以上。",
    metrics: [
      { name: "客户满意度", value: 99.3, unit: "%", period: "2026-11（1–20日）", target: 95, direction: "higher", source: hotlineQuality },
      { name: "话务量", value: 1386, unit: "通", period: "2026-11（1–20日）", direction: "higher", source: hotlineTraffic },
    ],
    stories: [
      {
        heading: "电话那头的“手机课”",
        body: "一位八十多岁的阿伯每隔两三天就打来热线，只问一件事：“我还有多少话费？”\n\n邓莉没有每次报个数字就挂线。她约阿伯第二天同一时间再打来，分三次在电话里教他：\n1. 打开“长辈模式”，字放到最大；\n2. 找到“查话费”的按钮；\n3. 用微信给自己交话费。\n\n第三次电话结束前，阿伯自己查出了余额，在电话那头笑了。",
        principles: ["relationships", "value"],
        quote: "我爸现在逢人就说，电信有个姑娘教会了他用手机。以前他一天要问我好几次，现在不用了。",
        quoteBy: "越秀区客户家属 陈女士",
      },
    ],
    photos: [{ scene: "hotline", caption: "邓莉在老年客户专席接听来电" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-11",
    title: "outstanding-service-star",
    nominator: "GD000001",
    nominees: ["GD000379"],
    status: "approved",
    citation: "入职两年的李芷晴利用业余时间学会了客家话和潮汕话的常用服务用语。遇到只会讲方言的老人，她不再转接，而是自己把业务办到底。",
    metrics: [
      {
        name: "客户满意度",
        value: 98.1,
        unit: "%",
        period: "2026-11（1–20日）",
        target: 95,
        baseline: 96.4,
        direction: "higher",
        source: hotlineQuality,
      },
      { name: "话务量", value: 1512, unit: "通", period: "2026-11（1–20日）", direction: "higher", source: hotlineTraffic },
    ],
    stories: [
      {
        heading: "会讲三种话的新人",
        body: "去年冬天，李芷晴接到一位梅州老人的电话，老人只会讲客家话，转了两次人工都没说清楚要办什么。那通电话最后是同事帮忙“翻译”才办完的。\n\n从那以后，她每天下班跟着网上的视频学方言，把“您好”“请稍等”“已经帮您办好”这些话先练熟，再请会讲的同事帮她纠音。\n\n今年她接到的方言来电里，没有一通需要转接。",
        principles: ["reinvent", "relationships"],
      },
    ],
    photos: [{ scene: "hotline", caption: "李芷晴在整理方言服务用语卡片" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-11",
    title: "outstanding-service-star",
    nominator: "GD000282",
    nominees: ["GD000232"],
    status: "approved",
    citation:
      "林慧敏负责深圳一台的国际漫游专线。一位在国外突发疾病的客户手机被停机，她凌晨协调复机，并帮家属联系上当地医院；客户回国后专门来信致谢。",
    metrics: [
      { name: "客户满意度", value: 99.0, unit: "%", period: "2026-11（1–20日）", target: 95, direction: "higher", source: hotlineQuality },
      { name: "话务量", value: 1207, unit: "通", period: "2026-11（1–20日）", direction: "higher", source: hotlineTraffic },
    ],
    stories: [
      {
        heading: "凌晨两点的复机",
        body: "凌晨两点，一位女士打进热线：她的父亲在国外旅游时晕倒住院，手机却因为漫游欠费停了机，医院联系不上家属。\n\n林慧敏先为客户办了紧急复机，又请家属把医院名字发来，用漫游专线帮忙接通了当地医院的电话。天亮前，家属终于和医生通上了话。\n\n这件事她没有向谁提起，直到客户回国后寄来一封感谢信。",
        principles: ["difference", "value"],
        quote: "那一夜我们全家都慌了，是她一直陪着我们把电话打通。",
        quoteBy: "福田区客户 刘女士",
      },
    ],
    photos: [{ scene: "night-shift", caption: "深夜的国际漫游专线席位" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-11",
    title: "outstanding-service-star",
    nominator: "GD000265",
    nominees: ["GD000235"],
    status: "approved",
    citation: "赖伟业在天河片区做装维九年，约好的上门时间从不迟到；遇到一次修不好的故障，他收工后再回去，直到修好为止。十一月上门回访满意度100%。",
    metrics: [
      {
        name: "客户满意度",
        value: 100,
        unit: "%",
        period: "2026-11（装维上门回访）",
        target: 95,
        direction: "higher",
        source: "广州分公司装维回访记录, 2026",
      },
      { name: "上门准时率", value: 99.2, unit: "%", period: "2026年1–11月", target: 95, direction: "higher", source: "天河装维调度系统, 2026" },
    ],
    stories: [
      {
        heading: "说好的十点",
        body: "“约了十点，就十点到。”这是赖伟业给自己定的规矩。路上堵车，他会提前二十分钟出门；真要晚到，他一定先打电话说明。\n\n十一月的一个周五，一户人家的宽带他修了两个小时还时断时续。他没有让客户等到下周，收工后换了一段入户线，晚上九点又上门，测速正常才离开。",
        principles: ["relationships", "difference"],
      },
    ],
    photos: [{ scene: "repair", caption: "赖伟业在客户家中测试宽带速率" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-11",
    title: "outstanding-service-star",
    nominator: "GD000002",
    nominees: ["GD000196"],
    status: "approved",
    citation:
      "廖鹏带着石岐装维班的年轻人走进社区，每月办一次“宽带小课堂”，教居民看懂光猫指示灯、自己排查简单故障。社区的重复报障少了，老人们也认得了这位“廖师傅”。",
    metrics: [
      {
        name: "客户满意度",
        value: 98.7,
        unit: "%",
        period: "2026-11（装维上门回访）",
        target: 95,
        direction: "higher",
        source: "中山分公司装维回访记录, 2026",
      },
      { name: "社区宽带小课堂", value: 11, unit: "场", period: "2026年1–11月", direction: "higher", source: "石岐装维班工作日志, 2026" },
    ],
    stories: [
      {
        heading: "光猫上的三盏灯",
        body: "很多报障电话，其实只是光猫的电源松了，或者路由器需要重启。廖鹏把这些最常见的情况画成一张图：三盏灯分别亮什么颜色、该怎么办，印成卡片贴在社区公告栏。\n\n每月一次的小课堂上，他让老人们亲手拔插一次网线、重启一次光猫。今年他所在片区因为这类原因上门的次数，比去年少了一半。",
        principles: ["value", "reinvent"],
        quote: "廖师傅教得细，我现在自己就会看那几盏灯了。",
        quoteBy: "石岐区居民 何伯",
      },
    ],
    photos: [{ scene: "community", caption: "廖鹏在社区“宽带小课堂”讲解光猫指示灯" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-11",
    title: "service-model",
    nominator: "GD000265",
    nominees: ["GD000300", "GD000326", "GD000404"],
    teamName: "天河线路抢修小组",
    status: "approved",
    citation: "九月台风过境，天河线路抢修小组三人连续奋战36小时，抢通受损光缆11条；此后他们把沿街杆路逐段加固，十一月片区故障申告率降到2.6%。",
    metrics: [
      {
        name: "故障申告率",
        value: 2.6,
        unit: "%",
        period: "2026-11",
        target: 5,
        baseline: 4.3,
        direction: "lower",
        source: "广州分公司装维综合调度系统, 2026",
      },
      { name: "节假日夜班数", value: 9, unit: "个", period: "2026年1–11月（3人合计）", direction: "higher", source: "天河线路维护班排班表, 2026" },
      { name: "抢通受损光缆", value: 11, unit: "条", period: "2026年9月台风期间", direction: "higher", source: "广州分公司应急抢修台账, 2026" },
    ],
    stories: [
      {
        heading: "台风过后的36小时",
        body: "台风登陆当晚，天河片区十多条光缆被倒下的树木和广告牌压断。风雨刚小一些，三个人就带着熔接机出发了。\n\n他们按“先医院、学校，再居民小区”的顺序抢修，轮流在抢修车上眯一会儿。36小时后，最后一条光缆熔接完成。\n\n台风过后，他们没有停下：把沿街杆路逐段检查，加固了四十多处拉线。",
        principles: ["difference", "relationships"],
        quote: "停电停网的第二天，医院的网络就先恢复了，我们的预约系统一点没耽误。",
        quoteBy: "天河区某社区医院 信息科",
      },
    ],
    photos: [
      { scene: "repair", caption: "台风过后，抢修小组在熔接受损光缆" },
      { scene: "team", caption: "天河线路抢修小组三人合影" },
    ],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-11",
    title: "service-model",
    nominator: "GD000002",
    nominees: ["GD000146"],
    status: "approved",
    citation:
      "许冠宇把石岐片区三年的故障工单逐条标在地图上，找出反复出问题的七个分线盒提前整改。今年他负责的片区故障申告率3.1%，每百万用户投诉数降到5件。",
    metrics: [
      { name: "故障申告率", value: 3.1, unit: "%", period: "2026年1–11月", target: 5, baseline: 4.5, direction: "lower", source: faultSystem },
      { name: "每百万用户投诉数", value: 5, unit: "件", period: "2026年1–11月", target: 10, baseline: 9, direction: "lower", source: faultSystem },
      { name: "节假日夜班数", value: 7, unit: "个", period: "2026年1–11月", direction: "higher", source: "石岐装维班排班表, 2026" },
    ],
    stories: [
      {
        heading: "一张故障地图",
        body: "许冠宇发现，同一条街的故障常常隔几个月又来一次。他花了两个月的晚上，把三年的故障工单一条条标到片区地图上。\n\n红点最密的地方有七个分线盒：有的进水，有的接头老化。他把整改清单交给班长，一个一个换掉。\n\n到十一月，这七个分线盒再没有报过障。",
        principles: ["value", "reinvent"],
      },
    ],
    photos: [{ scene: "repair", caption: "许冠宇在更换老化的分线盒" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-11",
    title: "service-model",
    nominator: "GD000287",
    nominees: ["GD000187"],
    status: "approved",
    citation:
      "邓晓东负责禅城城郊的十二个村，哪家老人独居、哪根电杆要换，他都记在随身的小本子上。今年他所辖线路故障申告率保持在3.4%，春节、国庆都在岗。",
    metrics: [
      {
        name: "故障申告率",
        value: 3.4,
        unit: "%",
        period: "2026年1–11月",
        target: 5,
        direction: "lower",
        source: "佛山分公司装维综合调度系统, 2026",
      },
      { name: "节假日夜班数", value: 8, unit: "个", period: "2026年1–11月", direction: "higher", source: "禅城线路维护班排班表, 2026" },
    ],
    stories: [
      {
        heading: "村口的小本子",
        body: "邓晓东的小本子上，记着十二个村里每一位独居老人的电话和住址。刮风下雨之后，他会先给这些老人打个电话，问问家里电话和电视是不是正常。\n\n有一次电话没人接，他直接开车过去，发现是老人家里的电话线被老鼠咬断了。他当场接好，又帮老人把子女的号码设成了快捷拨号。",
        principles: ["relationships", "difference"],
        quote: "小邓比我儿子还上心，下雨天总是先打电话来问。",
        quoteBy: "禅城区村民 梁婆婆",
      },
    ],
    photos: [{ scene: "community", caption: "邓晓东在村里检查入户电话线" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-11",
    title: "service-model",
    nominator: "GD000115",
    nominees: ["GD000107"],
    status: "approved",
    citation:
      "胡伟业是南山线路维护班最年轻的维护员，自学光时域反射仪的曲线判读，把查找光缆断点的时间从半天缩短到一小时左右。今年他巡检的管道光缆没有一次中断。",
    metrics: [
      {
        name: "故障申告率",
        value: 3.8,
        unit: "%",
        period: "2026年1–11月",
        target: 5,
        baseline: 4.6,
        direction: "lower",
        source: "深圳分公司装维综合调度系统, 2026",
      },
      {
        name: "平均故障定位时长",
        value: 1.1,
        unit: "小时",
        period: "2026年1–11月",
        baseline: 4,
        direction: "lower",
        source: "深圳分公司装维综合调度系统, 2026",
      },
    ],
    stories: [
      {
        heading: "从半天到一小时",
        body: "以前光缆一断，班里要沿着管道一段段开井查找，往往要半天。胡伟业入职后，把仪器说明书和历次故障的测试曲线都找来，一条条对照着学。\n\n现在他看一眼曲线，就能在地图上圈出断点所在的那一段。师傅们说：“这个后生仔，把我们的老办法翻新了。”",
        principles: ["reinvent", "value"],
      },
    ],
    photos: [{ scene: "repair", caption: "胡伟业用光时域反射仪查找光缆断点" }],
    review: { by: "GD000003" },
  },

  // ── 2026年10月 服务之星 (closed; the 10000 hotline) ──────────────────────────
  {
    campaign: "2026-10",
    title: "best-service-star",
    nominator: "GD000001",
    nominees: ["GD000414"],
    status: "approved",
    citation: "李梓豪十月接听宽带故障专席，坚持“报障即约、修复即访”，经手工单的重复申告率只有1.9%。一位开网店的客户说，他比自己还着急。",
    metrics: [
      { name: "客户满意度", value: 99.1, unit: "%", period: "2026年10月", target: 98, direction: "higher", source: hotlineQuality },
      { name: "故障申告率", value: 1.9, unit: "%", period: "2026年10月（经手工单重复申告）", target: 5, direction: "lower", source: hotlineQuality },
      { name: "话务量", value: 2010, unit: "通", period: "2026年10月", direction: "higher", source: hotlineTraffic },
    ],
    stories: [
      {
        heading: "比客户还着急",
        body: "一位开网店的客户在“双十一”备货期间宽带断了，打进热线时声音都在发抖。李梓豪当场约了最近的装维时段，又把工单标成“商户加急”。\n\n修好后他没有马上结单，而是在当晚九点、第二天中午各打了一次电话，确认直播和订单都正常。",
        principles: ["relationships", "difference"],
        quote: "他比我还着急，修好了还专门打电话问我直播卡不卡。",
        quoteBy: "白云区网店店主 张先生",
      },
    ],
    photos: [{ scene: "hotline", caption: "李梓豪在宽带故障专席回访客户" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-10",
    title: "best-service-star",
    nominator: "GD000282",
    nominees: ["GD000219"],
    status: "approved",
    citation: "林国强是深圳一台的“账单医生”，十月为客户查出并退回不合理扣费一百四十多笔；他把常见的扣费疑问写成十条解释话术，全台一起用。",
    metrics: [
      { name: "客户满意度", value: 98.6, unit: "%", period: "2026年10月", target: 98, direction: "higher", source: hotlineQuality },
      { name: "故障申告率", value: 2.8, unit: "%", period: "2026年10月（经手工单重复申告）", target: 5, direction: "lower", source: hotlineQuality },
      { name: "首次来电解决率", value: 94.2, unit: "%", period: "2026年10月", target: 90, direction: "higher", source: hotlineQuality },
    ],
    stories: [
      {
        heading: "十条话术",
        body: "林国强发现，关于账单的来电里，八成问的是同样几件事：套餐外流量、到期的增值业务、合约优惠结束。\n\n他把这些问题整理成十条话术，每一条都先说清“为什么扣”，再说“怎么退、怎么避免”。全台用了两个月，账单类来电的平均通话时长少了一分多钟，客户却更满意了。",
        principles: ["value", "reinvent"],
      },
    ],
    photos: [{ scene: "hotline", caption: "林国强在为客户逐项核对账单" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-10",
    title: "best-service-star",
    nominator: "GD000110",
    nominees: ["GD000191"],
    status: "approved",
    citation: "黄晓东在投诉处理组专接“老大难”投诉。十月他经手的升级投诉全部在48小时内给出解决方案，投诉回访满意度从92%提高到98.3%。",
    metrics: [
      {
        name: "客户满意度",
        value: 98.3,
        unit: "%",
        period: "2026年10月（投诉回访）",
        target: 98,
        baseline: 92,
        direction: "higher",
        source: callbackSystem,
      },
      { name: "故障申告率", value: 2.2, unit: "%", period: "2026年10月（经手工单重复申告）", target: 5, direction: "lower", source: hotlineQuality },
      { name: "升级投诉再次升级", value: 0, unit: "件", period: "2026年10月", direction: "lower", source: callbackSystem },
    ],
    stories: [
      {
        heading: "48小时",
        body: "黄晓东给自己定了一个期限：升级投诉到手，48小时内一定给客户一个能落地的方案。\n\n做不到的事，他会直接说明原因，再给出替代办法；能做到的事，他会写明哪天、谁、做什么，并在当天回电确认。客户说，最怕的不是问题难，而是没人给个准话。",
        principles: ["relationships", "value"],
      },
    ],
    photos: [{ scene: "team", caption: "黄晓东和投诉处理组复盘升级投诉" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-10",
    title: "outstanding-service-star",
    nominator: "GD000001",
    nominees: ["GD000293"],
    status: "approved",
    citation: "朱德明在一台接了十五年电话，今年带的四名新人十月全部独立上岗。他自己十月的满意度98.4%，话务量全台第一。",
    metrics: [
      { name: "客户满意度", value: 98.4, unit: "%", period: "2026年10月", target: 95, direction: "higher", source: hotlineQuality },
      { name: "话务量", value: 2150, unit: "通", period: "2026年10月", direction: "higher", source: hotlineTraffic },
    ],
    stories: [
      {
        heading: "十五年的开场白",
        body: "朱德明带新人，第一课不是系统操作，而是开场白：先报工号，再说“请您慢慢讲，我在听”。\n\n他让新人旁听自己的电话，每天下班前一起复盘一通最难的来电。三个月后，四名新人全部独立上岗，其中两人当月满意度就超过了97%。",
        principles: ["relationships", "reinvent"],
      },
    ],
    photos: [{ scene: "team", caption: "朱德明带新人旁听复盘" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-10",
    title: "outstanding-service-star",
    nominator: "GD000124",
    nominees: ["GD000208"],
    status: "approved",
    citation: "谢玉兰十月连续三周顶替休产假的同事上晚班，从不推掉一通难接的电话。十月她的满意度97.9%，没有一件有效投诉。",
    metrics: [
      { name: "客户满意度", value: 97.9, unit: "%", period: "2026年10月", target: 95, direction: "higher", source: hotlineQuality },
      { name: "话务量", value: 1960, unit: "通", period: "2026年10月", direction: "higher", source: hotlineTraffic },
      { name: "有效投诉", value: 0, unit: "件", period: "2026年10月", direction: "lower", source: hotlineQuality },
    ],
    stories: [
      {
        heading: "三周的晚班",
        body: "十月，二台一位同事休产假，晚班一时排不开。谢玉兰主动说：“我孩子大了，晚上我来。”\n\n那三周，她每天晚上十点下班。晚班的来电里情绪激动的多，她总是先听对方说完，再慢慢解释。三周下来，她没有一通电话被投诉。",
        principles: ["difference", "relationships"],
      },
    ],
    photos: [{ scene: "night-shift", caption: "谢玉兰在晚班话务间" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-10",
    title: "outstanding-service-star",
    nominator: "GD000160",
    nominees: ["GD000373"],
    status: "approved",
    citation: "汤慧敏把“携号转网”的咨询做成一张流程图，客户听一遍就明白该怎么办。十月她的首次来电解决率93%，满意度98.0%。",
    metrics: [
      { name: "客户满意度", value: 98.0, unit: "%", period: "2026年10月", target: 95, direction: "higher", source: hotlineQuality },
      { name: "首次来电解决率", value: 93.0, unit: "%", period: "2026年10月", target: 90, direction: "higher", source: hotlineQuality },
      { name: "话务量", value: 1830, unit: "通", period: "2026年10月", direction: "higher", source: hotlineTraffic },
    ],
    stories: [
      {
        heading: "一张流程图",
        body: "携号转网的规矩多：合约是否到期、有没有欠费、宽带怎么处理……客户常常问了三次还是不清楚。\n\n汤慧敏把这些条件画成一张只有五步的流程图，接电话时照着图一步步问，最后把结论用短信发给客户。深圳一台现在人手一张她的图。",
        principles: ["value", "reinvent"],
      },
    ],
    photos: [{ scene: "hotline", caption: "汤慧敏讲解携号转网流程图" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-10",
    title: "outstanding-service-star",
    nominator: "GD000110",
    nominees: ["GD000386"],
    status: "approved",
    citation: "苏丽萍处理的多是宽带装机延误的投诉。她不只道歉，而是当场约定上门时间并一路跟到装好。十月她经手投诉的回访满意度97.2%。",
    metrics: [
      { name: "客户满意度", value: 97.2, unit: "%", period: "2026年10月（投诉回访）", target: 95, direction: "higher", source: callbackSystem },
      { name: "话务量", value: 1070, unit: "通", period: "2026年10月", direction: "higher", source: hotlineTraffic },
    ],
    stories: [
      {
        heading: "约定的那一天",
        body: "一对刚搬进新家的年轻夫妇，宽带装机一拖再拖，打进热线时已经很生气。苏丽萍先道了歉，然后当场联系装维班，约定了周六上午。\n\n周六早上，她又给装维师傅和客户各打了一个电话确认。宽带装好的那天下午，客户发来一条短信：“说到做到，谢谢你。”",
        principles: ["relationships"],
      },
    ],
    photos: [{ scene: "community", caption: "苏丽萍回访新装宽带的客户" }],
    review: { by: "GD000003" },
  },
];
