import { readFileSync, writeFileSync } from 'node:fs';
import type { EngineReport, EngineRequest } from './types.js';

/** Peak resident set size of this process in KiB: VmHWM from /proc, else resourceUsage's maxRSS. */
export function peakRssKb(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

export type Log = (message: string) => void;

/**
 * The body of an engine suite, run as its own process by bench/run.ts:
 * `node --import tsx bench/engines/<name>.ts <request.json> <report.json>`.
 * The report is written to the file (stdout stays free for whatever a library prints);
 * progress goes to stderr.
 */
export async function runSuite(
  suite: (req: EngineRequest, log: Log) => Promise<Omit<EngineReport, 'engine' | 'peakRssKb'>>,
): Promise<void> {
  const [requestFile, reportFile] = process.argv.slice(2);
  if (!requestFile || !reportFile) {
    process.stderr.write(
      'usage: node --import tsx bench/engines/<name>.ts <request.json> <report.json> (bench/run.ts writes both)\n',
    );
    process.exit(2);
  }
  const req = JSON.parse(readFileSync(requestFile, 'utf8')) as EngineRequest;
  const tag = req.mode ? `${req.engine}/${req.mode}` : req.engine;
  const log: Log = (m) => process.stderr.write(`  [${tag}] ${m}\n`);
  try {
    const body = await suite(req, log);
    const report: EngineReport = { engine: req.engine, ...body, peakRssKb: peakRssKb() };
    writeFileSync(reportFile, JSON.stringify(report));
  } catch (e) {
    process.stderr.write(`  [${tag}] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  }
}

/** A progress logger that speaks at most every `everyMs`. */
export function throttled(log: Log, everyMs = 10_000): Log {
  let last = performance.now();
  return (m) => {
    const now = performance.now();
    if (now - last >= everyMs) {
      last = now;
      log(m);
    }
  };
}
