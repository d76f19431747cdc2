/**
 * The privacy guard's test corpus (issue 19, Proof): sentences a manager
 * writes about hotline call-backs and line repairs, some holding a customer's
 * personal data (each with a valid checksum), others holding only what looks
 * similar in this domain — metric values, dates, times and time ranges,
 * employee numbers, amounts, percentages, work-order numbers that fail their
 * checksums, hotline numbers. Generated from a seed, so every run of
 * bench:privacy (and tests/unit/privacy-corpus.test.ts) checks the same text.
 *
 * The generator computes its own check digits (Luhn, ISO 7064 MOD 11-2)
 * rather than asking the detector, so the two can disagree.
 */
import type { FindingKind } from "../../app/domain/privacy/detect";

export interface Planted {
  kind: FindingKind;
  /** In code points, within the sentence. */
  start: number;
  end: number;
}

export interface CorpusItem {
  text: string;
  truths: Planted[];
  /** How many look-alikes the sentence holds. */
  lookAlikes: number;
}

type Random = () => number;

/** mulberry32: a small, fast, seeded generator; the same seed, the same corpus. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const int = (r: Random, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
const digits = (r: Random, n: number) => Array.from({ length: n }, () => String(int(r, 0, 9))).join("");
const pad = (n: number, width: number) => String(n).padStart(width, "0");

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(body[i]);
    if (double) d = d > 4 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
const luhnOk = (n: string) => luhnDigit(n.slice(0, -1)) === n.slice(-1);

function idCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i];
  return "10X98765432"[sum % 11];
}

function birthDate(r: Random, fromYear: number, toYear: number): string {
  const year = int(r, fromYear, toYear);
  const month = int(r, 1, 12);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}${pad(month, 2)}${pad(int(r, 1, last), 2)}`;
}

const group = (n: string, sep: string) => n.replace(/(\d{4})(?=\d)/g, `$1${sep}`);

// Real district codes of the regions this operator serves, and some beyond.
const regions = [
  "440106",
  "440104",
  "440303",
  "440305",
  "440604",
  "441900",
  "110105",
  "310115",
  "510107",
  "330106",
  "420106",
  "320102",
  "370102",
  "610113",
  "500103",
  "350102",
  "430104",
  "450103",
];
const mobilePrefixes = [
  "133",
  "153",
  "173",
  "177",
  "180",
  "181",
  "189",
  "199",
  "191",
  "138",
  "139",
  "135",
  "136",
  "150",
  "152",
  "158",
  "182",
  "187",
  "188",
  "130",
  "131",
  "132",
  "155",
  "156",
  "166",
  "185",
  "186",
  "176",
];
const areas = ["020", "021", "010", "0755", "0757", "0760", "0769", "0571", "0512", "028", "027", "025", "0731", "0898", "0591", "0371", "0351"];
const cardPrefixes = ["622202", "622848", "621700", "622588", "621226", "623058", "622908", "621483", "436742", "518710"];
const emailNames = ["wangli", "zhang.wei", "liuyang88", "chen_jing", "huangmin2020", "zhou.xiaohong", "lin.t", "kefu.gz"];
const emailDomains = ["189.cn", "163.com", "qq.com", "126.com", "sina.com", "foxmail.com", "gd.chinatelecom.cn", "example.com.cn"];
const provinces = [..."粤粤粤京沪湘桂闽赣川鄂浙苏"];
const plateLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

/** One piece of personal data of each kind, written as people write it. */
const makers: Record<FindingKind, (r: Random) => string> = {
  mobile(r) {
    const n = pick(r, mobilePrefixes) + digits(r, 8);
    return pick(r, [
      n,
      n,
      n,
      `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`,
      `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`,
      `+86 ${n}`,
      `+86${n}`,
      `0086 ${n}`,
    ]);
  },
  landline(r) {
    const area = pick(r, areas);
    const local = String(int(r, 2, 8)) + digits(r, area.length === 3 || r() < 0.7 ? 7 : 6);
    return pick(r, [
      `${area}-${local}`,
      `${area}-${local}`,
      `(${area})${local}`,
      `（${area}）${local}`,
      `${area} ${local}`,
      `+86 ${area.slice(1)} ${local}`,
      `${area}-${local}-${int(r, 100, 9999)}`,
    ]);
  },
  id_card(r) {
    if (r() < 0.12) return pick(r, regions) + birthDate(r, 1940, 1984).slice(2) + digits(r, 3); // 15-digit, issued before 1999
    const body = pick(r, regions) + birthDate(r, 1940, 2008) + digits(r, 3);
    const id = body + idCheck(body);
    return r() < 0.1 ? `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}` : id;
  },
  bank_card(r) {
    const length = pick(r, [16, 16, 19, 19, 19, 17, 18]);
    const body = pick(r, cardPrefixes) + digits(r, length - 7);
    const card = body + luhnDigit(body);
    return pick(r, [card, card, group(card, " "), group(card, "-")]);
  },
  imei(r) {
    const body = pick(r, ["86", "86", "35"]) + digits(r, 12);
    return body + luhnDigit(body);
  },
  iccid(r) {
    const body = pick(r, ["898603", "898611", "898600", "898601"]) + digits(r, pick(r, [12, 13]));
    return body + luhnDigit(body);
  },
  email: (r) => `${pick(r, emailNames)}${r() < 0.3 ? int(r, 1, 99) : ""}@${pick(r, emailDomains)}`,
  plate(r) {
    const letter = pick(r, [...plateLetters]);
    const sep = pick(r, ["", "", "·", " "]);
    const serial =
      r() < 0.25
        ? `${pick(r, ["D", "F"])}${digits(r, 5)}`
        : [...digits(r, 5)].map((d, i) => (i === 1 && r() < 0.3 ? pick(r, [...plateLetters]) : d)).join("");
    return `${pick(r, provinces)}${letter}${sep}${serial}`;
  },
};

// Where each kind turns up in a service story. {x} is the personal data; {d} a look-alike.
const sentences: Record<FindingKind, string[]> = {
  mobile: [
    "回访了客户{name}（{x}），她对{agent}的服务非常满意。",
    "{d}，客户{name}来电反映宽带频繁掉线，{agent}回拨{x}确认故障后立即派单。",
    "客户留下的联系电话是{x}，{agent}在{d}之间三次回访，直到问题彻底解决。",
    "{agent}主动拨打{x}告知{name}装机进度，客户连声道谢。",
  ],
  landline: [
    "客户{name}家的座机{x}无法拨出，{agent}{d}上门检查后更换了入户线。",
    "{agent}回拨固话{x}，耐心指导老人重启光猫，通话持续了{d}。",
    "营业厅的座机{x}报障，{agent}当天修复并回访确认。",
  ],
  id_card: [
    "客户报障时提供的身份证号{x}，{agent}核实为机主本人后办理了补卡。",
    "{agent}为{name}办理过户，核对证件号码{x}无误，{d}完成。",
    "身份证{x}的客户多次投诉，{agent}逐条回复并在{d}前解决。",
  ],
  bank_card: [
    "客户{name}的话费代扣银行卡{x}扣款失败，{agent}协助重新签约。",
    "{agent}发现客户误将卡号{x}发在工单备注里，及时提醒并{d}删除。",
    "{name}的银行卡号{x}绑定自动缴费后，{agent}电话回访确认扣款正常。",
  ],
  imei: [
    "客户手机无法注册网络，{agent}查询终端串号{x}后发现未入库，{d}解决。",
    "经核实IMEI {x}被误列入黑名单，{agent}协助{name}申请解除。",
    "{agent}记录了客户的手机串号：{x}，并联系厂家售后。",
  ],
  iccid: [
    "SIM卡ICCID为{x}，{agent}补卡后{name}的业务{d}恢复正常。",
    "{agent}核对卡号{x}发现是旧卡未激活，当场为客户处理。",
    "客户的物联网卡{x}频繁离线，{agent}远程排查后更换了基站参数。",
  ],
  email: [
    "客户{name}通过邮箱{x}发来表扬信，点名感谢{agent}。",
    "{agent}把故障处理报告发送到{x}，客户{d}回复了感谢。",
    "企业客户的联系人邮箱是{x}，{agent}每周发送一次专线质量报告。",
  ],
  plate: [
    "暴雨导致光缆中断，客户{name}开着{x}带{agent}找到了断点。",
    "{agent}在小区门口记下了肇事车辆{x}，配合物业追回了被挂断的线路。",
    "客户的车{x}停在机房门口，{agent}{d}联系挪车后完成了抢修。",
  ],
};

const customers = ["王女士", "李先生", "张阿姨", "陈伯", "吉𠮷祥女士", "刘先生", "黄小姐", "𪚥先生"];
const agents = ["邱俊廷", "林晓婷", "陈志强", "周敏", "吴𠮷", "何嘉欣"];

/** What looks like personal data in this domain but is not. */
const lookAlikeMakers: Array<(r: Random) => string> = [
  (r) => `${int(r, 80, 99)}.${int(r, 0, 99)}%`,
  (r) => `${int(r, 1, 99)}.${int(r, 1, 9)}%`,
  (r) => `${int(r, 1, 9)},${pad(int(r, 0, 999), 3)}件`,
  (r) => `${int(r, 60, 900)}秒`,
  (r) => `0.${digits(r, 4)}`,
  (r) => `2026-${pad(int(r, 1, 12), 2)}-${pad(int(r, 1, 28), 2)}`,
  (r) => `2026${pad(int(r, 1, 12), 2)}${pad(int(r, 1, 28), 2)}`,
  (r) => `2026年${int(r, 1, 12)}月${int(r, 1, 28)}日`,
  (r) => `${pad(int(r, 7, 11), 2)}:${pick(r, ["00", "30"])}-${int(r, 17, 22)}:${pick(r, ["00", "30"])}`,
  (r) => `${pad(int(r, 7, 11), 2)}${pick(r, ["00", "30"])}-${int(r, 17, 22)}${pick(r, ["00", "30"])}`,
  (r) => `${int(r, 8, 23)}:${pad(int(r, 0, 59), 2)}`,
  (r) => `GD${pad(int(r, 1, 999_999), 6)}`,
  (r) => `T${pad(int(r, 1, 99_999), 5)}`,
  (r) => `¥${int(r, 1, 99)},${pad(int(r, 0, 999), 3)}.00`,
  (r) => `${int(r, 100, 99_999)}.00元`,
  (r) => `2026${pad(int(r, 1, 12), 2)}${pad(int(r, 1, 28), 2)}${digits(r, pick(r, [6, 7, 8, 10, 12]))}`,
  (r) => `GZ2026${pad(int(r, 1, 12), 2)}${pad(int(r, 1, 28), 2)}${digits(r, 5)}`,
  (r) => {
    // A work-order number the length of a card, failing Luhn.
    const n = String(int(r, 3, 6)) + digits(r, pick(r, [15, 16, 17, 18]));
    return luhnOk(n) ? n.slice(0, -1) + String((Number(n.slice(-1)) + 1) % 10) : n;
  },
  (r) => pick(r, ["10000", "10086", "10010", "95598", "96166", "12345", "114", "10000号", "95105888"]),
  (r) => `${pick(r, ["400", "800"])}-${digits(r, 3)}-${digits(r, 4)}`,
  (r) => `${pick(r, ["400", "800"])}${digits(r, 7)}`,
  (r) => `${int(r, 100, 1000)}M`,
  // Line repairs' own numbers: time stamps, dashed ticket numbers, OLT addresses, a modem's MAC, a large amount.
  (r) => `2026-${pad(int(r, 1, 12), 2)}-${pad(int(r, 1, 28), 2)} ${pad(int(r, 0, 23), 2)}:${pad(int(r, 0, 59), 2)}:${pad(int(r, 0, 59), 2)}`,
  (r) => `TS-2026${pad(int(r, 1, 12), 2)}${pad(int(r, 1, 28), 2)}-${digits(r, 6)}`,
  (r) => `10.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`,
  (r) => Array.from({ length: 6 }, () => int(r, 0, 255).toString(16).padStart(2, "0").toUpperCase()).join(":"),
  (r) => `¥${int(r, 1, 9)},${pad(int(r, 0, 999), 3)},${pad(int(r, 0, 999), 3)}.${pad(int(r, 0, 99), 2)}`,
];

const lookAlikeSentences = [
  "本月{agent}处理工单{d}，客户满意度{e}。",
  "{agent}在{d}完成了片区{e}户的光猫升级。",
  "工单号{d}已于{e}闭环，{agent}全程跟进。",
  "客户{name}拨打{d}热线投诉后，{agent}在{e}内回电。",
  "{agent}工号{d}，连续三个月接通率{e}。",
  "本次抢修共支出{d}，恢复用户{e}。",
  "值班时间{d}，{agent}的一次解决率达到{e}。",
];

/** Replaces the placeholders, noting where (in code points) the personal data lands. */
function fill(template: string, values: Record<string, string>, kind: FindingKind | null): CorpusItem {
  let text = "";
  let truths: Planted[] = [];
  let lookAlikes = 0;
  for (const part of template.split(/(\{\w+\})/)) {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    const value = name ? values[name] : part;
    if (name === "x" && kind) truths = [{ kind, start: [...text].length, end: [...text].length + [...value].length }];
    if (name === "d" || name === "e") lookAlikes++;
    text += value;
  }
  return { text, truths, lookAlikes };
}

/** At least `truths` sentences with one finding each (all kinds, spread evenly) and `lookAlikeCount` look-alikes in sentences without any. */
export function privacyCorpus(seed: number, truths = 400, lookAlikeCount = 400): CorpusItem[] {
  const r = seeded(seed);
  const kinds = Object.keys(makers) as FindingKind[];
  const items: CorpusItem[] = [];
  const lookAlike = () => pick(r, lookAlikeMakers)(r);
  for (let i = 0; i < truths; i++) {
    const kind = kinds[i % kinds.length];
    const values = { x: makers[kind](r), d: lookAlike(), name: pick(r, customers), agent: pick(r, agents) };
    items.push(fill(pick(r, sentences[kind]), values, kind));
  }
  let planted = 0;
  while (planted < lookAlikeCount) {
    const item = fill(pick(r, lookAlikeSentences), { d: lookAlike(), e: lookAlike(), name: pick(r, customers), agent: pick(r, agents) }, null);
    planted += item.lookAlikes;
    items.push(item);
  }
  // Interleaved, as a real export would be.
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Stories of `length` code points made of corpus sentences, for the per-story time. */
export function stories(items: readonly CorpusItem[], count: number, length: number): string[] {
  const out: string[] = [];
  let k = 0;
  for (let s = 0; s < count; s++) {
    let story = "";
    while ([...story].length < length) story += items[k++ % items.length].text;
    out.push([...story].slice(0, length).join(""));
  }
  return out;
}
