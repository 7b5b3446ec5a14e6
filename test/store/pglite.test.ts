import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store/index.js';
import { PgliteThread } from '../../src/store/pglite-thread.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { baseOptions, query, storeSuite, type Backend } from './store-suite.js';

// One in-memory PGlite, in its thread as the server runs it, for the whole suite (starting one
// takes seconds); each test gets empty tables.
let client: PgliteThread | undefined;

const backend: Backend = {
  async fresh() {
    client ??= await PgliteThread.open('memory://');
    await client
      .query('truncate kbbot_query, kbbot_feedback, kbbot_event_claim, kbbot_escalation, kbbot_learned')
      .catch(() => undefined);
    return { pglite: client };
  },
  open: (opts) => openStore(opts),
  async rows(store, table) {
    return (await (store as SqlStore).db.selectFrom(table).selectAll().execute()) as Array<
      Record<string, unknown>
    >;
  },
  async teardown() {
    await client?.close();
  },
};

storeSuite('PGlite (embedded)', () => backend);

describe('the store on PGlite in a data folder', () => {
  test('keeps its data across restarts and refuses a second opener of the same folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kbbot-pglite-'));
    const dataDir = path.join(dir, 'pglite');
    try {
      const opts = baseOptions({ dataDir });
      const first = await openStore(opts);
      assert.equal(first.backend, 'pglite');
      assert.equal(readFileSync(`${dataDir}.lock`, 'utf8'), String(process.pid));
      await assert.rejects(openStore(opts), /already open in this process/);
      const q = query();
      first.recordQuery(q);
      assert.equal(await first.claimEvent('slack:Ev-disk'), true);
      await first.close();
      assert.equal(existsSync(`${dataDir}.lock`), false, 'close must release the folder');

      // A live process (our parent) holding the folder: refused with a clear message.
      writeFileSync(`${dataDir}.lock`, String(process.ppid));
      await assert.rejects(openStore(opts), /in use by process .*DATABASE_URL/s);
      // A stale lock (no such process) is taken over.
      writeFileSync(`${dataDir}.lock`, '999999999');
      const second = (await openStore(opts)) as SqlStore;
      const rows = await second.db.selectFrom('kbbot_query').select('id').execute();
      assert.deepEqual(
        rows.map((r) => r.id),
        [q.queryId],
      );
      assert.equal(await second.claimEvent('slack:Ev-disk'), false);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
