/**
 * `npm run bench:ocr`: reading error screenshots. For each image (default: the rendered fixtures
 * in test/fixtures/ocr; `-- DIR` for a folder of your own) it reports the OCR time (sharp's
 * preparation + Tesseract), after a first image that starts the thread; it also reports how long
 * the event loop was held up meanwhile (it must not be: both run off the main thread) and the
 * resident memory the OCR thread adds.
 *
 *   npm run bench:ocr
 *   npm run bench:ocr -- /work/data/ocr-eval/images --rounds 1
 *
 * Exit 1 when the median time of a dialog is over the 2 s goal, or the event loop stalled
 * (its p99 delay more than 100 ms over the same machine's idle p99).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createImageReader } from '../src/ocr/index.js';
import { OCR_FIXTURES } from '../test/ocr/images.js';

/** The goal for a typical dialog on 2 cores. */
const GOAL_MS = 2000;
/** A stall of the event loop this much over its idle baseline (p99) would delay every other request. */
const MAX_LOOP_DELAY_MS = 100;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '3' } },
});
const dir = positionals[0] ?? OCR_FIXTURES;
const rounds = Number(values.rounds);
const files = (await readdir(dir)).filter((f) => /\.(png|jpe?g|webp|gif)$/i.test(f)).sort();
const images = await Promise.all(
  files.map(async (f) => ({ name: f, bytes: await readFile(path.join(dir, f)) })),
);
const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

// The event loop's delay with nothing to do, as a baseline: a busy machine delays it too.
const idle = monitorEventLoopDelay({ resolution: 10 });
idle.enable();
await new Promise((r) => setTimeout(r, 3000));
idle.disable();

global.gc?.();
const rssBefore = process.memoryUsage().rss;
const reader = createImageReader();
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

const started = performance.now();
const first = await reader.read(images[0]);
const firstMs = performance.now() - started;
const rssAfterStart = process.memoryUsage().rss;

const times: number[] = [];
let failed = 0;
let peakRss = rssAfterStart;
for (let round = 0; round < rounds; round++) {
  for (const image of images) {
    const t = performance.now();
    const r = await reader.read(image);
    times.push(performance.now() - t);
    if (!r.ok) failed++;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
}
loop.disable();
await reader.close();

times.sort((a, b) => a - b);
const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]);
const ms = (h: ReturnType<typeof monitorEventLoopDelay>, p: number) => h.percentile(p) / 1e6;
const loopP99 = ms(loop, 99);
process.stdout.write(
  [
    `images: ${images.length} from ${dir} × ${rounds} rounds; read ${times.length - failed}/${times.length}`,
    `first image (starts the OCR thread, loads the model): ${Math.round(firstMs)} ms (${first.ok ? 'read' : first.problem})`,
    `per image after that: median ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${q(1)} ms (goal: median ≤ ${GOAL_MS} ms)`,
    `event loop delay while reading: p50 ${ms(loop, 50).toFixed(1)} ms, p99 ${loopP99.toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms` +
      ` (idle baseline: p99 ${ms(idle, 99).toFixed(1)} ms, max ${(idle.max / 1e6).toFixed(1)} ms)`,
    `resident memory: ${mb(rssBefore)} before, +${mb(rssAfterStart - rssBefore)} with the OCR thread, peak +${mb(peakRss - rssBefore)}`,
    '',
  ].join('\n'),
);
process.exitCode = q(0.5) > GOAL_MS || loopP99 > ms(idle, 99) + MAX_LOOP_DELAY_MS ? 1 : 0;
