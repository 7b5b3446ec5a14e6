/**
 * Measures what the code table costs on first use: run in a fresh process,
 *   node --expose-gc --import tsx test/codes/measure-load.ts
 * and it prints one JSON line (import time, first call time, retained heap and RSS growth).
 * load-cost.test.ts runs it and prints the numbers; nothing here is a timed assertion.
 */
import { performance } from 'node:perf_hooks';

const gc = (globalThis as { gc?: () => void }).gc;
function settle(): NodeJS.MemoryUsage {
  gc?.();
  gc?.();
  return process.memoryUsage();
}

const t0 = performance.now();
const codes = await import('../../src/codes/index.js');
const importMs = performance.now() - t0;
const loadedAfterImport = codes.isCodeTableLoaded();

const before = settle();
const t1 = performance.now();
const first = codes.lookupSymbol('WSAEADDRNOTAVAIL');
const firstCallMs = performance.now() - t1;
const after = settle();

const t2 = performance.now();
for (let i = 0; i < 10_000; i++) codes.isCodeSymbol(i % 2 ? 'ERROR_ACCESS_DENIED' : 'NOT_A_CODE_WORD');
const symbolCheckUs = ((performance.now() - t2) * 1000) / 10_000;

const t3 = performance.now();
codes.formatCodeReport('STOP 0x0000007B');
const reportMs = performance.now() - t3;

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
console.log(
  JSON.stringify({
    loadedAfterImport,
    firstValue: first,
    importMs: Math.round(importMs * 10) / 10,
    firstCallMs: Math.round(firstCallMs * 10) / 10,
    heapRetainedMB: mb(after.heapUsed - before.heapUsed),
    externalMB: mb(after.external + after.arrayBuffers - before.external - before.arrayBuffers),
    rssGrowthMB: mb(after.rss - before.rss),
    isCodeSymbolMicroseconds: Math.round(symbolCheckUs * 100) / 100,
    reportAfterLoadMs: Math.round(reportMs * 100) / 100,
    gcExposed: gc !== undefined,
  }),
);
