import { createServer } from "node:net";

/**
 * A port of 127.0.0.1 free right now: the operating system's pick, probed and
 * released. For a server a test starts, or, left unused, a port where
 * nothing listens (a mail server or a chat platform that is away).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A port of 127.0.0.1 where nothing listens: a free one, left unused. */
export const closedPort = freePort;
