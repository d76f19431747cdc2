import type { Role } from "../../db/schema";
import { demoUnits } from "./org";
import { seededRandom, type Random } from "./random";

/** The one password of every demo account (and only of those). */
export const demoPassword = "stars-demo-2026";

export interface DemoRole {
  role: Role;
  /** Unit code for a manager's scope; null for global roles. */
  unit: string | null;
}

export interface DemoPerson {
  employeeNo: string;
  name: string;
  email: string;
  phone: string | null;
  unit: string;
  /** Stored in Chinese only, as HR exports it. */
  jobTitle: string;
  /** YYYY-MM-DD */
  hireDate: string;
  /** ISO timestamp for people who have left; null while active. */
  leftAt: string | null;
  /** Always includes staff. */
  roles: DemoRole[];
  /** Demo accounts alone get the demo password. */
  account: boolean;
}

export interface DemoAccount {
  /** The role this account is there to demonstrate. */
  role: Role;
  employeeNo: string;
  email: string;
  name: string;
  unit: string;
}

/**
 * Named people the demo stories are about, written after the article's
 * service pioneers but with names of our own. Their employee numbers are
 * fixed so later demo data (nominations, stories) can refer to them.
 */
interface Featured {
  employeeNo: string;
  name: string;
  email?: string;
  unit: string;
  jobTitle: string;
  hireDate: string;
  /** Roles beyond staff and what the job slot brings (see staffing). */
  extraRoles?: DemoRole[];
  /** Set for a demo account: the role it demonstrates. */
  account?: Role;
  about: { zh: string; en: string };
}

export const featuredPeople: readonly Featured[] = [
  {
    employeeNo: "ADMIN01",
    name: "罗慧琳",
    email: "admin@demo.example",
    unit: "GD.HR",
    jobTitle: "人力资源经理",
    hireDate: "2006-03-01",
    extraRoles: [{ role: "admin", unit: null }],
    account: "admin",
    about: {
      zh: "人力资源部经理，系统管理员：导入员工和组织、设置荣誉称号与评选活动、发布光荣榜。",
      en: "HR manager and administrator: imports staff and units, sets up titles and campaigns, publishes honour rolls.",
    },
  },
  {
    employeeNo: "GD000001",
    name: "梁晓岚",
    email: "manager.hotline@demo.example",
    unit: "GD.10000.GZ",
    jobTitle: "中心主任",
    hireDate: "1999-08-16",
    account: "manager",
    about: {
      zh: "10000号广州区域中心主任，可为中心各台、各组的员工提名。",
      en: "Head of the Guangzhou regional hotline centre; nominates people from every desk and team in it.",
    },
  },
  {
    employeeNo: "GD000002",
    name: "麦永健",
    email: "manager.line@demo.example",
    unit: "GD.ZS.SQ",
    jobTitle: "班长",
    hireDate: "2001-05-08",
    account: "manager",
    about: {
      zh: "中山分公司石岐装维班班长，为班里的装维工程师提名。",
      en: "Leads the Shiqi installation and maintenance team in Zhongshan and nominates its field engineers.",
    },
  },
  {
    employeeNo: "GD000003",
    name: "欧阳敏华",
    email: "committee@demo.example",
    unit: "GD.SQ",
    jobTitle: "服务质量经理",
    hireDate: "2003-10-20",
    account: "committee",
    about: {
      zh: "服务质量管理部经理，评审委员：审核提名，确认当选名单。",
      en: "Service quality manager on the committee: reviews nominations and ratifies the winners.",
    },
  },
  {
    employeeNo: "GD000004",
    name: "程嘉朗",
    email: "agent@demo.example",
    unit: "GD.10000.GZ.D1",
    jobTitle: "业务代表",
    hireDate: "2016-07-11",
    account: "staff",
    about: {
      zh: "广州一台业务代表。除夕夜主动要求上23:00到次日7:00的大夜班；春节期间接到的每一宗故障和投诉，他都逐一回访到客户满意；等回乡的同事都回岗了，他才补休一天。",
      en: "Agent on Guangzhou Desk 1. Asked for the New Year's Eve night shift (23:00–07:00), called back every customer who reported a fault or complaint over the holiday until it was settled, and took his own day off only when colleagues who had gone home were back.",
    },
  },
  {
    employeeNo: "GD000005",
    name: "黎国栋",
    unit: "GD.ZS.SQ",
    jobTitle: "高级装维工程师",
    hireDate: "2009-04-01",
    about: {
      zh: "做了十多年装维的工程师。在交接箱里发现坏线对就挂牌标记，并在资源系统里同步标注，免得再配给新用户；他负责的片区故障申告率常年在3%上下。",
      en: "Field engineer for over fifteen years. Tags every faulty pair he finds in a cross-connect cabinet and marks it in the resource system so it is never assigned again; fault reports in his patch stay around 3%.",
    },
  },
  {
    employeeNo: "GD000006",
    name: "苏婉清",
    unit: "GD.10000.GZ.ADV",
    jobTitle: "组长",
    hireDate: "2011-02-14",
    about: {
      zh: "客户维权团队组长。带着组员扮演“最挑剔的客户”找服务死角；每天上班先用十分钟轮流宣讲客户信息保护。",
      en: 'Leads the customer advocacy team, who play "the pickiest customer" to find gaps in service; opens every shift with a ten-minute briefing on protecting customers\' personal data.',
    },
  },
  {
    employeeNo: "GD000007",
    name: "何嘉欣",
    unit: "GD.10000.GZ.D1",
    jobTitle: "话务员",
    hireDate: "2019-09-02",
    about: {
      zh: "广州一台话务员，除夕夜和程嘉朗一起守大夜班。",
      en: "Agent on Guangzhou Desk 1 who shared the New Year's Eve night shift with Cheng Jialang.",
    },
  },
  {
    employeeNo: "GD000008",
    name: "谭伟业",
    unit: "GD.10000.GZ.D1",
    jobTitle: "值班长",
    hireDate: "2008-06-30",
    about: {
      zh: "广州一台值班长，除夕大夜班的带班人。",
      en: "Shift lead on Guangzhou Desk 1 who ran the New Year's Eve night shift.",
    },
  },
];

/** One kind of job in a unit: title, head count, and the role it brings. */
type Slot = readonly [title: string, count: number, role?: "manager" | "committee"];

const hotlineDesk = (agents: number): Slot[] => [
  ["班长", 1, "manager"],
  ["值班长", 2],
  ["质检员", 1],
  ["高级业务代表", 3],
  ["业务代表", agents],
  ["话务员", agents - 1],
];

const lineTeam = (linemen: number, engineers: number): Slot[] => [
  ["班长", 1, "manager"],
  ["线路维护员", linemen],
  ["装维工程师", engineers],
];

const branchOffice = (...more: string[]): Slot[] => [["总经理", 1, "manager"], ...more.map((t): Slot => [t, 1])];

/** Who works where: 200 people in all. */
const staffing: Record<string, Slot[]> = {
  GD: [],
  "GD.HR": [
    ["人力资源经理", 1],
    ["人力资源专员", 3],
    ["薪酬福利专员", 1],
  ],
  "GD.SQ": [
    ["服务质量经理", 1, "committee"],
    ["服务监督专员", 2, "committee"],
    ["数据分析师", 2],
  ],
  "GD.10000": [
    ["总经理", 1, "manager"],
    ["运营分析师", 1],
  ],
  "GD.10000.GZ": [
    ["中心主任", 1, "manager"],
    ["副主任", 1],
    ["排班调度员", 1],
    ["培训师", 1],
  ],
  "GD.10000.GZ.D1": hotlineDesk(7),
  "GD.10000.GZ.D2": hotlineDesk(7),
  "GD.10000.GZ.D3": hotlineDesk(6),
  "GD.10000.GZ.CPL": [
    ["组长", 1, "manager"],
    ["投诉处理专员", 7],
    ["回访专员", 2],
  ],
  "GD.10000.GZ.ADV": [
    ["组长", 1, "manager"],
    ["客户体验专员", 5],
    ["信息安全专员", 2],
  ],
  "GD.10000.SZ": [
    ["中心主任", 1, "manager"],
    ["排班调度员", 1],
    ["培训师", 1],
  ],
  "GD.10000.SZ.D1": hotlineDesk(5),
  "GD.10000.SZ.D2": hotlineDesk(5),
  "GD.GZ": branchOffice("政企客户经理"),
  "GD.GZ.TH": lineTeam(5, 3),
  "GD.GZ.YX": lineTeam(2, 5),
  "GD.GZ.HALL": [
    ["厅经理", 1, "manager"],
    ["客户经理", 2],
    ["营业员", 3],
  ],
  "GD.SZ": branchOffice("客户经理", "网络优化工程师"),
  "GD.SZ.NS": lineTeam(5, 3),
  "GD.SZ.HALL": [
    ["厅经理", 1, "manager"],
    ["客户经理", 1],
    ["营业员", 3],
  ],
  "GD.FS": branchOffice("客户经理"),
  "GD.FS.CC": lineTeam(4, 3),
  "GD.DG": branchOffice("客户经理"),
  "GD.DG.NC": lineTeam(4, 3),
  "GD.ZS": branchOffice("客户经理"),
  "GD.ZS.SQ": [
    ["班长", 1, "manager"],
    ["高级装维工程师", 2],
    ["装维工程师", 4],
    ["线路维护员", 2],
  ],
};

// Guangdong-flavoured surnames, weighted roughly by how common they are there.
const surnames: ReadonlyArray<readonly [string, number]> = [
  ["陈", 10],
  ["李", 8],
  ["黄", 8],
  ["张", 7],
  ["梁", 6],
  ["林", 6],
  ["刘", 6],
  ["吴", 5],
  ["王", 4],
  ["何", 4],
  ["罗", 4],
  ["郑", 4],
  ["谢", 3],
  ["钟", 3],
  ["邓", 3],
  ["冯", 3],
  ["曾", 3],
  ["杨", 3],
  ["彭", 2],
  ["蔡", 2],
  ["周", 2],
  ["叶", 2],
  ["苏", 2],
  ["卢", 2],
  ["许", 2],
  ["潘", 2],
  ["麦", 2],
  ["朱", 2],
  ["胡", 2],
  ["郭", 2],
  ["赖", 2],
  ["廖", 2],
  ["谭", 2],
  ["徐", 2],
  ["杜", 1],
  ["区", 1],
  ["温", 1],
  ["余", 1],
  ["莫", 1],
  ["邱", 1],
  ["严", 1],
  ["江", 1],
  ["方", 1],
  ["伍", 1],
  ["古", 1],
  ["关", 1],
  ["孙", 1],
  ["马", 1],
  ["高", 1],
  ["袁", 1],
  ["汤", 1],
  ["范", 1],
  ["庄", 1],
  ["韦", 1],
  ["欧阳", 1],
  ["司徒", 1],
];

const maleNames = [
  "志强",
  "伟业",
  "家豪",
  "俊杰",
  "浩然",
  "子轩",
  "国华",
  "建明",
  "永康",
  "锦辉",
  "嘉俊",
  "文杰",
  "伟明",
  "振华",
  "晓东",
  "立新",
  "卓然",
  "宇航",
  "海涛",
  "德明",
  "耀文",
  "梓豪",
  "晨阳",
  "健威",
  "启明",
  "志伟",
  "少峰",
  "炳坤",
  "剑锋",
  "正宇",
  "汉彬",
  "宏达",
  "景行",
  "兆基",
  "树森",
  "冠宇",
  "泽楠",
  "铭轩",
  "俊熙",
  "国强",
  "伟",
  "斌",
  "涛",
  "勇",
  "军",
  "杰",
  "鹏",
  "峰",
  "凯",
  "磊",
];

const femaleNames = [
  "嘉欣",
  "晓琳",
  "婉婷",
  "慧敏",
  "丽华",
  "美玲",
  "雪梅",
  "思敏",
  "雅琪",
  "诗婷",
  "颖怡",
  "秀英",
  "晓燕",
  "佩珊",
  "月娥",
  "咏诗",
  "梓晴",
  "紫琳",
  "倩仪",
  "静怡",
  "淑贞",
  "凤仪",
  "海燕",
  "丽萍",
  "惠芬",
  "翠玲",
  "芷晴",
  "欣怡",
  "雨彤",
  "秋霞",
  "玉兰",
  "碧莹",
  "少芳",
  "敏仪",
  "洁莹",
  "宝仪",
  "巧玲",
  "文静",
  "晓霞",
  "琳",
  "静",
  "芳",
  "敏",
  "娟",
  "霞",
  "婷",
  "莉",
  "红",
  "燕",
];

const leadTitles = new Set(["总经理", "中心主任", "副主任", "班长", "组长", "厅经理", "服务质量经理", "人力资源经理"]);
const seniorTitles = new Set(["值班长", "质检员", "高级业务代表", "高级装维工程师", "培训师"]);
const fieldTitles = new Set(["线路维护员", "装维工程师", "高级装维工程师"]);

/** Years someone in this job was plausibly hired: leads long ago, new agents lately. */
function hireYears(title: string): [number, number] {
  if (leadTitles.has(title)) return [1995, 2012];
  if (seniorTitles.has(title)) return [2000, 2016];
  if (fieldTitles.has(title)) return [1995, 2023];
  if (title === "话务员") return [2015, 2025];
  if (title === "业务代表") return [2008, 2024];
  return [2000, 2025];
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const isFieldUnit = (code: string) => /线路|装维/.test(demoUnits.find((u) => u.code === code)?.nameZh ?? "");
const isHotlineUnit = (code: string) => code.startsWith("GD.10000");

/** How many generated people have left the company, for a realistic directory. */
const leaverCount = 6;
const firstGeneratedNo = 101;

/**
 * The demo staff: the featured people plus generated colleagues filling
 * every job slot in `staffing`. Deterministic: the same 200 people, numbers,
 * dates and phones on every call.
 */
export function demoPeople(): DemoPerson[] {
  const random = seededRandom(20_260_315);
  const usedNames = new Set(featuredPeople.map((f) => f.name));
  const usedPhones = new Set<string>();
  const people: DemoPerson[] = [];
  const generated: DemoPerson[] = [];

  for (const [unit, slots] of Object.entries(staffing)) {
    const featuredHere = featuredPeople.filter((f) => f.unit === unit);
    for (const [title, count, slotRole] of slots) {
      const roles: DemoRole[] = [{ role: "staff", unit: null }];
      if (slotRole) roles.push({ role: slotRole, unit: slotRole === "manager" ? unit : null });
      const featured = featuredHere.filter((f) => f.jobTitle === title);
      for (const f of featured) {
        people.push({
          employeeNo: f.employeeNo,
          name: f.name,
          email: emailOf(f),
          phone: phoneNumber(random, usedPhones),
          unit,
          jobTitle: title,
          hireDate: f.hireDate,
          leftAt: null,
          roles: [...roles, ...(f.extraRoles ?? [])],
          account: f.account !== undefined,
        });
      }
      for (let i = featured.length; i < count; i++) {
        const [from, to] = hireYears(title);
        const year = random.int(from, to);
        generated.push({
          employeeNo: "",
          name: personName(random, usedNames, femaleShare(unit)),
          email: "",
          phone: random.next() < 0.05 ? null : phoneNumber(random, usedPhones),
          unit,
          jobTitle: title,
          hireDate: `${year}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`,
          leftAt: null,
          roles,
          account: false,
        });
      }
    }
    const placed = people.filter((p) => p.unit === unit).length;
    if (placed !== featuredHere.length) throw new Error(`demo data: a featured person in ${unit} has no job slot`);
  }

  // Employee numbers follow hiring order, with the gaps real numbering has.
  generated.sort((a, b) => (a.hireDate < b.hireDate ? -1 : a.hireDate > b.hireDate ? 1 : 0));
  let no = firstGeneratedNo;
  for (const p of generated) {
    p.employeeNo = `GD${pad(no, 6)}`;
    p.email = emailOf(p);
    no += random.int(1, 4);
  }

  // A few plain staff have left; they stay in the directory for administrators.
  const candidates = generated.filter((p) => p.roles.length === 1 && Number(p.hireDate.slice(0, 4)) < 2024);
  for (let left = 0; left < leaverCount;) {
    const p = random.pick(candidates);
    if (p.leftAt) continue;
    const year = random.int(Math.max(2018, Number(p.hireDate.slice(0, 4)) + 1), 2025);
    p.leftAt = `${year}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}T18:00:00+08:00`;
    left++;
  }

  return [...people, ...generated].sort((a, b) => (a.employeeNo < b.employeeNo ? -1 : 1));
}

/** The demo accounts, one per role (two managers: a hotline centre and a line team). */
export const demoAccounts: readonly DemoAccount[] = featuredPeople.flatMap((f) =>
  f.account ? [{ role: f.account, employeeNo: f.employeeNo, email: emailOf(f), name: f.name, unit: f.unit }] : [],
);

/** Demo accounts have memorable addresses; everyone else <employee no>@demo.example. */
function emailOf(p: { employeeNo: string; email?: string }): string {
  return p.email || `${p.employeeNo.toLowerCase()}@demo.example`;
}

function femaleShare(unit: string): number {
  if (isFieldUnit(unit)) return 0.1;
  if (isHotlineUnit(unit)) return 0.7;
  return 0.5;
}

function personName(random: Random, used: Set<string>, female: number): string {
  for (;;) {
    const given = random.pick(random.next() < female ? femaleNames : maleNames);
    const name = random.weighted(surnames) + given;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

// 199-0000-xxxx: the run of zeros marks them as made up at a glance.
function phoneNumber(random: Random, used: Set<string>): string {
  for (;;) {
    const phone = `1990000${pad(random.int(0, 9999), 4)}`;
    if (!used.has(phone)) {
      used.add(phone);
      return phone;
    }
  }
}
