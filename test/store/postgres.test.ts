import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import { migrations } from '../../src/store/migrations.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { findPostgresBin, startPostgres, NO_POSTGRES, type PostgresServer } from '../helpers/postgres.js';
import {
  baseOptions,
  captureLogger,
  escalation,
  query,
  storeSuite,
  vote,
  type Backend,
  type CapturedLog,
} from './store-suite.js';

const bin = findPostgresBin();
const skip = bin ? false : NO_POSTGRES;
if (!bin) process.stderr.write(`# store on PostgreSQL skipped: ${NO_POSTGRES}\n`);

// One server for the file, started on first use and stopped when the file's tests are done.
let server: Promise<PostgresServer> | undefined;
function getServer(): Promise<PostgresServer> {
  server ??= startPostgres();
  return server;
}
after(async () => {
  if (server) await (await server).stop();
});

storeSuite(
  'PostgreSQL',
  async (): Promise<Backend> => {
    const srv = await getServer();
    return {
      fresh: async () => ({ databaseUrl: await srv.createDatabase() }),
      open: (opts) => openStore(opts),
      rows: async (store, table) =>
        (await (store as SqlStore).db.selectFrom(table).selectAll().execute()) as Array<
          Record<string, unknown>
        >,
    };
  },
  { skip },
);

async function countRows(url: string, table: string): Promise<number> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return Number((await c.query(`select count(*)::int as n from ${table}`)).rows[0].n);
  } finally {
    await c.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kbbot processes sharing one PostgreSQL', { skip }, () => {
  let srv: PostgresServer;
  before(async () => {
    srv = await getServer();
  });

  test('two processes starting at once on a new database both migrate it, and each retried event is answered exactly once', async () => {
    const url = await srv.createDatabase();
    const keys = Array.from({ length: 30 }, (_, i) => `slack:Ev-multi-${i}`);
    const worker = fileURLToPath(new URL('./fixtures/claim-worker.ts', import.meta.url));
    const procs = [0, 1].map(() => {
      const p = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify(keys)], {
        env: { ...process.env, DATABASE_URL: url },
        cwd: fileURLToPath(new URL('../../', import.meta.url)),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (err += d));
      const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
      return { p, exited, out: () => out, err: () => err };
    });
    try {
      // Both open (and migrate) concurrently; then both claim every key at the same moment.
      const deadline = Date.now() + 30_000;
      while (!procs.every((w) => w.out().includes('ready'))) {
        const dead = procs.find((w) => w.p.exitCode !== null);
        if (dead) assert.fail(`a worker exited before ready:\n${dead.out()}\n${dead.err()}`);
        if (Date.now() > deadline) assert.fail('workers not ready after 30 s');
        await sleep(25);
      }
      for (const w of procs) w.p.stdin.end('go\n');
      const codes = await Promise.all(procs.map((w) => w.exited));
      assert.deepEqual(codes, [0, 0], procs.map((w) => w.err()).join('\n'));
      const results = procs.map(
        (w) =>
          JSON.parse(
            w
              .out()
              .split('\n')
              .filter((l) => l.startsWith('{'))
              .at(-1)!,
          ) as { won: boolean[]; errors: string[] },
      );
      for (const r of results) assert.deepEqual(r.errors, [], 'a worker logged trouble');
      keys.forEach((k, i) => {
        const winners = results.filter((r) => r.won[i]).length;
        assert.equal(winners, 1, `${k} was answered ${winners} times`);
      });
      assert.equal(await countRows(url, 'kbbot_event_claim'), keys.length);
      assert.equal(await countRows(url, 'kbbot_migration'), Object.keys(migrations).length);
    } finally {
      for (const w of procs) if (w.p.exitCode === null) w.p.kill();
    }
  });

  test('a slow database: a claim waits at most claimTimeoutMs, then answers', async () => {
    const url = await srv.createDatabase();
    const logs: CapturedLog[] = [];
    const store = await openStore(
      baseOptions({ databaseUrl: url, claimTimeoutMs: 300, logger: captureLogger(logs) }),
    );
    const blocker = new pg.Client(url);
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table kbbot_event_claim in access exclusive mode');
      const t0 = Date.now();
      assert.equal(
        await store.claimEvent('teams:slow-1'),
        true,
        'a claim the database cannot confirm must be answered',
      );
      const waited = Date.now() - t0;
      assert.ok(waited >= 250 && waited < 1500, `claim waited ${waited} ms`);
      assert.ok(logs.some((l) => l.level === 'warn' && /claim not confirmed/.test(l.m ?? '')));
      assert.equal(
        await store.claimEvent('teams:slow-1'),
        false,
        'the same process must not answer the retry',
      );
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
    await store.flush();
    assert.equal(
      await countRows(url, 'kbbot_event_claim'),
      1,
      'the claim is written once the database answers',
    );
    await store.close();
  });

  test('the database stopped mid-run: kbbot still answers, queues writes (bounded), loses none it kept, and flushes them when it is back', async () => {
    const url = await srv.createDatabase();
    const logsA: CapturedLog[] = [];
    const logsB: CapturedLog[] = [];
    const common = { databaseUrl: url, claimTimeoutMs: 300, connectTimeoutMs: 500, flushTimeoutMs: 15_000 };
    const a = await openStore(baseOptions({ ...common, logger: captureLogger(logsA) }));
    const b = await openStore(baseOptions({ ...common, queueLimit: 3, logger: captureLogger(logsB) }));
    const before = [query({ text: 'before 1' }), query({ text: 'before 2' })];
    for (const q of before) a.recordQuery(q);
    await a.flush();

    await srv.stopServer();
    try {
      const during = Array.from({ length: 5 }, (_, i) => query({ text: `during ${i}` }));
      for (const q of during) a.recordQuery(q);
      a.recordFeedback(vote({ userId: 'U-down', queryId: during[0]!.queryId, helpful: true }));
      const bQueries = Array.from({ length: 5 }, (_, i) => query({ text: `bounded ${i}` }));
      for (const q of bQueries) b.recordQuery(q);

      const t0 = Date.now();
      assert.equal(await a.claimEvent('slack:Ev-down'), true, 'with the database down, an event is answered');
      assert.ok(Date.now() - t0 < 1500, `claim took ${Date.now() - t0} ms`);
      assert.equal(
        await a.claimEvent('slack:Ev-down'),
        false,
        'a retry reaching the same process is not answered twice',
      );
      assert.deepEqual(
        a.feedback().map((e) => e.helpful),
        [1],
        'feedback counts at once, database or not',
      );

      // Both stores have tried to write and been refused: what they hold now stays held.
      const refused = (logs: CapturedLog[]) =>
        logs.some((l) => l.level === 'warn' && /write failed/.test(l.m ?? ''));
      for (let i = 0; i < 400 && !(refused(logsA) && refused(logsB)); i++) await sleep(25);
      assert.ok(refused(logsA) && refused(logsB), 'each store tried to write while the database was down');
      assert.equal(a.pendingWrites, 5 + 1 + 1, 'queries, feedback and the claim wait in memory');
      assert.equal(b.pendingWrites, 3, 'the queue is bounded');
      assert.equal(b.droppedWrites, 2);
      const dropLog = logsB.find((l) => l.level === 'warn' && /dropped the oldest/.test(l.m ?? ''));
      assert.ok(dropLog, 'dropping must be logged');
      assert.equal((dropLog.o as { dropped: number }).dropped, 2);
      // Starting while the database is down does not fail either: the store starts degraded.
      const late = (await openStore(baseOptions({ ...common, logger: captureLogger([]) }))) as SqlStore;
      assert.equal(late.ready, false);
      assert.equal(await late.claimEvent('slack:Ev-start-down'), true);
      late.recordQuery(query({ text: 'recorded by a store started while the database was down' }));

      await srv.startServer();
      await Promise.all([a.flush(), b.flush()]);
      assert.equal(a.pendingWrites + b.pendingWrites, 0);
      for (let i = 0; i < 100 && late.pendingWrites > 0; i++) await sleep(100);
      assert.equal(late.pendingWrites, 0, 'a store started during the outage connects, migrates and flushes');
      assert.equal(late.ready, true);
      await late.close();
    } finally {
      await srv.startServer().catch(() => undefined);
    }

    const texts = (await (a as SqlStore).db.selectFrom('kbbot_query').select('text').execute())
      .map((r) => r.text)
      .sort();
    assert.deepEqual(
      texts,
      [
        'before 1',
        'before 2',
        'bounded 2',
        'bounded 3',
        'bounded 4',
        ...Array.from({ length: 5 }, (_, i) => `during ${i}`),
        'recorded by a store started while the database was down',
      ].sort(),
    );
    assert.equal(await countRows(url, 'kbbot_feedback'), 1);
    assert.equal(await countRows(url, 'kbbot_event_claim'), 2);
    assert.ok(logsA.some((l) => l.level === 'info' && /database back/.test(l.m ?? '')));
    await a.close();
    await b.close();
  });

  test('the database down: a handover, its answer and the pairing learned are kept in memory and written when it is back', async () => {
    const url = await srv.createDatabase();
    const common = { databaseUrl: url, claimTimeoutMs: 300, connectTimeoutMs: 500, flushTimeoutMs: 15_000 };
    const a = await openStore(baseOptions({ ...common, logger: captureLogger([]) }));
    await srv.stopServer();
    try {
      const r = escalation();
      assert.equal(a.escalate(r).created, true, 'handed over with the database down');
      assert.equal(a.escalate({ ...r, id: 'other' }).created, false);
      a.addEscalationPost(r.id, { channel: 'CHELP', ts: '9.9' });
      const answered = await a.answerEscalation(r.id, {
        at: new Date(),
        by: 'Bob',
        kind: 'article',
        articleId: 'KB-G1',
      });
      assert.equal(answered?.first, true);
      assert.deepEqual(
        a.learned().map((p) => p.articleId),
        ['KB-G1'],
        'learned at once',
      );
      assert.ok(a.pendingWrites >= 4);
      await srv.startServer();
      await a.flush();
      assert.equal(a.pendingWrites, 0);
    } finally {
      await srv.startServer().catch(() => undefined);
    }
    assert.equal(await countRows(url, 'kbbot_escalation'), 1);
    assert.equal(await countRows(url, 'kbbot_learned'), 1);
    await a.close();
    const b = await openStore(baseOptions({ ...common, logger: captureLogger([]) }));
    const [e] = await b.escalations();
    assert.deepEqual([e?.status, e?.answer?.by, e?.posts.length], ['answered', 'Bob', 1]);
    await b.close();
  });
});
