import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { MatchPool, PoolBusyError } from '../../src/kb/match-pool.js';
import { EVENT_4283, SEED_CONTENT, eventually, startAppWith, postJson } from '../helpers/http.js';

let pool: MatchPool;
let other: string;

before(async () => {
  other = await mkdtemp(path.join(os.tmpdir(), 'kbbot-pool-'));
  await writeFile(
    path.join(other, 'vpn.md'),
    '---\nid: RB-VPN-1\ntitle: VPN client fails with error 809\n---\n## Symptoms\nThe VPN connection fails with error 809: the network connection between your computer and the VPN server could not be established.\n## Resolution\n1. Open UDP 500 and 4500 on the firewall.\n',
  );
  pool = new MatchPool({ size: 2 });
});

after(async () => {
  await pool.close();
  await rm(other, { recursive: true, force: true });
});

describe('the match pool', () => {
  test('answers pastes in worker threads once the corpus is loaded', async () => {
    const info = await pool.load({ contentDir: SEED_CONTENT });
    assert.equal(info.size, 3);
    assert.equal(pool.size, 2);
    const answer = await pool.answer(EVENT_4283);
    assert.equal(answer.article?.id, 'Q811406');
    assert.equal((await pool.article('kb 214864'))?.id, 'Q214864');
    assert.equal(await pool.article('KB999999'), undefined);
  });

  test('answers 200 concurrent requests, each with its own answer', async () => {
    const pastes = Array.from({ length: 200 }, (_, i) => (i % 2 ? 'error 0x2741' : EVENT_4283));
    const answers = await Promise.all(pastes.map((p) => pool.answer(p)));
    for (const [i, a] of answers.entries()) assert.equal(a.article?.id, i % 2 ? 'Q214864' : 'Q811406');
    assert.equal(pool.inFlight, 0);
  });

  test('reloading swaps the corpus; a load that fails leaves the previous one in service', async () => {
    const info = await pool.load({ contentDir: other });
    assert.equal(info.size, 1);
    assert.equal((await pool.answer('VPN error 809')).article?.id, 'RB-VPN-1');
    await assert.rejects(pool.load({ contentDir: path.join(other, 'missing') }), /ENOENT|no such file/);
    assert.equal(pool.info?.size, 1);
    assert.equal((await pool.answer('VPN error 809')).article?.id, 'RB-VPN-1');
    await pool.load({ contentDir: SEED_CONTENT });
    // Every worker serves it before the next test ends one of them.
    await eventually(
      async () => (pool.loading ? undefined : true),
      20_000,
      'every worker to open the seed content',
    );
  });

  test('a worker that dies is replaced, and the pool keeps answering', async () => {
    const slots = (pool as unknown as { slots: Array<{ worker: { terminate(): Promise<number> } }> }).slots;
    await slots[0].worker.terminate();
    for (let i = 0; i < 10; i++) assert.equal((await pool.answer('error 0x2741')).article?.id, 'Q214864');
  });

  test('a request past its deadline ends its worker, which is replaced and opens the corpus in service', async () => {
    const strict = new MatchPool({ size: 1, requestTimeoutMs: 1 });
    try {
      await strict.load({ contentDir: SEED_CONTENT });
      const slots = (strict as unknown as { slots: Array<{ worker: Worker; gen: number }> }).slots;
      const stuck = slots[0].worker;
      const ended = new Promise<number>((resolve) => stuck.once('exit', resolve));
      // 20,000 characters take the matcher far longer than 1 ms.
      await assert.rejects(
        strict.answer(`${EVENT_4283}\n${'0x2741 HrRegisterProtocol failed '.repeat(700)}`),
        /took longer than 1 ms/,
      );
      await ended;
      await eventually(
        async () => (slots[0].worker !== stuck && slots[0].gen >= 0 ? true : undefined),
        20_000,
        'a new worker with the corpus',
      );
    } finally {
      await strict.close(0);
    }
  });

  test("with an index snapshot, the other workers and a replaced one take the first one's index", async () => {
    const cache = await mkdtemp(path.join(os.tmpdir(), 'kbbot-pool-cache-'));
    const infos: string[] = [];
    const logger = { info: (_o: object, msg?: string) => infos.push(msg ?? ''), warn() {}, error() {} };
    const shared = new MatchPool({ size: 2, logger });
    const fromSibling = () => infos.filter((m) => m.includes("took its sibling's index")).length;
    try {
      const source = { contentDir: SEED_CONTENT, cacheDir: cache, snapshotMinFiles: 1 };
      await shared.load(source); // builds the snapshot
      await eventually(async () => (shared.loading ? undefined : true), 20_000, 'both workers open');
      const info = await shared.load(source); // read from it, in shared memory
      assert.equal(info.fromSnapshot, true);
      await eventually(async () => (fromSibling() === 1 ? true : undefined), 20_000, 'the follower');
      const slots = (shared as unknown as { slots: Array<{ worker: Worker }> }).slots;
      await slots[1].worker.terminate();
      await eventually(async () => (fromSibling() === 2 ? true : undefined), 20_000, 'the new worker');
      const answers = await Promise.all(Array.from({ length: 20 }, () => shared.answer(EVENT_4283)));
      for (const a of answers) assert.equal(a.article?.id, 'Q811406');
    } finally {
      await shared.close(0);
      await rm(cache, { recursive: true, force: true });
    }
  });

  test('a full queue refuses at once with PoolBusyError, which the server answers 503 with Retry-After', async () => {
    const small = new MatchPool({ size: 1, maxQueuePerWorker: 1 });
    try {
      await small.load({ contentDir: SEED_CONTENT });
      const first = small.answer(EVENT_4283);
      await assert.rejects(small.answer(EVENT_4283), PoolBusyError);
      assert.equal((await first).article?.id, 'Q811406');
      const stats = {
        articles: 1,
        byFormat: {},
        problems: [],
        problemCount: 0,
        loadedAt: new Date().toISOString(),
        contentDir: 'x',
        fromSnapshot: false,
      };
      const busy = {
        status: () => ({ state: 'ready' as const, stats, reloading: false }),
        answer: () => Promise.reject(new PoolBusyError()),
        article: () => Promise.resolve(undefined),
      };
      const app = await startAppWith(busy);
      try {
        const r = await postJson(`${app.url}/api/ask`, { text: EVENT_4283 });
        assert.equal(r.status, 503);
        assert.equal(r.headers.get('retry-after'), '2');
        assert.equal(r.body.error, 'unavailable');
      } finally {
        await app.close();
      }
    } finally {
      await small.close(0);
    }
  });
});
