import type { DemoNomination } from "./nomination-content";

// The words of the two published demo campaigns — last year's and last
// quarter's honour rolls, the first thing a new user sees. Written in the
// spirit of the background article (the hotline that answers around the
// clock, the engineers who fix things before they break, "the pickiest
// customer"), with people, numbers and customers of our own. app/demo/voting.ts
// walks them through the use-cases; `headline` is what the administrator
// chooses to show on the roll.

export interface HonorRollDemoNomination extends DemoNomination {
  /** The administrator's choice at publication: index of the photo (null: none) and of the headline metrics, in order. */
  headline?: { photo: number | null; metrics: number[] };
  /** A citation corrected after publication (the campaign's `correction` says why). */
  correctedCitation?: string;
}

const hotlineQuality2025 = "10000号服务质量系统, 2025";
const hotlineTraffic2025 = "10000号话务统计平台, 2025";
const hotlineQuality = "10000号服务质量系统, 2026";
const hotlineTraffic = "10000号话务统计平台, 2026";

export const honorRollDemoNominations: readonly HonorRollDemoNomination[] = [
  // ── 2025年度 服务之星 (published, then corrected; the whole company) ───────
  {
    campaign: "2025-annual",
    title: "best-service-star",
    nominator: "GD000002",
    nominees: ["GD000005"],
    status: "approved",
    citation:
      "黎国栋在石岐片区做了十六年装维。2025年他坚持“主动巡检、一次修好”，所辖片区故障申告率降到2.7%，全年没有一宗重复上门；台风过后，他三天跑遍片区四十多个交接箱。",
    metrics: [
      {
        name: "客户满意度",
        value: 99.0,
        unit: "%",
        period: "2025年全年（装维上门回访）",
        target: 98,
        direction: "higher",
        source: "中山分公司装维回访记录, 2025",
      },
      {
        name: "故障申告率",
        value: 2.7,
        unit: "%",
        period: "2025年全年",
        target: 5,
        baseline: 3.8,
        direction: "lower",
        source: "中山分公司装维综合调度系统, 2025",
      },
      {
        name: "每百万用户投诉数",
        value: 3,
        unit: "件",
        period: "2025年全年",
        target: 10,
        baseline: 7,
        direction: "lower",
        source: "中山分公司装维综合调度系统, 2025",
      },
      { name: "重复上门", value: 0, unit: "次", period: "2025年全年", direction: "lower", source: "中山分公司装维综合调度系统, 2025" },
    ],
    stories: [
      {
        heading: "台风过后的三天",
        body: "九月一场台风过境，中山不少线路被吹断、泡了水。黎国栋没有等报障单，第二天一早就带着万用表和一箱备用端子出了门。\n\n他按交接箱的编号一个个打开检查：\n- 进水的端子当场更换；\n- 坏线对挂牌，并在资源系统里标为不可用；\n- 住着独居老人的楼栋，他上楼敲门，问一声电话通不通。\n\n三天里他跑了四十多个交接箱。那一周，片区的故障申告比往年台风过后少了一半。",
        principles: ["difference", "value"],
        quote: "台风刚走，电信师傅就上门问我家电话通不通，我自己都还没发现坏了。",
        quoteBy: "石岐区 梁婆婆",
      },
      {
        heading: "教徒弟看“线头”",
        body: "班里新来的两位年轻工程师，黎国栋带着他们跑了整整一个季度。他的规矩是：每修好一处，都要讲清楚为什么坏、下次怎样提前发现。\n\n徒弟们把他的话记在手机备忘录里，起名“黎师傅的线头”。到年底，他们已经能独立处理片区里八成的故障。",
        principles: ["relationships", "reinvent"],
      },
    ],
    photos: [
      { scene: "repair", caption: "台风过后，黎国栋逐个检查交接箱" },
      { scene: "community", caption: "黎国栋上门回访独居老人" },
    ],
    review: { by: "GD000003" },
    headline: { photo: 0, metrics: [1, 0, 2] },
  },
  {
    campaign: "2025-annual",
    title: "best-service-star",
    nominator: "GD000001",
    nominees: ["GD000258"],
    status: "approved",
    citation: "冯雪梅在广州一台做了近二十年业务代表，2025年满意度保持在98%以上，还带出了六名能独立上岗的新人。",
    metrics: [
      { name: "客户满意度", value: 98.5, unit: "%", period: "2025年全年", target: 98, direction: "higher", source: hotlineQuality2025 },
      {
        name: "故障申告率",
        value: 3.1,
        unit: "%",
        period: "2025年全年（经手工单重复申告）",
        target: 5,
        direction: "lower",
        source: hotlineQuality2025,
      },
    ],
    stories: [
      {
        heading: "慢一点说",
        body: "遇到年纪大的客户，冯雪梅会把语速放慢一半，每说完一步就停下来，请对方跟着复述一遍。\n\n她常说：“客户没听懂，就等于我们没说。”",
        principles: ["relationships"],
      },
    ],
    photos: [{ scene: "hotline", caption: "冯雪梅在广州一台接听来电" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2025-annual",
    title: "outstanding-service-star",
    nominator: "GD000001",
    nominees: ["GD000004"],
    status: "approved",
    citation:
      "程嘉朗2025年接听来电七千二百多通，满意度98.9%。六月暴雨那几天，他把当班接到的四十三宗固话故障逐一回访，直到每位独居老人家的电话都修通。",
    metrics: [
      {
        name: "客户满意度",
        value: 98.9,
        unit: "%",
        period: "2025年全年",
        target: 95,
        baseline: 97.6,
        direction: "higher",
        source: hotlineQuality2025,
      },
      { name: "话务量", value: 7230, unit: "通", period: "2025年全年", direction: "higher", source: hotlineTraffic2025 },
      { name: "一对一回访工单", value: 214, unit: "单", period: "2025年全年", direction: "higher", source: "10000号回访工单系统, 2025" },
    ],
    stories: [
      {
        heading: "暴雨夜的四十三张单子",
        body: "六月一个暴雨夜，天河、白云好几个小区的固话同时断了。那一晚程嘉朗当班，故障单一张接一张。\n\n他留意到，报障的人里有不少是独居老人：手机用不惯，固话是他们和子女联系的唯一办法。他把这些单子单独列出来，第二天下班后一个个回访——修好了的，再确认一次通话清楚；还没修好的，直接联系装维班约时间。\n\n一共四十三张单子，他跟了五天，最后一张在周日下午结单。",
        principles: ["difference", "relationships"],
        quote: "小程连着三天打电话来问，比我儿子还上心。电话修好那天，他还让我给女儿打一个试试。",
        quoteBy: "白云区客户 何阿姨",
      },
    ],
    photos: [
      { scene: "night-shift", caption: "暴雨夜的话务间" },
      { scene: "hotline", caption: "程嘉朗回访固话故障的客户" },
    ],
    review: { by: "GD000003" },
    headline: { photo: 1, metrics: [0, 2, 1] },
  },
  {
    campaign: "2025-annual",
    title: "outstanding-service-star",
    nominator: "GD000152",
    nominees: ["GD000209"],
    status: "approved",
    citation:
      "钟晓霞是深圳二台的高级业务代表，2025年满意度98.2%，全年没有一宗有效投诉。出境旅游的客户来咨询，她总会多问一句目的地，把漫游套餐和防诈骗提醒一并讲清楚。",
    metrics: [
      { name: "客户满意度", value: 98.2, unit: "%", period: "2025年全年", target: 95, direction: "higher", source: hotlineQuality2025 },
      { name: "话务量", value: 6640, unit: "通", period: "2025年全年", direction: "higher", source: hotlineTraffic2025 },
      { name: "有效投诉", value: 0, unit: "件", period: "2025年全年", direction: "lower", source: hotlineQuality2025 },
    ],
    stories: [
      {
        heading: "出境前多问一句",
        body: "暑假前后，咨询国际漫游的电话特别多。钟晓霞接这类电话，总要多问一句：“您去哪里，去几天？”\n\n知道了目的地，她帮客户挑最划算的漫游包，再提醒两件事：落地后留意陌生来电，别点短信里的陌生链接。她说，出门在外，最怕的不是流量贵，而是被骗。",
        principles: ["value", "relationships"],
        quote: "她提醒我别接陌生电话，结果真有人冒充航空公司打来说航班取消。多亏提前听她说过。",
        quoteBy: "南山区客户 刘女士",
      },
    ],
    photos: [{ scene: "hotline", caption: "钟晓霞为出境的客户讲解漫游套餐" }],
    review: { by: "GD000003" },
    headline: { photo: 0, metrics: [0, 2] },
  },
  {
    campaign: "2025-annual",
    title: "outstanding-service-star",
    nominator: "GD000120",
    nominees: ["GD000362"],
    status: "approved",
    citation: "何翠玲在广州三台常上夜班，2025年夜班满意度97.6%；下班前总把没处理完的单子交代清楚，白班同事接得放心。",
    metrics: [
      { name: "客户满意度", value: 97.6, unit: "%", period: "2025年全年（夜班）", target: 95, direction: "higher", source: hotlineQuality2025 },
      { name: "话务量", value: 5480, unit: "通", period: "2025年全年", direction: "higher", source: hotlineTraffic2025 },
    ],
    stories: [
      {
        heading: "交接本",
        body: "何翠玲下夜班前，会把没处理完的每一张单子写进交接本：客户是谁、卡在哪一步、已经答应了客户什么。\n\n白班同事说，接她的班最省心。",
        principles: ["relationships"],
      },
    ],
    photos: [{ scene: "hotline", caption: "何翠玲在夜班写交接本" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2025-annual",
    title: "service-model",
    nominator: "GD000287",
    nominees: ["GD000150", "GD000296", "GD000357"],
    teamName: "禅城线路抢修小组",
    status: "approved",
    // As submitted, with a slip the correction fixes: 83 for 38.
    citation: "禅城线路抢修小组三人全年抢修光缆83条，平均修复时长从6.5小时缩短到3.8小时；春节和国庆假期轮流值守，片区故障申告率降到3.4%。",
    correctedCitation: "禅城线路抢修小组三人全年抢修光缆38条，平均修复时长从6.5小时缩短到3.8小时；春节和国庆假期轮流值守，片区故障申告率降到3.4%。",
    metrics: [
      {
        name: "故障申告率",
        value: 3.4,
        unit: "%",
        period: "2025年全年",
        target: 5,
        baseline: 4.6,
        direction: "lower",
        source: "佛山分公司线路维护调度系统, 2025",
      },
      {
        name: "平均修复时长",
        value: 3.8,
        unit: "小时",
        period: "2025年全年",
        baseline: 6.5,
        direction: "lower",
        source: "佛山分公司线路维护调度系统, 2025",
      },
      { name: "光缆抢修", value: 38, unit: "条", period: "2025年全年", direction: "higher", source: "佛山分公司线路维护调度系统, 2025" },
      { name: "节假日夜班数", value: 27, unit: "个", period: "2025年春节、国庆", direction: "higher", source: "禅城线路维护班排班表, 2025" },
    ],
    stories: [
      {
        heading: "三个人，一张抢修地图",
        body: "以前光缆一断，抢修要先花一两个小时找断点。禅城小组把片区十几年的故障记录整理成一张“抢修地图”：哪一段管道容易进水，哪个路口常被施工挖断，一目了然。\n\n现在接到告警，三个人先看地图再出车，平均修复时长从六个半小时缩短到不到四个小时。",
        principles: ["reinvent", "value"],
        quote: "工地把光缆挖断了，我们厂的订单系统停了。没想到三个多小时就恢复，比我们预想的快了一倍。",
        quoteBy: "禅城区某五金厂 陈经理",
      },
      {
        heading: "假期轮流守着",
        body: "春节和国庆，三个人排了一张轮值表：每天至少一人在班组待命，另外两人手机不关机。\n\n袁文杰说：“我们年纪大的多值几天，年轻人难得回家。”",
        principles: ["difference", "relationships"],
      },
    ],
    photos: [
      { scene: "team", caption: "禅城线路抢修小组对着抢修地图商量路线" },
      { scene: "night-shift", caption: "禅城线路抢修小组连夜赶往光缆中断的路段" },
    ],
    review: { by: "GD000003" },
    headline: { photo: 1, metrics: [0, 1, 2] },
  },
  {
    campaign: "2025-annual",
    title: "fred-spirit-award",
    nominator: "GD000006",
    nominees: ["GD000223"],
    status: "approved",
    citation:
      "严宇航是客户维权团队里的“最挑剔客户”。2025年他扮成客户打了两百多通体验电话，找出的十九处服务死角全部整改；他还到社区给老人讲防诈骗，一分钱没花，讲了十二场。",
    metrics: [
      { name: "节假日夜班数", value: 8, unit: "个", period: "2025年全年", direction: "higher", source: "客户维权团队排班表, 2025" },
      { name: "体验电话", value: 216, unit: "通", period: "2025年全年", direction: "higher", source: "客户维权团队工作记录, 2025" },
      { name: "整改的服务死角", value: 19, unit: "处", period: "2025年全年", target: 15, direction: "higher", source: "客户维权团队工作记录, 2025" },
      { name: "社区防诈骗讲座", value: 12, unit: "场", period: "2025年全年", direction: "higher", source: "社区服务记录, 2025" },
    ],
    stories: [
      {
        heading: "把自己当成最挑剔的客户",
        body: "严宇航每周要拨出几十通“体验电话”：扮成刚搬家的租客、看不懂账单的老人、急着出差的商务客户。每一通，他都记下等了多久、听懂没有、哪一步让人想挂电话。\n\n一年下来，他整理出十九处服务死角。其中一条是：语音菜单太长，老年客户常常听到一半就挂了。现在，热线给六十五岁以上的客户开通了直接转人工的快捷键。",
        principles: ["value", "reinvent"],
        quote: "以前打客服要按好多键，我总按错。现在一拨就有人接，方便多了。",
        quoteBy: "越秀区 黄伯",
      },
      {
        heading: "社区里的防诈骗课",
        body: "周末，严宇航常去社区活动中心给老人讲防诈骗：冒充公检法的电话怎么识别，“中奖”短信为什么不能点。\n\n他不收一分钱，也不推销任何业务。讲完课，他把自己整理的“防诈骗十问”贴在活动室门口。",
        principles: ["difference", "value"],
      },
    ],
    photos: [
      { scene: "community", caption: "严宇航在社区活动中心讲防诈骗" },
      { scene: "award", caption: "严宇航和客户维权团队的同事" },
    ],
    review: { by: "GD000003" },
    headline: { photo: 0, metrics: [2, 1, 3] },
  },

  // ── 2026年第三季度 服务之星 (published; the whole company) ────────────────
  {
    campaign: "2026-q3",
    title: "best-service-star",
    nominator: "GD000001",
    nominees: ["GD000360"],
    status: "approved",
    citation:
      "陈敏在广州三台专接宽带故障来电。三季度她的满意度99.3%，经手工单的重复申告率只有1.6%；她总结的“三问定位法”让全台的平均处理时长少了近一分钟。",
    metrics: [
      { name: "客户满意度", value: 99.3, unit: "%", period: "2026年7–9月", target: 98, baseline: 98.1, direction: "higher", source: hotlineQuality },
      { name: "故障申告率", value: 1.6, unit: "%", period: "2026年7–9月（经手工单重复申告）", target: 5, direction: "lower", source: hotlineQuality },
      { name: "每百万用户投诉数", value: 2, unit: "件", period: "2026年7–9月", target: 10, direction: "lower", source: hotlineQuality },
      { name: "平均处理时长", value: 4.2, unit: "分钟", period: "2026年7–9月", baseline: 5.1, direction: "lower", source: hotlineTraffic },
    ],
    stories: [
      {
        heading: "三问定位法",
        body: "宽带故障来电，最费时的是弄清楚问题出在哪儿。陈敏琢磨出三个问题：\n1. 光猫上哪个灯在闪？\n2. 家里其他设备能不能上网？\n3. 最近有没有挪过路由器、改过密码？\n\n三个问题问下来，七成的故障当场就能判断是线路的问题还是家里设备的问题。她把这套问法讲给全台听，三台的平均处理时长少了将近一分钟。",
        principles: ["reinvent", "value"],
        quote: "她问了三个问题，就知道是我家路由器的毛病，教我重启一下就好了，前后不到五分钟。",
        quoteBy: "海珠区客户 吴先生",
      },
      {
        heading: "补考前的那个晚上",
        body: "八月底的一个晚上，一位家长打进热线：家里宽带断了，孩子第二天一早要线上补考。陈敏判断是线路故障后，没有按常规排单，而是直接联系当晚值班的装维师傅，把情况说清楚。\n\n晚上十点半，宽带修好了。第二天，家长专门打电话来说孩子考得不错。",
        principles: ["difference", "relationships"],
      },
    ],
    photos: [
      { scene: "hotline", caption: "陈敏在宽带故障专席" },
      { scene: "award", caption: "陈敏在季度表彰会上" },
    ],
    review: { by: "GD000003" },
    headline: { photo: 0, metrics: [0, 1, 3] },
  },
  {
    campaign: "2026-q3",
    title: "best-service-star",
    nominator: "GD000152",
    nominees: ["GD000440"],
    status: "approved",
    citation: "许琳在深圳二台接听商户专线，三季度满意度98.4%，帮三十多家小店理清了宽带和电话的账单。",
    metrics: [
      { name: "客户满意度", value: 98.4, unit: "%", period: "2026年7–9月", target: 98, direction: "higher", source: hotlineQuality },
      { name: "故障申告率", value: 2.9, unit: "%", period: "2026年7–9月（经手工单重复申告）", target: 5, direction: "lower", source: hotlineQuality },
    ],
    stories: [
      {
        heading: "小店的账单",
        body: "一家开了十年的茶餐厅，每月电话费比同行高出一截。许琳帮店主逐项核对，发现有两条早就不用的专线还在计费。\n\n停掉之后，店主每月省下三百多元。",
        principles: ["value"],
      },
    ],
    photos: [{ scene: "hotline", caption: "许琳为商户核对账单" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-q3",
    title: "outstanding-service-star",
    nominator: "GD000001",
    nominees: ["GD000007"],
    status: "approved",
    citation:
      "何嘉欣入职七年，三季度满意度97.9%、话务量全台前三。台风红色预警那晚她主动留下加班，接了一百一十多通报障电话，把每一张单子都转到了装维班才下班。",
    metrics: [
      { name: "客户满意度", value: 97.9, unit: "%", period: "2026年7–9月", target: 95, baseline: 96.8, direction: "higher", source: hotlineQuality },
      { name: "话务量", value: 6150, unit: "通", period: "2026年7–9月", direction: "higher", source: hotlineTraffic },
      { name: "台风预警当晚来电", value: 112, unit: "通", period: "2026年9月台风预警当晚", direction: "higher", source: hotlineTraffic },
    ],
    stories: [
      {
        heading: "红色预警那一晚",
        body: "九月台风登陆前，全市发布了红色预警。下午五点交班时，话务量已经比平时多了一倍。何嘉欣没有走：“我家就在附近，我再接两个小时。”\n\n这一接就是五个小时。一百一十多通电话里，很多是家里停电断网、联系不上家人的。她给每张报障单标明地址和紧急程度，转给装维班，下班时已经快十一点了。",
        principles: ["difference"],
        quote: "风那么大，电话那头的姑娘还是很耐心，先叫我用手机给家里人报个平安。",
        quoteBy: "番禺区客户 郑女士",
      },
      {
        heading: "排班表上的小心思",
        body: "何嘉欣是一台排班的“小助手”。谁家孩子生病、谁要陪父母看病，她都记在心里，排班时悄悄提醒值班长。\n\n同事们说，一台的夜班排得开，有一半是她的功劳。",
        principles: ["relationships"],
      },
    ],
    photos: [
      { scene: "night-shift", caption: "台风预警当晚的话务间" },
      { scene: "hotline", caption: "何嘉欣在广州一台" },
    ],
    review: { by: "GD000003" },
    headline: { photo: 0, metrics: [0, 2] },
  },
  {
    campaign: "2026-q3",
    title: "outstanding-service-star",
    nominator: "GD000115",
    nominees: ["GD000255"],
    status: "approved",
    citation: "王嘉俊负责南山片区的线路维护。三季度他上门回访满意度98.6%，换下老化入户线一百三十多条；独居老人家的电话坏了，他总是当天就到。",
    metrics: [
      {
        name: "客户满意度",
        value: 98.6,
        unit: "%",
        period: "2026年7–9月（装维上门回访）",
        target: 95,
        direction: "higher",
        source: "南山线路维护班回访记录, 2026",
      },
      { name: "更换老化入户线", value: 134, unit: "条", period: "2026年7–9月", direction: "higher", source: "线路资源管理系统, 2026" },
      {
        name: "故障申告率",
        value: 3.0,
        unit: "%",
        period: "2026年7–9月",
        target: 5,
        baseline: 3.9,
        direction: "lower",
        source: "深圳分公司装维调度系统, 2026",
      },
    ],
    stories: [
      {
        heading: "当天就到",
        body: "南山片区有不少老旧小区，住着很多独居老人。王嘉俊给自己定了个规矩：老人家里的电话坏了，当天一定上门。\n\n七月的一个傍晚，一位八十多岁的老人打来电话，说听筒里全是杂音。王嘉俊收工后绕过去，发现入户线被老鼠咬破了。换好线，他又把楼道里另外几户的线也检查了一遍。",
        principles: ["difference", "relationships"],
        quote: "小王天黑了还跑过来，修好了还帮我把电话挪到床头，说晚上有事好打。",
        quoteBy: "南山区 李伯",
      },
    ],
    photos: [
      { scene: "repair", caption: "王嘉俊更换老化的入户线" },
      { scene: "community", caption: "王嘉俊回访老旧小区的住户" },
    ],
    review: { by: "GD000003" },
    headline: { photo: 0, metrics: [0, 1, 2] },
  },
  {
    campaign: "2026-q3",
    title: "outstanding-service-star",
    nominator: "GD000006",
    nominees: ["GD000378"],
    status: "approved",
    citation: "陈翠玲负责客户信息安全宣讲，三季度组织了六十多次班前“十分钟”，全中心信息安全抽查零差错。",
    metrics: [
      { name: "客户满意度", value: 97.4, unit: "%", period: "2026年7–9月", target: 95, direction: "higher", source: hotlineQuality },
      { name: "班前宣讲", value: 64, unit: "次", period: "2026年7–9月", direction: "higher", source: "客户维权团队工作记录, 2026" },
    ],
    stories: [
      {
        heading: "班前十分钟",
        body: "每天开班前，陈翠玲用十分钟讲一个泄露客户信息的真实案例，再讲一条“我们该怎么做”。\n\n三个月讲了六十多次，没有一次重样。",
        principles: ["value"],
      },
    ],
    photos: [{ scene: "team", caption: "陈翠玲在班前宣讲" }],
    review: { by: "GD000003" },
  },
  {
    campaign: "2026-q3",
    title: "service-model",
    nominator: "GD000002",
    nominees: ["GD000392"],
    status: "approved",
    citation:
      "周树森是石岐装维班的“夜班担当”。三季度他负责的片区故障申告率降到2.6%，节假日夜班十四个；他给每个交接箱拍照建档，新同事照着照片就能找到线对。",
    metrics: [
      {
        name: "故障申告率",
        value: 2.6,
        unit: "%",
        period: "2026年7–9月",
        target: 5,
        baseline: 3.5,
        direction: "lower",
        source: "中山分公司装维综合调度系统, 2026",
      },
      { name: "节假日夜班数", value: 14, unit: "个", period: "2026年7–9月", direction: "higher", source: "石岐装维班排班表, 2026" },
      {
        name: "每百万用户投诉数",
        value: 4,
        unit: "件",
        period: "2026年7–9月",
        target: 10,
        direction: "lower",
        source: "中山分公司装维综合调度系统, 2026",
      },
    ],
    stories: [
      {
        heading: "交接箱的照片档案",
        body: "石岐片区有两百多个交接箱，很多箱门里的标签早就模糊了。周树森用了两个月的午休，把每个交接箱打开拍照，按街道编号存进班组的共享相册。\n\n现在新同事第一次去陌生的交接箱，打开相册对一对，就知道哪一排是哪栋楼的线。",
        principles: ["value", "reinvent"],
        quote: "周师傅的相册太好用了，我第一次独立出工就没找错箱子。",
        quoteBy: "石岐装维班新同事 小潘",
      },
      {
        heading: "中秋夜的抢修",
        body: "中秋节晚上，一个小区的宽带整片中断。周树森刚和家人吃完饭，接到电话就出了门。\n\n他在小区门口的交接箱里找到被雨水泡坏的模块，换好时已经过了午夜。第二天一早，他又回去确认每一户都能上网。",
        principles: ["difference"],
      },
    ],
    photos: [
      { scene: "community", caption: "中秋夜抢修之后，周树森回访小区住户" },
      { scene: "team", caption: "周树森和石岐装维班的同事" },
    ],
    review: { by: "GD000003" },
    headline: { photo: 1, metrics: [0, 1] },
  },
];

/** Why the 2025 roll was corrected (version 2): the one slip in a citation. */
export const demoCorrectionReason =
  "禅城线路抢修小组颁奖词中的抢修数量录入有误：全年抢修光缆38条（原文误为83条），依据佛山分公司线路维护调度系统记录更正。";
