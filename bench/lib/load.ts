import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { cpuSecondsBetween, type CpuReading } from "./processes";

export interface LoadOptions {
  connections: number;
  /** Seconds of load per target before measuring (figures discarded). */
  warmupSeconds: number;
  /** Measured seconds per target, split into `rounds` slices. */
  durationSeconds: number;
  /**
   * The targets take turns, one slice each, `rounds` times (A B, B A, A B …),
   * so that a neighbour's burst of CPU on this shared machine lands on both
   * rather than on whichever happened to run then.
   */
  rounds: number;
  headers?: Record<string, string>;
}

/** The load every page benchmark applies, from BENCH_CONNECTIONS, BENCH_WARMUP_S, BENCH_DURATION_S and BENCH_ROUNDS. */
export function loadFromEnv(): LoadOptions {
  return {
    connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
    warmupSeconds: Number(process.env.BENCH_WARMUP_S ?? 2),
    durationSeconds: Number(process.env.BENCH_DURATION_S ?? 10),
    rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  };
}

export interface LoadFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** The first few distinct socket errors, for the report. */
  errorSamples: string[];
  /** Per Target.cpu probe: milliseconds of CPU per response over the measured slices. */
  cpuMsPerRequest: Record<string, number>;
}

/**
 * Each slice starts with this much load that is not counted: the connections
 * fill up, and the previous target's requests still in flight drain. Counting
 * only the responses that complete after it measures the steady rate; a slice
 * counted from its first second would lose a whole pipeline of slow responses.
 */
const rampSeconds = 1;

let running: { stop(): void } | null = null;

/** Stops the load in flight, if any (on a hard timeout or a signal). */
export function stopLoad() {
  running?.stop();
}

interface Tally {
  seconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencies: number[];
  errorSamples: Set<string>;
  cpuSeconds: Record<string, number>;
  /** Every response of the measured slices, their first second included (the CPU is read over the whole slice). */
  sliceResponses: number;
}

/**
 * A target with more than a URL: a method, per-request bodies and headers
 * (autocannon's `requests` hooks, e.g. a different voter on every request),
 * and which statuses count as success (default 2xx; a form post that answers
 * with a redirect expects 302). `afterSlice` runs once each slice's load has
 * stopped: the requests it cut off in flight never get an `onResponse`.
 * `beforeSlice` runs before each slice starts, outside the measured time.
 */
export interface Target {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
  ok?: (status: number) => boolean;
  /** Runs before each slice's load starts (its warm-up's too), e.g. to set the scene the target is measured in. */
  beforeSlice?: () => Promise<void> | void;
  afterSlice?: () => Promise<void> | void;
  /**
   * CPU probes read before and after each measured slice (the CPU used so
   * far by some processes, e.g. the server under test), reported per
   * response: where a target's time goes, not only how fast it answers.
   */
  cpu?: Record<string, () => CpuReading>;
}
type AutocannonRequest = NonNullable<Parameters<typeof autocannon>[0]["requests"]>[number];

const is2xx = (status: number) => status >= 200 && status <= 299;

async function fire(target: string | Target, seconds: number, options: LoadOptions, tally?: Tally) {
  const t: Target = typeof target === "string" ? { url: target } : target;
  await t.beforeSlice?.();
  const probes = tally ? Object.entries(t.cpu ?? {}) : [];
  const cpuBefore = probes.map(([, read]) => read());
  // autocannon takes an explicit undefined as the value (`method: undefined` breaks it): set only what is given.
  const instance = autocannon({
    url: t.url,
    connections: options.connections,
    duration: seconds,
    headers: { ...options.headers, ...t.headers },
    ...(t.method ? { method: t.method } : {}),
    ...(t.requests ? { requests: t.requests } : {}),
  });
  running = instance;
  const ok = t.ok ?? is2xx;
  const countFrom = performance.now() + rampSeconds * 1000;
  const latencies: number[] = [];
  let non2xx = 0;
  let responses = 0;
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    responses += 1;
    if (performance.now() < countFrom) return;
    latencies.push(ms);
    if (!ok(status)) non2xx += 1;
  });
  instance.on("reqError", (error: Error) => {
    if (tally && tally.errorSamples.size < 3) tally.errorSamples.add(String(error));
  });
  try {
    const r = await instance;
    if (tally) {
      tally.seconds += (performance.now() - countFrom) / 1000;
      tally.latencies.push(...latencies);
      // Errors and timeouts count for the whole slice: none is acceptable.
      tally.non2xx += non2xx;
      tally.errors += r.errors;
      tally.timeouts += r.timeouts;
      tally.sliceResponses += responses;
      probes.forEach(([name, read], i) => {
        const after = read();
        if (after.size) tally.cpuSeconds[name] = (tally.cpuSeconds[name] ?? 0) + cpuSecondsBetween(cpuBefore[i], after);
      });
    }
  } finally {
    running = null;
    await t.afterSlice?.();
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Loads every target in turns (see LoadOptions.rounds); figures per target, in
 * order. `non2xx` counts every response its target does not call ok.
 */
export async function measure(urls: Array<string | Target>, options: LoadOptions): Promise<LoadFigures[]> {
  for (const url of urls) if (options.warmupSeconds > 0) await fire(url, options.warmupSeconds, options);
  const tallies: Tally[] = urls.map(() => ({
    seconds: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    latencies: [],
    errorSamples: new Set<string>(),
    cpuSeconds: {},
    sliceResponses: 0,
  }));
  const slice = options.durationSeconds / options.rounds;
  for (let round = 0; round < options.rounds; round++) {
    const order = urls.map((_, i) => i);
    if (round % 2) order.reverse();
    for (const i of order) await fire(urls[i], rampSeconds + slice, options, tallies[i]);
  }
  return tallies.map((t) => {
    const sorted = Float64Array.from(t.latencies).sort();
    return {
      rps: sorted.length / t.seconds,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      requests: sorted.length,
      non2xx: t.non2xx,
      errors: t.errors,
      timeouts: t.timeouts,
      errorSamples: [...t.errorSamples],
      cpuMsPerRequest: Object.fromEntries(Object.entries(t.cpuSeconds).map(([name, seconds]) => [name, (1000 * seconds) / t.sliceResponses])),
    };
  });
}

/** One slice's answers: every latency counted (after the slice's first, uncounted second) and what went wrong. */
export interface SliceFigures {
  /** When the counted part started and ended (performance.now()). */
  from: number;
  to: number;
  latencies: number[];
  non2xx: number;
  errors: number;
  timeouts: number;
  errorSamples: string[];
}

/**
 * Loads one target for `seconds` counted seconds (after one uncounted second,
 * as every slice of measure), for a benchmark that schedules its own slices
 * around something else happening (bench:notify: before, during and after a
 * fan-out).
 */
export async function loadSlice(target: string | Target, seconds: number, options: LoadOptions): Promise<SliceFigures> {
  const tally: Tally = { seconds: 0, non2xx: 0, errors: 0, timeouts: 0, latencies: [], errorSamples: new Set(), cpuSeconds: {}, sliceResponses: 0 };
  await fire(target, rampSeconds + seconds, options, tally);
  // The counted part ended when the load did (a target's afterSlice may run a moment longer).
  const to = performance.now();
  return {
    from: to - tally.seconds * 1000,
    to,
    latencies: tally.latencies,
    non2xx: tally.non2xx,
    errors: tally.errors,
    timeouts: tally.timeouts,
    errorSamples: [...tally.errorSamples],
  };
}

/** The p-th percentile of some latencies (NaN for none). */
export function percentileOf(latencies: readonly number[], p: number): number {
  return percentile(Float64Array.from(latencies).sort(), p);
}

/** The figures as a plain table, one row per target; a column per CPU probe any target has. */
export function figuresTable(rows: Array<[string, LoadFigures]>, notOk = "non-2xx"): string {
  const probes = [...new Set(rows.flatMap(([, f]) => Object.keys(f.cpuMsPerRequest)))];
  const head = ["target", "req/s", "p50 ms", "p99 ms", "requests", notOk, "errors", "timeouts", ...probes.map((p) => `${p} CPU ms/req`)];
  const body = rows.map(([name, f]) => [
    name,
    f.rps.toFixed(0),
    f.p50Ms.toFixed(1),
    f.p99Ms.toFixed(1),
    String(f.requests),
    String(f.non2xx),
    String(f.errors),
    String(f.timeouts),
    ...probes.map((p) => (p in f.cpuMsPerRequest ? f.cpuMsPerRequest[p].toFixed(2) : "")),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  return [head, ...body].map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ")).join("\n");
}
