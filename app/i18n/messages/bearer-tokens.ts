import { defineMessages } from "../define";

// Owned by app/components/bearer-tokens.tsx: what /admin/scim and
// /admin/api-tokens say alike of the bearer tokens they create, list and
// revoke (decisions 0047 and 0049).
export const bearerTokens = defineMessages({
  en: {
    "bearerTokens.list": "Tokens",
    "bearerTokens.none": "No token yet.",
    "bearerTokens.col.name": "Name",
    "bearerTokens.col.createdBy": "Created by",
    "bearerTokens.col.createdAt": "Created",
    "bearerTokens.col.lastUsedAt": "Last used",
    "bearerTokens.col.state": "State",
    "bearerTokens.never": "Never",
    "bearerTokens.revokedAt": "Revoked {when}",
    "bearerTokens.revoke": "Revoke",
    "bearerTokens.revoke.label": "Revoke the token {name}",
    "bearerTokens.new": "Create a token",
    "bearerTokens.field.name": "Name",
    "bearerTokens.create": "Create token",
    "bearerTokens.created": "Token “{name}” created. Copy it now: it is shown only this once.",
    "bearerTokens.created.token": "Token",
    "bearerTokens.revoked": "Token “{name}” revoked: requests bearing it are refused from now on.",
    "bearerTokens.nameRequired": "Give the token a name.",
    "bearerTokens.notFound": "That token does not exist or is already revoked.",
  },
  "zh-CN": {
    "bearerTokens.list": "令牌",
    "bearerTokens.none": "还没有令牌。",
    "bearerTokens.col.name": "名称",
    "bearerTokens.col.createdBy": "创建人",
    "bearerTokens.col.createdAt": "创建时间",
    "bearerTokens.col.lastUsedAt": "最近使用",
    "bearerTokens.col.state": "状态",
    "bearerTokens.never": "从未使用",
    "bearerTokens.revokedAt": "已于 {when} 吊销",
    "bearerTokens.revoke": "吊销",
    "bearerTokens.revoke.label": "吊销令牌 {name}",
    "bearerTokens.new": "创建令牌",
    "bearerTokens.field.name": "名称",
    "bearerTokens.create": "创建令牌",
    "bearerTokens.created": "令牌“{name}”已创建。请现在复制：它只显示这一次。",
    "bearerTokens.created.token": "令牌",
    "bearerTokens.revoked": "令牌“{name}”已吊销：此后带这个令牌的请求都会被拒绝。",
    "bearerTokens.nameRequired": "请给令牌起个名字。",
    "bearerTokens.notFound": "该令牌不存在或已被吊销。",
  },
});
