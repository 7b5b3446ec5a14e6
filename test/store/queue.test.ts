import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { WriteQueue } from '../../src/store/queue.js';
import { captureLogger, type CapturedLog } from './store-suite.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A database stand-in that can be switched off. */
function fakeDb() {
  const written: number[] = [];
  const state = { up: true, batches: 0 };
  return {
    written,
    state,
    write: async (batch: number[]) => {
      state.batches++;
      await sleep(1);
      if (!state.up)
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      written.push(...batch);
    },
  };
}

describe('the write queue', () => {
  test('writes in the background, in order, in batches', async () => {
    const db = fakeDb();
    const q = new WriteQueue<number>({
      limit: 100,
      write: db.write,
      logger: captureLogger([]),
      batchSize: 10,
    });
    for (let i = 0; i < 35; i++) q.push(i);
    assert.equal(q.pending, 35, 'push must not write synchronously');
    for (let i = 0; i < 100 && q.pending > 0; i++) await sleep(5);
    assert.deepEqual(
      db.written,
      Array.from({ length: 35 }, (_, i) => i),
    );
    assert.equal(db.state.batches, 4);
  });

  test('while the database is away: keeps writes, drops the oldest past the limit with a count in the log, and writes the rest when it is back', async () => {
    const db = fakeDb();
    const logs: CapturedLog[] = [];
    const q = new WriteQueue<number>({
      limit: 5,
      write: db.write,
      logger: captureLogger(logs),
      retryMinMs: 10,
      retryMaxMs: 20,
    });
    db.state.up = false;
    for (let i = 0; i < 8; i++) q.push(i);
    // Retried in the background: wait for a second refused batch rather than a fixed time.
    for (let i = 0; i < 400 && db.state.batches < 2; i++) await sleep(5);
    assert.equal(q.pending, 5);
    assert.equal(q.dropped, 3);
    const drop = logs.filter((l) => /dropped the oldest/.test(l.m ?? ''));
    assert.deepEqual(
      drop.map((l) => (l.o as { dropped: number }).dropped),
      [3],
      'one log line for the burst, with the count',
    );
    assert.ok(logs.some((l) => l.level === 'warn' && /write failed/.test(l.m ?? '')));
    assert.ok(db.state.batches >= 2, 'it retries in the background');

    db.state.up = true;
    for (let i = 0; i < 100 && q.pending > 0; i++) await sleep(5);
    assert.deepEqual(db.written, [3, 4, 5, 6, 7], 'the newest writes survive, in order');
    assert.ok(logs.some((l) => l.level === 'info' && /database back/.test(l.m ?? '')));
    q.close();
  });

  test('flush waits for the database to come back, and gives up after its timeout saying how many writes are left', async () => {
    const db = fakeDb();
    const q = new WriteQueue<number>({
      limit: 100,
      write: db.write,
      logger: captureLogger([]),
      retryMinMs: 10,
      retryMaxMs: 20,
    });
    db.state.up = false;
    q.push(1);
    q.push(2);
    await assert.rejects(q.flush(80), /2 writes still queued after 80 ms \(ECONNREFUSED/);
    setTimeout(() => (db.state.up = true), 50);
    await q.flush(2000);
    assert.deepEqual(db.written, [1, 2]);
    assert.equal(q.pending, 0);
    q.close();
  });

  test('an exclusive section never overlaps a write, and can remove queued writes', async () => {
    const written: number[] = [];
    const order: string[] = [];
    let writing = false;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const firstWrite = new Promise<void>((r) => (started = r));
    const q = new WriteQueue<number>({
      limit: 100,
      logger: captureLogger([]),
      write: async (batch) => {
        writing = true;
        started();
        await held;
        written.push(...batch);
        order.push(`wrote ${batch.length}`);
        writing = false;
      },
    });
    for (let i = 0; i < 10; i++) q.push(i);
    const flushed = q.flush(5000);
    await firstWrite;
    let overlapped = false;
    const section = q.exclusive(async () => {
      overlapped ||= writing;
      order.push('section');
    });
    // Whatever is already scheduled runs while the write is still held; then the write may finish.
    await new Promise((r) => setImmediate(r));
    release();
    await Promise.all([flushed, section]);
    assert.equal(overlapped, false, 'the section ran while a write was in flight');
    assert.deepEqual(order, ['wrote 10', 'section']);

    for (let i = 10; i < 20; i++) q.push(i);
    const removed = await q.exclusive(async () => q.removeWhere((n) => n % 2 === 0));
    await q.flush(5000);
    assert.equal(removed, 5);
    assert.deepEqual(written, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 15, 17, 19]);
    q.close();
  });
});
