// What the demo load is doing, for whoever started it (the server logs each
// step on a first start; tests assert on them). A step reports when it
// begins (done 0) and as it goes; `ms` counts from the start of the load.

export type SeedStep = "people" | "campaigns" | "nominations" | "photos" | "voting" | "congratulations" | "done";

export interface SeedProgress {
  step: SeedStep;
  done: number;
  of: number;
  /** Milliseconds since the demo load began. */
  ms: number;
  /** What the step is at, e.g. a campaign's slug. */
  detail?: string;
}

export type SeedReporter = (progress: SeedProgress) => void;

/** Reports with the time since `startedAt` filled in; a reporter that throws cannot stop the load. */
export function reporting(report: SeedReporter | undefined, startedAt = performance.now()) {
  return (step: SeedStep, done: number, of: number, detail?: string) => {
    try {
      report?.({ step, done, of, ms: Math.round(performance.now() - startedAt), ...(detail === undefined ? {} : { detail }) });
    } catch {
      // Progress is a courtesy: a broken logger must not roll back the demo.
    }
  };
}

export type Report = ReturnType<typeof reporting>;
export const silent: Report = reporting(undefined);

/**
 * A few lines, not one per row: passes on the first event of each step, the
 * last (done = of), and otherwise one event every `gapMs` — so a 20-second
 * load prints about twenty lines, and a slow machine still shows it moving.
 */
export function throttled(print: SeedReporter, gapMs = 3000): SeedReporter {
  const seen = new Set<SeedStep>();
  let lastAt = Number.NEGATIVE_INFINITY;
  return (p) => {
    const first = !seen.has(p.step);
    seen.add(p.step);
    if (!first && p.done !== p.of && p.ms - lastAt < gapMs) return;
    lastAt = p.ms;
    print(p);
  };
}

/** "photos 12/56", "voting 2026-11 0/4", "done": the words of a progress line. */
export function describeProgress(p: SeedProgress): string {
  if (p.step === "done") return "demo data loaded";
  return `demo data: ${p.step}${p.detail ? ` ${p.detail}` : ""} ${p.done}/${p.of}`;
}
