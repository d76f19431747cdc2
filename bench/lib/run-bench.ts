/**
 * The frame every benchmark runs in: a stack of clean-ups that always runs
 * (success, failure, Ctrl-C, SIGTERM or the hard timeout), and an exit code.
 */
export type Defer = (what: string, fn: () => Promise<void> | void) => void;

export async function runBench(
  name: string,
  options: { hardTimeoutSeconds: number; onAbort?: () => void },
  body: (defer: Defer) => Promise<void>,
): Promise<never> {
  const cleanups: Array<{ what: string; fn: () => Promise<void> | void }> = [];
  let cleaning: Promise<void> | null = null;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const { what, fn } of cleanups.reverse()) {
        try {
          await fn();
        } catch (error) {
          process.stderr.write(`bench:${name}: clean-up "${what}" failed: ${String(error)}\n`);
        }
      }
    })());
  const abort = async (why: string) => {
    process.stderr.write(`\nbench:${name}: ${why}; cleaning up\n`);
    options.onAbort?.();
    await cleanUp();
    process.exit(1);
  };
  const timer = setTimeout(() => void abort(`hard timeout of ${options.hardTimeoutSeconds} s reached`), options.hardTimeoutSeconds * 1000);
  process.once("SIGINT", () => void abort("interrupted"));
  process.once("SIGTERM", () => void abort("terminated"));

  let code = 0;
  try {
    await body((what, fn) => cleanups.push({ what, fn }));
  } catch (error) {
    process.stderr.write(`\nbench:${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    code = 1;
  }
  await cleanUp();
  clearTimeout(timer);
  process.exit(code);
}
