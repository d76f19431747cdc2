/**
 * bench:privacy — the privacy guard's detector (app/domain/privacy/detect.ts,
 * decision 0040) on a generated corpus (bench/lib/privacy-corpus.ts): at least
 * 300 planted pieces of personal data with valid checksums in service stories,
 * and at least 300 look-alikes from this domain, interleaved.
 *
 * - recall: planted findings reported with their exact span (code points) and kind;
 * - false_positive_rate: reported findings that match nothing planted, per look-alike planted;
 * - checks_per_s: corpus sentences checked per second (one call each);
 * - story_us: the median time to check a 2,000-character story, and
 *   baseline_us the same stories scanned once by /\d+/g in the same run
 *   (ratio = story_us / baseline_us moves less with the machine's load).
 *
 * Targets (issue 19): recall ≥ 0.99, false_positive_rate ≤ 0.01, story_us < 1,000.
 * No database and no server: the detector is pure. Ends with
 * `RESULT privacy recall=… false_positive_rate=… checks_per_s=… story_us=… baseline_us=… ratio=… planted=… look_alikes=… load1=…`
 * (load1: the machine's 1-minute load average at the end, to read the times by).
 *
 * Settings (environment): BENCH_SEED (20261206), BENCH_TRUTHS (400),
 * BENCH_LOOKALIKES (400), BENCH_PRIVACY_CORPUS (a file to write the corpus to,
 * one sentence a line, for `npm run privacy:scan`).
 */
import { writeFile } from "node:fs/promises";
import os from "node:os";
import { findPersonalData, type Finding } from "../app/domain/privacy/detect";
import { privacyCorpus, stories, type CorpusItem } from "./lib/privacy-corpus";
import { runBench } from "./lib/run-bench";

const seed = Number(process.env.BENCH_SEED ?? 20261206);
const truthCount = Number(process.env.BENCH_TRUTHS ?? 400);
const lookAlikeCount = Number(process.env.BENCH_LOOKALIKES ?? 400);
const say = (line: string) => process.stdout.write(`${line}\n`);
// A fixed "today" so that the corpus's IDs read the same on any day.
const now = new Date("2026-12-06T12:00:00+08:00");

interface Accuracy {
  planted: number;
  found: number;
  lookAlikes: number;
  falseFindings: number;
  misses: string[];
  falses: string[];
}

function accuracy(items: readonly CorpusItem[]): Accuracy {
  const a: Accuracy = { planted: 0, found: 0, lookAlikes: 0, falseFindings: 0, misses: [], falses: [] };
  const same = (f: Finding, t: CorpusItem["truths"][number]) => f.kind === t.kind && f.start === t.start && f.end === t.end;
  for (const item of items) {
    const findings = findPersonalData(item.text, { now });
    a.planted += item.truths.length;
    a.lookAlikes += item.lookAlikes;
    for (const t of item.truths) {
      if (findings.some((f) => same(f, t))) a.found++;
      else a.misses.push(`${t.kind} in ${item.text} → ${JSON.stringify(findings)}`);
    }
    for (const f of findings) {
      if (item.truths.some((t) => same(f, t))) continue;
      a.falseFindings++;
      a.falses.push(`${f.kind} "${[...item.text].slice(f.start, f.end).join("")}" in ${item.text}`);
    }
  }
  return a;
}

/** Median time of one call, in µs, over `rounds` rounds of `run` calls each. */
function medianMicros(rounds: number, calls: number, run: (i: number) => void): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) run(i);
    times.push(((performance.now() - t0) * 1000) / calls);
  }
  return times.sort((x, y) => x - y)[Math.floor(times.length / 2)];
}

await runBench("privacy", { hardTimeoutSeconds: 300 }, async () => {
  const items = privacyCorpus(seed, truthCount, lookAlikeCount);
  if (process.env.BENCH_PRIVACY_CORPUS) {
    await writeFile(process.env.BENCH_PRIVACY_CORPUS, items.map((i) => i.text).join("\n") + "\n");
    say(`corpus written to ${process.env.BENCH_PRIVACY_CORPUS}`);
  }

  const a = accuracy(items);
  const recall = a.found / a.planted;
  const falseRate = a.falseFindings / a.lookAlikes;
  say(`corpus: ${items.length} sentences, seed ${seed}; ${a.planted} planted findings, ${a.lookAlikes} look-alikes`);
  say(`found ${a.found} of ${a.planted}; ${a.falseFindings} false findings`);
  for (const m of a.misses.slice(0, 10)) say(`  missed: ${m}`);
  for (const f of a.falses.slice(0, 10)) say(`  false: ${f}`);

  // Speed. Warm the JIT first, then alternate the detector and the baseline so load falls on both.
  const texts = items.map((i) => i.text);
  const story = stories(items, 50, 2000);
  const digitRuns = /\d+/g;
  const baseline = (s: string) => {
    let n = 0;
    for (const _ of s.matchAll(digitRuns)) n++;
    return n;
  };
  for (let i = 0; i < 2000; i++) findPersonalData(story[i % story.length], { now });
  for (let i = 0; i < 2000; i++) baseline(story[i % story.length]);

  const perSentence = medianMicros(9, texts.length * 5, (i) => findPersonalData(texts[i % texts.length], { now }));
  const storyTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let round = 0; round < 9; round++) {
    storyTimes.push(medianMicros(1, 500, (i) => findPersonalData(story[i % story.length], { now })));
    baselineTimes.push(medianMicros(1, 500, (i) => baseline(story[i % story.length])));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const storyUs = median(storyTimes);
  const baselineUs = median(baselineTimes);
  const checksPerS = 1e6 / perSentence;
  say(`per sentence ${perSentence.toFixed(2)} µs (${Math.round(checksPerS).toLocaleString("en")} checks/s)`);
  say(
    `2,000-character story: ${storyUs.toFixed(1)} µs (rounds ${storyTimes.map((t) => t.toFixed(0)).join(", ")}); one /\\d+/g scan ${baselineUs.toFixed(1)} µs`,
  );
  say(
    `targets: recall ≥ 0.99 ${recall >= 0.99 ? "met" : "NOT met"}; false ≤ 0.01 ${falseRate <= 0.01 ? "met" : "NOT met"}; story < 1000 µs ${storyUs < 1000 ? "met" : "NOT met"}`,
  );
  say(
    `RESULT privacy recall=${recall.toFixed(4)} false_positive_rate=${falseRate.toFixed(4)} checks_per_s=${Math.round(checksPerS)} story_us=${storyUs.toFixed(1)} baseline_us=${baselineUs.toFixed(1)} ratio=${(storyUs / baselineUs).toFixed(1)} planted=${a.planted} look_alikes=${a.lookAlikes} load1=${os.loadavg()[0].toFixed(1)}`,
  );
});
