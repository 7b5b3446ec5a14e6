import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../src/store/index.js';
import { PgliteThread } from '../../src/store/pglite-thread.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { baseOptions } from './store-suite.js';

/** Runs `work` while a 10 ms timer measures how late the event loop lets it fire. */
async function underTimer<T>(
  work: () => Promise<T>,
): Promise<{ result: T; maxLateMs: number; ticks: number; utilization: number }> {
  let last = performance.now();
  let maxLateMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxLateMs = Math.max(maxLateMs, now - last - 10);
    last = now;
    ticks++;
  }, 10);
  const elu = performance.eventLoopUtilization();
  try {
    const result = await work();
    const now = performance.now();
    maxLateMs = Math.max(maxLateMs, now - last - 10);
    return { result, maxLateMs, ticks, utilization: performance.eventLoopUtilization(elu).utilization };
  } finally {
    clearInterval(timer);
  }
}

describe('the embedded database in its own thread', () => {
  test('creating a new data folder leaves the event loop free', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kbbot-pglite-thread-'));
    const dataDir = path.join(dir, 'pglite');
    try {
      const {
        result: store,
        maxLateMs,
        ticks,
        utilization,
      } = await underTimer(() => openStore(baseOptions({ dataDir })));
      try {
        assert.ok(existsSync(path.join(dataDir, 'PG_VERSION')), 'the database was created');
        // On the main thread, initdb alone holds the loop for seconds (a utilization near 1);
        // in its thread the loop only passes messages. Bounds are generous for a loaded machine:
        // event-loop utilization counts time spent running here, not time waiting for a core.
        assert.ok(
          utilization < 0.5,
          `the event loop was busy ${(utilization * 100).toFixed(0)}% of the open`,
        );
        assert.ok(
          maxLateMs < 1500,
          `a 10 ms timer fired ${maxLateMs.toFixed(0)} ms late while the database was created`,
        );
        assert.ok(ticks > 10, `the timer fired only ${ticks} times`);
        // And the store works through the thread.
        assert.equal(await store.claimEvent('slack:Ev-thread'), true);
        assert.equal(await store.claimEvent('slack:Ev-thread'), false);
      } finally {
        await store.close();
      }
      // Opened again (no initdb this time): the claim was kept.
      const again = (await openStore(baseOptions({ dataDir }))) as SqlStore;
      try {
        assert.equal(await again.claimEvent('slack:Ev-thread'), false);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a database error keeps its code; a closed thread refuses queries clearly', async () => {
    const client = await PgliteThread.open('memory://');
    try {
      await client.query('create table t (id int primary key)');
      await client.query('insert into t values ($1)', [1]);
      await assert.rejects(
        client.query('insert into t values ($1)', [1]),
        (e: Error & { code?: string }) => e.code === '23505',
      );
      const r = await client.query<{ id: number }>('select id from t');
      assert.deepEqual(r.rows, [{ id: 1 }]);
    } finally {
      await client.close();
    }
    assert.equal(client.closed, true);
    await assert.rejects(client.query('select 1'), /closed/);
  });

  test('a folder PGlite cannot open is refused with its error, and the thread ends', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kbbot-pglite-bad-'));
    try {
      const dataDir = path.join(dir, 'pglite');
      // A file where the folder should be.
      (await import('node:fs')).writeFileSync(dataDir, 'not a database');
      await assert.rejects(PgliteThread.open(dataDir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
