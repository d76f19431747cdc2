import autocannon, { type Result } from "autocannon";

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  headers?: Record<string, string>;
}

export interface LoadFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

let running: { stop(): void } | null = null;

/** Stops the load in flight, if any (on a hard timeout or a signal). */
export function stopLoad() {
  running?.stop();
}

async function fire(url: string, seconds: number, options: LoadOptions): Promise<Result> {
  const instance = autocannon({
    url,
    connections: options.connections,
    duration: seconds,
    headers: options.headers,
  });
  running = instance;
  try {
    return await instance;
  } finally {
    running = null;
  }
}

/** Warms up (figures discarded), then loads url for a fixed duration. */
export async function measure(url: string, options: LoadOptions): Promise<LoadFigures> {
  if (options.warmupSeconds > 0) await fire(url, options.warmupSeconds, options);
  const r = await fire(url, options.durationSeconds, options);
  return {
    rps: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}
