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
  },
});
