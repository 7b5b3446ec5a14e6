import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The table loads on first use. This runs measure-load.ts in a fresh process and prints what the
 * first use costs (time and memory, which vary by machine: printed, not asserted).
 */
test('importing the codes module loads nothing; the first call loads the table, and the cost is printed', (t) => {
  const script = fileURLToPath(new URL('./measure-load.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
    encoding: 'utf8',
  });
  const m = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>;
  t.diagnostic(
    `first call ${m.firstCallMs} ms; heap retained ${m.heapRetainedMB} MB; RSS growth ${m.rssGrowthMB} MB; ` +
      `isCodeSymbol ${m.isCodeSymbolMicroseconds} µs; import ${m.importMs} ms`,
  );
  assert.equal(m.loadedAfterImport, false, 'no table work at import time');
  assert.equal(m.firstValue, 10049);
  assert.equal(m.gcExposed, true);
});
