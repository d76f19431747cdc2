import { defineMessages } from "../define";

// Owned by the privacy guard (app/domain/privacy, issue 19): the kinds of
// personal data the detector finds (detect.ts findingKindLabel), as the form
// names them to the writer ("a mobile number") and /admin/privacy lists them.
export const privacy = defineMessages({
  en: {
    "privacy.kind.mobile": "a mobile number",
    "privacy.kind.landline": "a landline number",
    "privacy.kind.id_card": "an ID card number",
    "privacy.kind.bank_card": "a bank card number",
    "privacy.kind.imei": "a phone's IMEI",
    "privacy.kind.iccid": "a SIM card number (ICCID)",
    "privacy.kind.email": "an email address",
    "privacy.kind.plate": "a vehicle licence plate",
    "privacy.found.mobile": "A mobile number: “{excerpt}”",
    "privacy.found.landline": "A landline number: “{excerpt}”",
    "privacy.found.id_card": "An ID card number: “{excerpt}”",
    "privacy.found.bank_card": "A bank card number: “{excerpt}”",
    "privacy.found.imei": "A phone's IMEI: “{excerpt}”",
    "privacy.found.iccid": "A SIM card number (ICCID): “{excerpt}”",
    "privacy.found.email": "An email address: “{excerpt}”",
    "privacy.found.plate": "A vehicle licence plate: “{excerpt}”",
    "privacy.choice.title": "Customers' personal data found",
    "privacy.choice.lede":
      "What you wrote contains personal data that must not be stored or published. Nothing is saved yet, and everything you typed is kept. Each finding is marked below, shown as it would be masked.",
    "privacy.choice.mask": "Mask and continue",
    "privacy.choice.maskHint": "Stores the text with the masks shown (138****5678), then goes on as you asked.",
    "privacy.choice.edit": "Or edit the text yourself and send the form again.",
  },
  "zh-CN": {
    "privacy.kind.mobile": "手机号码",
    "privacy.kind.landline": "固定电话号码",
    "privacy.kind.id_card": "身份证号码",
    "privacy.kind.bank_card": "银行卡号",
    "privacy.kind.imei": "手机串号（IMEI）",
    "privacy.kind.iccid": "SIM 卡号（ICCID）",
    "privacy.kind.email": "电子邮箱地址",
    "privacy.kind.plate": "车牌号码",
    "privacy.found.mobile": "手机号码：“{excerpt}”",
    "privacy.found.landline": "固定电话号码：“{excerpt}”",
    "privacy.found.id_card": "身份证号码：“{excerpt}”",
    "privacy.found.bank_card": "银行卡号：“{excerpt}”",
    "privacy.found.imei": "手机串号（IMEI）：“{excerpt}”",
    "privacy.found.iccid": "SIM 卡号（ICCID）：“{excerpt}”",
    "privacy.found.email": "电子邮箱地址：“{excerpt}”",
    "privacy.found.plate": "车牌号码：“{excerpt}”",
    "privacy.choice.title": "发现客户个人信息",
    "privacy.choice.lede": "您填写的内容含有不得保存或公开的个人信息。目前尚未保存，您输入的内容都已保留。下方已逐项标出，并显示打码后的样子。",
    "privacy.choice.mask": "打码并继续",
    "privacy.choice.maskHint": "按所示方式打码保存（如 138****5678），然后继续您刚才的操作。",
    "privacy.choice.edit": "也可以自行修改文字后重新提交。",
  },
});
