import { createHmac } from "node:crypto";
import type { RobotPlatform } from "./robot-platforms";

// What a group robot's webhook receives, in each platform's documented
// format (issue 17, item 4; README "Group robots" shows one of each):
//
// - WeCom group robot: `markdown`; an honour roll as `news`, a card with the
//   roll's share image. No signature: the key is in the webhook's URL.
// - DingTalk custom robot: `actionCard` (markdown text and one button), the
//   URL signed: `timestamp` (ms) and `sign` =
//   urlencode(base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret))).
// - Feishu / Lark custom bot: an `interactive` card (header, lark_md text,
//   buttons), with `timestamp` (s) and `sign` =
//   base64(HmacSHA256(key = timestamp + "\n" + secret, message = "")) in the body.
//
// The texts are messageText()'s, in the robot's language; what a message
// may say is decided there (never who has or has not voted: robotKinds).

/** What one message says, ready for any platform. */
export interface RobotText {
  title: string;
  body: string;
  /** The absolute address of the page it is about, and its button's label. */
  url: string;
  urlLabel: string;
  /** An honour roll's share image (absolute, signed) and its link's label. */
  image?: { url: string; label: string };
}

export interface RobotTarget {
  platform: RobotPlatform;
  webhookUrl: string;
  secret: string | null;
}

export interface RobotRequest {
  url: string;
  body: string;
}

/** DingTalk's signature of a millisecond timestamp, before URL-encoding. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
}

/** Feishu's signature of a timestamp in seconds. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac("sha256", `${timestampSeconds}\n${secret}`).update("", "utf8").digest("base64");
}

/**
 * Text that came from people (a campaign's name, a winner's) put into
 * markdown: brackets and angle brackets become their full-width forms, so
 * no name can turn into a link, an image or markup in the group.
 */
export function plainInMarkdown(text: string): string {
  return text.replace(/[[\]<>]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** At most `max` bytes of UTF-8, cut between characters, with an ellipsis when cut. */
export function withinBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, "utf8") <= max) return text;
  let out = "";
  let bytes = 3; // the ellipsis
  for (const ch of text) {
    bytes += Buffer.byteLength(ch, "utf8");
    if (bytes > max) break;
    out += ch;
  }
  return `${out}…`;
}

// Each platform's limits on a message (bytes of UTF-8): WeCom markdown 4,096,
// a news card's title 128 and description 512; a Feishu request 20 KB;
// DingTalk's are larger. The body is cut well within them.
const bodyBytes = 3000;

function wecom(text: RobotText): unknown {
  if (text.image) {
    const article = { title: withinBytes(text.title, 128), description: withinBytes(text.body, 512), url: text.url, picurl: text.image.url };
    return { msgtype: "news", news: { articles: [article] } };
  }
  const content = `**${plainInMarkdown(text.title)}**\n${plainInMarkdown(withinBytes(text.body, bodyBytes))}\n[${text.urlLabel}](${text.url})`;
  return { msgtype: "markdown", markdown: { content } };
}

function dingtalk(text: RobotText): unknown {
  const image = text.image ? `\n\n![${text.image.label}](${text.image.url})` : "";
  return {
    msgtype: "actionCard",
    actionCard: {
      title: text.title,
      text: `### ${plainInMarkdown(text.title)}\n\n${plainInMarkdown(withinBytes(text.body, bodyBytes))}${image}`,
      singleTitle: text.urlLabel,
      singleURL: text.url,
      btnOrientation: "0",
    },
  };
}

function feishu(text: RobotText): unknown {
  const button = (label: string, url: string, type: "primary" | "default") => ({
    tag: "button",
    text: { tag: "plain_text", content: label },
    type,
    url,
  });
  return {
    msg_type: "interactive",
    card: {
      config: { wide_screen_mode: true },
      header: { title: { tag: "plain_text", content: withinBytes(text.title, 500) }, template: "blue" },
      elements: [
        { tag: "div", text: { tag: "lark_md", content: plainInMarkdown(withinBytes(text.body, bodyBytes)) } },
        {
          tag: "action",
          actions: [button(text.urlLabel, text.url, "primary"), ...(text.image ? [button(text.image.label, text.image.url, "default")] : [])],
        },
      ],
    },
  };
}

/** The request one message makes: the webhook (DingTalk's signed) and its JSON body (Feishu's signed). */
export function robotRequest(target: RobotTarget, text: RobotText, now: Date): RobotRequest {
  switch (target.platform) {
    case "wecom":
      return { url: target.webhookUrl, body: JSON.stringify(wecom(text)) };
    case "dingtalk": {
      if (!target.secret) return { url: target.webhookUrl, body: JSON.stringify(dingtalk(text)) };
      const timestamp = now.getTime();
      const joiner = target.webhookUrl.includes("?") ? "&" : "?";
      const url = `${target.webhookUrl}${joiner}timestamp=${timestamp}&sign=${encodeURIComponent(dingtalkSign(target.secret, timestamp))}`;
      return { url, body: JSON.stringify(dingtalk(text)) };
    }
    case "feishu": {
      if (!target.secret) return { url: target.webhookUrl, body: JSON.stringify(feishu(text)) };
      const timestamp = Math.floor(now.getTime() / 1000);
      return {
        url: target.webhookUrl,
        body: JSON.stringify({ timestamp: String(timestamp), sign: feishuSign(target.secret, timestamp), ...(feishu(text) as object) }),
      };
    }
  }
}
