import { defineMessages } from "../define";

// Owned by SCIM provisioning (app/domain/scim, decision 0047): /admin/scim,
// where administrators create and revoke the identity system's tokens.
export const scim = defineMessages({
  en: {
    "scim.title": "Provisioning (SCIM)",
    "scim.intro":
      "Your identity system (Microsoft Entra ID, Okta and others) can add, change and deactivate people here itself, over SCIM 2.0. Give its administrators the address below and a token created on this page. Deactivating someone there marks them as left here and signs them out at once.",
    "scim.baseUrl": "SCIM address (tenant URL)",
    "scim.field.name.hint": "For you: which system uses it, e.g. “Entra ID production”.",
  },
  "zh-CN": {
    "scim.title": "自动同步（SCIM）",
    "scim.intro":
      "身份系统（Microsoft Entra ID、Okta 等）可以通过 SCIM 2.0 自动在这里添加、修改和停用人员。请把下面的地址和在本页创建的令牌交给身份系统的管理员。在那里停用某人，会在这里把其标记为离职并立即退出登录。",
    "scim.baseUrl": "SCIM 地址（租户 URL）",
    "scim.field.name.hint": "方便您辨认：哪个系统使用它，例如“Entra ID 正式环境”。",
  },
});
