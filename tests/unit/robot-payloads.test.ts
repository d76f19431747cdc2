import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { dingtalkSign, feishuSign, plainInMarkdown, robotRequest, withinBytes } from "../../app/domain/notifications/robot-payloads.server";
import { maskSecret, maskWebhookUrl, parseAllowedHosts, webhookProblem } from "../../app/domain/notifications/robot-platforms";
import { readRobotSettings } from "../../app/domain/notifications/robot-settings";
import { readPublicUrl } from "../../app/mail/settings";

// The group robots' pure parts (issue 17, item 4): the platforms' signatures,
// the webhook hosts the portal fetches, masking, and the settings.

describe("signatures, as each platform documents them", () => {
  test("DingTalk: base64(HmacSHA256(key = secret, timestamp + newline + secret)), URL-encoded in the query", () => {
    // A published example (the Rust crate dingding's test): timestamp 1700000000000, secret "secret".
    expect(encodeURIComponent(dingtalkSign("secret", 1_700_000_000_000))).toBe("OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D");
    const request = robotRequest(
      { platform: "dingtalk", webhookUrl: "https://oapi.dingtalk.com/robot/send?access_token=abc", secret: "secret" },
      { title: "t", body: "b", url: "https://stars.example.com/x", urlLabel: "Open" },
      new Date(1_700_000_000_000),
    );
    expect(request.url).toBe(
      "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign=OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D",
    );
  });

  test("Feishu: base64(HmacSHA256(key = timestamp + newline + secret, empty message)), in the body with the timestamp in seconds", () => {
    const expected = createHmac("sha256", "1599360473\ndemo-secret").update(Buffer.alloc(0)).digest("base64");
    expect(feishuSign("demo-secret", 1_599_360_473)).toBe(expected);
    const request = robotRequest(
      { platform: "feishu", webhookUrl: "https://open.feishu.cn/open-apis/bot/v2/hook/abc", secret: "demo-secret" },
      { title: "t", body: "b", url: "https://stars.example.com/x", urlLabel: "Open" },
      new Date(1_599_360_473_900),
    );
    expect(request.url).toBe("https://open.feishu.cn/open-apis/bot/v2/hook/abc");
    expect(JSON.parse(request.body)).toMatchObject({ timestamp: "1599360473", sign: expected, msg_type: "interactive" });
  });

  test("WeCom is not signed: its key is in the URL", () => {
    const request = robotRequest(
      { platform: "wecom", webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", secret: null },
      { title: "t", body: "b", url: "https://stars.example.com/x", urlLabel: "Open" },
      new Date(),
    );
    expect(request.url).toBe("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k");
    expect(JSON.parse(request.body)).toEqual({ msgtype: "markdown", markdown: { content: "**t**\nb\n[Open](https://stars.example.com/x)" } });
  });
});

describe("texts", () => {
  test("a name cannot become a link or markup in the group", () => {
    expect(plainInMarkdown("[click](http://evil.example) <b>")).toBe("［click］(http://evil.example) ＜b＞");
    expect(plainInMarkdown("2026 服务之星 · 3·15")).toBe("2026 服务之星 · 3·15");
  });

  test("texts are cut between characters, within the platform's bytes", () => {
    expect(withinBytes("服务之星", 100)).toBe("服务之星");
    const cut = withinBytes("服务之星".repeat(100), 128);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(128);
    expect(cut.endsWith("…")).toBe(true);
    expect(withinBytes("𠮷".repeat(10), 11)).toBe("𠮷𠮷…");
  });
});

describe("webhook hosts", () => {
  const listed = parseAllowedHosts("robots.corp.example, 127.0.0.1:8080,[::1]:9000");

  test("WEBHOOK_ALLOWED_HOSTS is read as hosts with their ports; a bad entry stops the start with the setting's name", () => {
    expect(listed).toEqual([
      { host: "robots.corp.example", port: null },
      { host: "127.0.0.1", port: "8080" },
      { host: "[::1]", port: "9000" },
    ]);
    expect(parseAllowedHosts(undefined)).toEqual([]);
    for (const bad of ["http://x", "x:99999", "a b", "x/y"]) expect(() => parseAllowedHosts(bad)).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
  });

  test("a listed host on its own port only, by http or https; unlisted ones by their platform's https host only", () => {
    expect(webhookProblem("wecom", "http://127.0.0.1:8080/anything", listed)).toBeNull();
    expect(webhookProblem("wecom", "http://127.0.0.1:8081/anything", listed)).toBe("scheme");
    expect(webhookProblem("wecom", "https://127.0.0.1:8081/anything", listed)).toBe("host");
    expect(webhookProblem("feishu", "https://robots.corp.example/hook", listed)).toBeNull();
    expect(webhookProblem("feishu", "https://robots.corp.example:8443/hook", listed)).toBe("host");
    expect(webhookProblem("dingtalk", "http://[::1]:9000/robot/send", listed)).toBeNull();
    expect(webhookProblem("dingtalk", "http://[::1]/robot/send", listed)).toBe("scheme");
    expect(webhookProblem("wecom", "https://QYAPI.weixin.qq.com/cgi-bin/webhook/send?key=x", [])).toBeNull();
    expect(webhookProblem("wecom", "https://0x7f.0.0.1/cgi-bin/webhook/send?key=x", [{ host: "127.0.0.1", port: null }])).toBeNull();
    expect(webhookProblem("feishu", "https://open.larksuite.com/open-apis/bot/v2/hook/x", [])).toBeNull();
    expect(webhookProblem("feishu", "https://open.feishu.cn/open-apis/im/v1/messages", [])).toBe("path");
    expect(webhookProblem("wecom", "not a url", [])).toBe("invalid");
  });

  test("secrets and webhook keys are masked down to their last four characters, and short ones entirely", () => {
    expect(maskSecret("SEC0123456789abcdef")).toBe("••••cdef");
    expect(maskSecret("short")).toBe("••••");
    expect(maskWebhookUrl("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa")).toBe(
      "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=••••5aaa",
    );
    expect(maskWebhookUrl("https://open.feishu.cn/open-apis/bot/v2/hook/0123456789abcdef0123")).toBe(
      "https://open.feishu.cn/open-apis/bot/v2/hook/••••0123",
    );
  });
});

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe("settings", () => {
  test("PUBLIC_URL: the portal's address without a trailing slash; unset, localhost on PORT (and the robots' page says so)", () => {
    expect(readPublicUrl(env({ PUBLIC_URL: "https://stars.example.com/" }))).toEqual({ publicUrl: "https://stars.example.com", publicUrlSet: true });
    // One reading for emails and robots: the portal is served at /, so a path would make every link wrong.
    expect(() => readPublicUrl(env({ PUBLIC_URL: "https://example.com/stars/" }))).toThrow(/without a path/);
    expect(() => readRobotSettings(env({ PUBLIC_URL: "https://example.com/stars/" }))).toThrow(/without a path/);
    expect(readPublicUrl(env({ PORT: "8080" }))).toEqual({ publicUrl: "http://localhost:8080", publicUrlSet: false });
    for (const bad of ["stars.example.com", "ftp://x", "https://x/?a=1", "https://u:p@x"])
      expect(() => readPublicUrl(env({ PUBLIC_URL: bad }))).toThrow(/PUBLIC_URL/);
    expect(readRobotSettings(env({ WEBHOOK_ALLOWED_HOSTS: "a.example" })).allowedHosts).toEqual([{ host: "a.example", port: null }]);
  });
});
