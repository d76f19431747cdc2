// The baseline: a bare node:http server answering every request with the
// same bytes, content-type (and content-encoding) as the page under test.
// Run as its own process (like the app) so that it never shares a core's
// event loop with the load generator. Prints `listening <port>` once ready.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

const [bodyFile, contentType, contentEncoding = "identity"] = process.argv.slice(2);
if (!bodyFile || !contentType) throw new Error("usage: bare-server.ts <body file> <content-type> [content-encoding]");
const body = fs.readFileSync(bodyFile);
const headers: Record<string, string> = { "content-type": contentType, "content-length": String(body.length) };
if (contentEncoding !== "identity") headers["content-encoding"] = contentEncoding;

const server = http.createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
