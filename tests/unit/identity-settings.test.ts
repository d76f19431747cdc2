import { describe, expect, test } from "vitest";
import { isLoopbackLiteral, readIdentitySettings } from "../../app/domain/identity/settings";
import { readConfig } from "../../server/config";

// Company sign-in's settings (issue 18): what starts, and what refuses to
// start with the setting's name.

const oidc = { OIDC_ISSUER: "https://login.example.com/realms/staff", OIDC_CLIENT_ID: "stars", OIDC_CLIENT_SECRET: "s3cret-value" };

describe("OIDC settings", () => {
  test("none set: passwords only, nobody's button", () => {
    expect(readIdentitySettings({})).toEqual({ oidc: null, saml: null, passwordSignIn: "on" });
  });

  test("the URLs the identity team registers come from PUBLIC_URL, the labels and claims have their defaults", () => {
    const s = readIdentitySettings({ ...oidc, PUBLIC_URL: "https://stars.example.com/" }).oidc;
    expect(s).toMatchObject({
      issuer: "https://login.example.com/realms/staff",
      insecureLoopback: false,
      employeeClaims: ["employee_number", "preferred_username"],
      redirectUri: "https://stars.example.com/auth/oidc/callback",
      postLogoutRedirectUri: "https://stars.example.com/login",
      backchannelLogoutUri: "https://stars.example.com/auth/oidc/backchannel-logout",
      labels: { "zh-CN": "使用公司账号登录", en: "Sign in with your company account" },
    });
  });

  test("labels per language and the employee claim can be changed", () => {
    const s = readIdentitySettings({
      ...oidc,
      OIDC_LABEL_ZH: "统一身份认证登录",
      OIDC_LABEL_EN: "Sign in with Contoso ID",
      OIDC_EMPLOYEE_CLAIM: "employeeid",
    }).oidc;
    expect(s).toMatchObject({ labels: { "zh-CN": "统一身份认证登录", en: "Sign in with Contoso ID" }, employeeClaims: ["employeeid"] });
  });

  test("http:// only on a loopback IP literal, never on a name (localhost included)", () => {
    expect(readIdentitySettings({ ...oidc, OIDC_ISSUER: "http://127.0.0.1:4000" }).oidc).toMatchObject({ insecureLoopback: true });
    expect(readIdentitySettings({ ...oidc, OIDC_ISSUER: "http://127.8.9.10:4000/op" }).oidc).toMatchObject({ insecureLoopback: true });
    expect(readIdentitySettings({ ...oidc, OIDC_ISSUER: "http://[::1]:4000" }).oidc).toMatchObject({ insecureLoopback: true });
    for (const issuer of ["http://localhost:4000", "http://login.example.com", "http://10.0.0.5", "http://127.0.0.1.example.com"]) {
      expect(() => readIdentitySettings({ ...oidc, OIDC_ISSUER: issuer }), issuer).toThrow(/OIDC_ISSUER must use https:\/\//);
    }
    expect(isLoopbackLiteral("127.0.0.256")).toBe(false);
  });

  test("a broken issuer, or a missing client id or secret, stops the start with the setting's name and never the secret", () => {
    expect(() => readIdentitySettings({ ...oidc, OIDC_ISSUER: "login.example.com" })).toThrow(/^OIDC_ISSUER must be/);
    expect(() => readIdentitySettings({ ...oidc, OIDC_ISSUER: "ftp://login.example.com" })).toThrow(/^OIDC_ISSUER must be/);
    expect(() => readIdentitySettings({ ...oidc, OIDC_CLIENT_ID: "" })).toThrow(/^OIDC_CLIENT_ID must be set/);
    expect(() => readIdentitySettings({ ...oidc, OIDC_CLIENT_SECRET: " " })).toThrow(/^OIDC_CLIENT_SECRET must be set/);
    expect(() => readIdentitySettings({ OIDC_CLIENT_SECRET: "s3cret-value" })).toThrow(/need OIDC_ISSUER/);
    expect(() => readIdentitySettings({ ...oidc, OIDC_EMPLOYEE_CLAIM: "employee number" })).toThrow(/^OIDC_EMPLOYEE_CLAIM must be/);
    try {
      readIdentitySettings({ ...oidc, OIDC_ISSUER: "nope" });
    } catch (error) {
      expect(String(error)).not.toContain("s3cret-value");
    }
  });

  test("SAML_IDP_METADATA shows its button with its own labels", () => {
    expect(readIdentitySettings({ SAML_IDP_METADATA: "https://idp.example.com/metadata", SAML_LABEL_EN: "Sign in (SAML)" }).saml).toEqual({
      labels: { "zh-CN": "使用公司账号登录", en: "Sign in (SAML)" },
    });
  });
});

describe("PASSWORD_SIGN_IN", () => {
  test("on by default; admins and off with a company sign-in", () => {
    expect(readIdentitySettings({ ...oidc }).passwordSignIn).toBe("on");
    expect(readIdentitySettings({ ...oidc, PASSWORD_SIGN_IN: "admins" }).passwordSignIn).toBe("admins");
    expect(readIdentitySettings({ SAML_IDP_METADATA: "/etc/idp.xml", PASSWORD_SIGN_IN: "OFF" }).passwordSignIn).toBe("off");
  });

  test("admins or off without any company sign-in would lock people out: refused at start", () => {
    expect(() => readIdentitySettings({ PASSWORD_SIGN_IN: "off" })).toThrow(/PASSWORD_SIGN_IN=off needs a company sign-in/);
    expect(() => readIdentitySettings({ PASSWORD_SIGN_IN: "admins" })).toThrow(/PASSWORD_SIGN_IN=admins needs a company sign-in/);
    expect(() => readIdentitySettings({ ...oidc, PASSWORD_SIGN_IN: "sometimes" })).toThrow(/PASSWORD_SIGN_IN must be on, admins or off/);
  });

  test("reaches the domain through the server's auth settings", () => {
    const config = readConfig({ NODE_ENV: "test", ...oidc, PASSWORD_SIGN_IN: "admins" });
    expect(config.auth.passwordSignIn).toBe("admins");
    expect(config.identity.oidc?.clientId).toBe("stars");
  });
});
