import { defineMessages } from "../define";

// Sign-in with the company account over SAML (app/domain/identity/saml.server.ts,
// issue 18 item 2): the page /auth/saml/acs shows when a sign-in fails. The
// refusals of a person the directory does not know or lists as left are the
// auth area's `auth.sso.*`, shared with OpenID Connect. `saml.signedOut.partly`
// is the notice /login shows when the IdP did not confirm a sign-out
// (/auth/saml/slo); a confirmed one shows `auth.signedOut`.
export const saml = defineMessages({
  en: {
    "saml.failed.title": "Company sign-in did not work",
    "saml.invalid":
      "The answer from your company's sign-in service could not be accepted (it was invalid, expired, meant for another service or already used). Nothing was opened. Try again; if it keeps happening, tell the portal's administrator.",
    "saml.tryAgain": "Try again",
    "saml.signedOut.partly":
      "You have signed out of the portal, but your company's sign-in service did not confirm that it signed you out too: your company account may still be signed in. On a shared computer, close the browser.",
  },
  "zh-CN": {
    "saml.failed.title": "公司账号登录未成功",
    "saml.invalid":
      "无法接受公司统一身份认证返回的结果（无效、已过期、发给了其他系统或已被使用过），未登录任何账号。请重试；如反复出现，请告知门户管理员。",
    "saml.tryAgain": "重试",
    "saml.signedOut.partly": "您已退出门户，但公司统一身份认证未确认同时退出了您的公司账号，该账号可能仍处于登录状态。如使用公用电脑，请关闭浏览器。",
  },
});
