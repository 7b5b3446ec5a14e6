/**
 * The store test suite, run against every backend (PGlite, PostgreSQL, in-memory) by the
 * *.test.ts files beside it.
 */
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { hashUserId } from '../../src/store/hash.js';
import { rerankWithFeedback, type Ranked } from '../../src/kb/feedback-rerank.js';
import { MAX_STORED_TEXT } from '../../src/store/text.js';
import type {
  EscalationRecord,
  FeedbackRecord,
  QueryRecord,
  Store,
  StoreOptions,
} from '../../src/store/types.js';

export type Table =
  | 'kbbot_query'
  | 'kbbot_feedback'
  | 'kbbot_event_claim'
  | 'kbbot_escalation'
  | 'kbbot_learned';

export interface Backend {
  /** Makes a fresh, empty location and returns the options that point at it. */
  fresh(): Promise<Partial<StoreOptions>>;
  open(opts: StoreOptions): Promise<Store>;
  /** All rows of a table, as the backend keeps them (column names as in the schema). */
  rows(store: Store, table: Table): Promise<Array<Record<string, unknown>>>;
  /** Runs once after the suite. */
  teardown?(): Promise<void>;
}

export interface CapturedLog {
  level: 'info' | 'warn' | 'error';
  o: object;
  m?: string;
}

export function captureLogger(into: CapturedLog[]) {
  return {
    info: (o: object, m?: string) => into.push({ level: 'info', o, m }),
    warn: (o: object, m?: string) => into.push({ level: 'warn', o, m }),
    error: (o: object, m?: string) => into.push({ level: 'error', o, m }),
  };
}

export const SALT = 'test-salt-3f1c';
const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const NOW = new Date('2025-06-01T12:00:00Z');

export function baseOptions(overrides: Partial<StoreOptions> = {}): StoreOptions {
  return {
    salt: SALT,
    retentionDays: 30,
    keepOnlyIdentifiers: false,
    queueLimit: 1000,
    claimTimeoutMs: 2000,
    retentionIntervalMs: 0,
    refreshIntervalMs: 0,
    logger: captureLogger([]),
    ...overrides,
  };
}

export function query(over: Partial<QueryRecord> = {}): QueryRecord {
  return {
    at: NOW,
    platform: 'slack',
    conversation: 'channel',
    userId: 'U0001',
    text: 'Outlook error 0x800CCC0E cannot connect to the SMTP server',
    confidence: 0.2,
    answered: false,
    queryId: randomUUID(),
    ...over,
  };
}

export function vote(over: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    at: NOW,
    platform: 'slack',
    userId: 'U0001',
    queryText: 'Outlook error 0x800CCC0E cannot connect to the SMTP server',
    articleId: 'KB100',
    helpful: true,
    ...over,
  };
}

export function escalation(over: Partial<EscalationRecord> = {}): EscalationRecord {
  return {
    id: randomUUID(),
    key: `slack:U0001:${randomUUID()}`,
    at: NOW,
    platform: 'slack',
    userId: 'U0001',
    queryText: 'Backup job failed with error 0x80042306 on FS01',
    guesses: [
      { id: 'KB-G1', title: 'VSS fails', confidence: 0.31 },
      { id: 'KB-G2', title: 'Backup stops', confidence: 0.2 },
    ],
    origin: { channel: 'C0OPS', threadTs: '1700000000.000100' },
    ...over,
  };
}

export function storeSuite(
  name: string,
  getBackend: () => Backend | Promise<Backend>,
  opts: { skip?: string | false } = {},
) {
  describe(`the store on ${name}`, { skip: opts.skip || false }, () => {
    let backend: Backend;
    const open: Store[] = [];
    before(async () => {
      backend = await getBackend();
    });
    // Each test's stores are closed (their writes flushed) before the next test starts.
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close().catch(() => undefined);
    });
    after(async () => {
      await backend.teardown?.();
    });

    /** A store on a fresh location, and a way to reopen it (same options). */
    async function fresh(over: Partial<StoreOptions> = {}) {
      const where = await backend.fresh();
      const options = baseOptions({ ...where, ...over });
      const store = await backend.open(options);
      open.push(store);
      return {
        store,
        options,
        reopen: async () => {
          const s = await backend.open(options);
          open.push(s);
          return s;
        },
      };
    }

    test('keeps each query with its time, platform, conversation kind, top article, confidence and outcome', async () => {
      const { store } = await fresh();
      const a = query({
        platform: 'teams',
        conversation: 'dm',
        topArticle: 'KB214864',
        confidence: 0.91,
        answered: true,
      });
      const b = query({
        platform: 'cli',
        conversation: 'none',
        userId: undefined,
        confidence: 0.05,
        at: new Date(NOW.getTime() - 5000),
      });
      store.recordQuery(a);
      store.recordQuery(b);
      await store.flush();
      assert.equal(store.pendingWrites, 0);
      const rows = await backend.rows(store, 'kbbot_query');
      const byId = new Map(rows.map((r) => [r.id, r]));
      assert.equal(rows.length, 2);
      const ra = byId.get(a.queryId)!;
      assert.deepEqual(
        [ra.platform, ra.conversation, ra.top_article, ra.confidence, ra.answered, ra.text],
        ['teams', 'dm', 'KB214864', 0.91, true, a.text],
      );
      assert.equal(new Date(ra.at as Date).getTime(), NOW.getTime());
      const rb = byId.get(b.queryId)!;
      assert.deepEqual(
        [rb.platform, rb.conversation, rb.top_article, rb.answered, rb.user_hash],
        ['cli', 'none', null, false, null],
      );
    });

    test('keeps a salted hash of the user id, never the raw id', async () => {
      const { store } = await fresh();
      store.recordQuery(query({ userId: 'U7RAWID' }));
      store.recordFeedback(vote({ userId: 'U7RAWID' }));
      await store.flush();
      const rows = [
        ...(await backend.rows(store, 'kbbot_query')),
        ...(await backend.rows(store, 'kbbot_feedback')),
      ];
      assert.equal(rows.length, 2);
      assert.ok(!JSON.stringify(rows).includes('U7RAWID'), 'the raw user id is stored somewhere');
      for (const r of rows) {
        assert.equal(r.user_hash, hashUserId(SALT, 'slack', 'U7RAWID'));
        assert.notEqual(r.user_hash, hashUserId('another salt', 'slack', 'U7RAWID'));
      }
    });

    test('keeps only the identifiers of a paste when keep-only-identifiers is on', async () => {
      const { store } = await fresh({ keepOnlyIdentifiers: true });
      const q1 = query({
        text: 'Hi, John Smith here. Outlook says 0x800CCC0E and MSExchangeTransport event 1035 on mail01',
      });
      const q2 = query({ text: 'my secret project name is Bluebird, error 5', identifiersOnly: 'error-5' });
      store.recordQuery(q1);
      store.recordQuery(q2);
      store.recordFeedback(vote({ queryText: q1.text, queryId: q1.queryId }));
      await store.flush();
      const rows = new Map((await backend.rows(store, 'kbbot_query')).map((r) => [r.id, r.text as string]));
      const t1 = rows.get(q1.queryId)!;
      for (const kept of ['0x800CCC0E', 'MSExchangeTransport', '1035', 'mail01'])
        assert.ok(t1.includes(kept), `${kept} missing from "${t1}"`);
      for (const gone of ['John', 'Smith', 'Outlook says'])
        assert.ok(!t1.includes(gone), `"${gone}" kept in "${t1}"`);
      assert.equal(rows.get(q2.queryId), 'error-5');
      const [fb] = await backend.rows(store, 'kbbot_feedback');
      assert.ok(!(fb!.query_text as string).includes('John'));
      assert.equal(store.feedback()[0]!.queryText, fb!.query_text);
    });

    test('writing the same query id twice keeps one row', async () => {
      const { store } = await fresh();
      const q = query();
      store.recordQuery(q);
      await store.flush();
      store.recordQuery(q);
      store.recordQuery(q);
      await store.flush();
      assert.equal((await backend.rows(store, 'kbbot_query')).length, 1);
    });

    test('claims an event key once: a retried event is not answered again', async () => {
      const { store, reopen } = await fresh();
      assert.equal(await store.claimEvent('slack:Ev0001'), true);
      assert.equal(await store.claimEvent('slack:Ev0001'), false);
      assert.equal(await store.claimEvent('teams:activity-1'), true);
      const again = await reopen();
      assert.equal(await again.claimEvent('slack:Ev0001'), false, 'a claim must survive a restart');
      assert.equal(await again.claimEvent('slack:Ev0002'), true);
    });

    test('two stores sharing one database: each of many concurrently claimed keys is won exactly once', async () => {
      const { store, reopen } = await fresh();
      const other = await reopen();
      const keys = Array.from({ length: 25 }, (_, i) => `slack:Ev-race-${i}`);
      const [a, b] = await Promise.all([
        Promise.all(keys.map((k) => store.claimEvent(k))),
        Promise.all(keys.map((k) => other.claimEvent(k))),
      ]);
      for (const [i, k] of keys.entries())
        assert.equal(Number(a[i]) + Number(b[i]), 1, `${k} won ${Number(a[i]) + Number(b[i])} times`);
      const long = 'x'.repeat(5000);
      assert.equal(await store.claimEvent(long), true);
      assert.equal(await other.claimEvent(long), false, 'a long key must be claimed like any other');
    });

    test('event claims are let go after two days (they hold no personal data)', async () => {
      let now = new Date(NOW.getTime() - 3 * DAY);
      const { store, reopen } = await fresh({ clock: () => now });
      assert.equal(await store.claimEvent('slack:Ev-old'), true);
      now = NOW;
      assert.equal(await store.claimEvent('slack:Ev-new'), true);
      await store.applyRetention(NOW);
      assert.deepEqual(
        (await backend.rows(store, 'kbbot_event_claim')).map((r) => r.key),
        ['slack:Ev-new'],
      );
      await store.close();
      const again = await reopen();
      assert.equal(await again.claimEvent('slack:Ev-new'), false);
    });

    test('feedback() shows a vote at once, and the same totals after a restart', async () => {
      const { store, reopen } = await fresh();
      assert.deepEqual(store.feedback(), []);
      store.recordFeedback(vote({ userId: 'U1' }));
      store.recordFeedback(vote({ userId: 'U2' }));
      store.recordFeedback(vote({ userId: 'U3', helpful: false }));
      store.recordFeedback(vote({ userId: 'U3', articleId: 'KB200', helpful: false }));
      const expected = [
        { queryText: vote().queryText, articleId: 'KB100', helpful: 2, notHelpful: 1 },
        { queryText: vote().queryText, articleId: 'KB200', helpful: 0, notHelpful: 1 },
      ];
      const sorted = (e: ReturnType<Store['feedback']>) =>
        [...e].sort((x, y) => x.articleId.localeCompare(y.articleId));
      assert.deepEqual(sorted(store.feedback()), expected);
      assert.equal(store.feedback(), store.feedback(), 'the aggregate is rebuilt on every call');
      await store.close();
      const again = await reopen();
      assert.deepEqual(sorted(again.feedback()), expected);
    });

    test('a person voting again on the same answer replaces their vote', async () => {
      const { store, reopen } = await fresh();
      const queryId = randomUUID();
      store.recordFeedback(vote({ userId: 'U9', queryId, helpful: true }));
      store.recordFeedback(vote({ userId: 'U9', queryId, helpful: true }));
      store.recordFeedback(vote({ userId: 'U9', queryId, helpful: false }));
      assert.deepEqual(
        store.feedback().map((e) => [e.helpful, e.notHelpful]),
        [[0, 1]],
      );
      await store.flush();
      assert.equal((await backend.rows(store, 'kbbot_feedback')).length, 1);
      store.recordFeedback(vote({ userId: 'U9', queryId, helpful: true }));
      await store.close();
      const again = await reopen();
      assert.deepEqual(
        again.feedback().map((e) => [e.helpful, e.notHelpful]),
        [[1, 0]],
      );
      again.recordFeedback(vote({ userId: 'U9', queryId, helpful: false }));
      assert.deepEqual(
        again.feedback().map((e) => [e.helpful, e.notHelpful]),
        [[0, 1]],
        'a vote loaded at open is replaced too',
      );
    });

    test('feedback raises the helpful article for a close paraphrase and leaves other queries untouched', async () => {
      const { store, reopen } = await fresh();
      const results: Ranked[] = [
        {
          id: 'KB-A',
          title: 'Outlook cannot connect',
          score: 10,
          reasons: [{ kind: 'code', detail: 'error 0x800CCC0E' }],
        },
        {
          id: 'KB-B',
          title: 'SMTP authentication',
          score: 8,
          reasons: [{ kind: 'code', detail: 'error 0x800CCC0E' }],
        },
        { id: 'KB-C', title: 'Firewall blocks port 25', score: 7, reasons: [] },
      ];
      const paste = 'Outlook error 0x800CCC0E: cannot connect to the SMTP server';
      const paraphrase = 'outlook cannot connect to smtp server, error 0x800ccc0e';
      const other = 'Event 4283 from MSExchangeMTA: the MTA database is damaged';
      assert.equal(
        rerankWithFeedback(paraphrase, results, store.feedback()),
        results,
        'no feedback: ranking unchanged',
      );
      for (const u of ['U1', 'U2', 'U3'])
        store.recordFeedback(vote({ userId: u, queryText: paste, articleId: 'KB-B', helpful: true }));
      await store.close();
      const fb = (await reopen()).feedback();
      const ranked = rerankWithFeedback(paraphrase, results, fb);
      assert.deepEqual(
        ranked.map((r) => r.id),
        ['KB-B', 'KB-A', 'KB-C'],
      );
      assert.deepEqual(ranked[0]!.reasons.at(-1), {
        kind: 'feedback',
        detail: '3 people found this helpful for a similar paste',
      });
      assert.equal(
        rerankWithFeedback(other, results, fb),
        results,
        'an unrelated paste must be ranked as before',
      );
    });

    test("another instance's feedback shows up after the refresh interval", async () => {
      const { store, reopen } = await fresh({ refreshIntervalMs: 50 });
      const other = await reopen();
      other.recordFeedback(vote({ userId: 'U-elsewhere', articleId: 'KB-ELSEWHERE' }));
      await other.flush();
      for (let i = 0; i < 100 && store.feedback().length === 0; i++) await sleep(20);
      assert.deepEqual(
        store.feedback().map((e) => [e.articleId, e.helpful]),
        [['KB-ELSEWHERE', 1]],
      );
    });

    test('the gap report groups alike unanswered pastes, most frequent first, with the latest as example', async () => {
      const { store } = await fresh();
      const t = (m: number) => new Date(NOW.getTime() - m * 60_000);
      store.recordQuery(
        query({
          at: t(30),
          text: 'Setup failed 0x80070005 at 10:12:01 for {6F9619FF-8B86-D011-B42D-00C04FC964FF}',
        }),
      );
      store.recordQuery(
        query({
          at: t(10),
          text: 'Setup  failed 0x80070002 at 11:40:59 for {0AB619FF-8B86-D011-B42D-00C04FC964AA}',
        }),
      );
      store.recordQuery(
        query({
          at: t(20),
          text: 'setup failed 0x8007000E at 09:01:00 for {11111111-8B86-D011-B42D-00C04FC964FF}',
        }),
      );
      store.recordQuery(query({ at: t(5), text: 'The printer spooler stopped' }));
      store.recordQuery(
        query({
          at: t(1),
          text: 'Setup failed 0x80070005 at 10:12:01 for {6F9619FF-8B86-D011-B42D-00C04FC964FF}',
          answered: true,
          topArticle: 'KB1',
        }),
      );
      const report = await store.contentGaps();
      assert.deepEqual(
        report.unanswered.map((u) => [u.count, u.example]),
        [
          [3, 'Setup  failed 0x80070002 at 11:40:59 for {0AB619FF-8B86-D011-B42D-00C04FC964AA}'],
          [1, 'The printer spooler stopped'],
        ],
      );
      assert.equal(report.unanswered[0]!.lastAt.getTime(), t(10).getTime());
      assert.deepEqual((await store.contentGaps({ limit: 1 })).unanswered.length, 1);
    });

    test('the gap report lists the articles most often marked not helpful', async () => {
      const { store } = await fresh();
      for (const u of ['U1', 'U2', 'U3'])
        store.recordFeedback(vote({ userId: u, articleId: 'KB-BAD', helpful: false }));
      store.recordFeedback(vote({ userId: 'U1', articleId: 'KB-MEH', helpful: false }));
      store.recordFeedback(vote({ userId: 'U2', articleId: 'KB-GOOD', helpful: true }));
      const report = await store.contentGaps();
      assert.deepEqual(report.notHelpful, [
        { articleId: 'KB-BAD', count: 3 },
        { articleId: 'KB-MEH', count: 1 },
      ]);
    });

    test('the gap report can look at recent days only', async () => {
      const { store } = await fresh({ clock: () => NOW });
      store.recordQuery(query({ at: new Date(NOW.getTime() - 10 * DAY), text: 'old paste 1' }));
      store.recordQuery(query({ at: new Date(NOW.getTime() - 1 * DAY), text: 'new paste' }));
      store.recordFeedback(
        vote({ at: new Date(NOW.getTime() - 10 * DAY), helpful: false, articleId: 'KB-OLD' }),
      );
      const recent = await store.contentGaps({ sinceDays: 7 });
      assert.deepEqual(
        recent.unanswered.map((u) => u.example),
        ['new paste'],
      );
      assert.deepEqual(recent.notHelpful, []);
      assert.equal((await store.contentGaps()).unanswered.length, 2);
    });

    test('retention deletes queries and feedback older than the setting and keeps newer ones', async () => {
      const { store } = await fresh({ retentionDays: 30, clock: () => NOW });
      const old = new Date(NOW.getTime() - 31 * DAY);
      const recent = new Date(NOW.getTime() - 29 * DAY);
      const oldQ = query({ at: old });
      const newQ = query({ at: recent });
      store.recordQuery(oldQ);
      store.recordQuery(newQ);
      store.recordFeedback(vote({ at: old, userId: 'U1', articleId: 'KB-OLD' }));
      store.recordFeedback(vote({ at: recent, userId: 'U2', articleId: 'KB-NEW' }));
      await store.flush();
      assert.equal(await store.applyRetention(NOW), 2);
      assert.deepEqual(
        (await backend.rows(store, 'kbbot_query')).map((r) => r.id),
        [newQ.queryId],
      );
      assert.deepEqual(
        (await backend.rows(store, 'kbbot_feedback')).map((r) => r.article_id),
        ['KB-NEW'],
      );
      assert.deepEqual(
        store.feedback().map((e) => e.articleId),
        ['KB-NEW'],
        'deleted feedback must stop counting',
      );
      assert.equal(await store.applyRetention(NOW), 0);
    });

    test('retention also runs by itself on a timer', async () => {
      const { store } = await fresh({ retentionDays: 1, retentionIntervalMs: 50, clock: () => NOW });
      store.recordQuery(query({ at: new Date(NOW.getTime() - 2 * DAY) }));
      store.recordQuery(query({ at: NOW }));
      await store.flush();
      let left = (await backend.rows(store, 'kbbot_query')).length;
      for (let i = 0; i < 100 && left > 1; i++) {
        await sleep(20);
        left = (await backend.rows(store, 'kbbot_query')).length;
      }
      assert.equal(left, 1);
    });

    test('a retention of 0 days keeps everything', async () => {
      const { store } = await fresh({ retentionDays: 0 });
      store.recordQuery(query({ at: new Date(NOW.getTime() - 3000 * DAY) }));
      await store.flush();
      assert.equal(await store.applyRetention(NOW), 0);
      assert.equal((await backend.rows(store, 'kbbot_query')).length, 1);
    });

    test("forget deletes one person's queries and feedback, and nobody else's", async () => {
      const { store } = await fresh();
      const mine = query({ userId: 'UFORGET' });
      const theirs = query({ userId: 'UKEEP' });
      const sameIdOtherPlatform = query({ userId: 'UFORGET', platform: 'teams' });
      store.recordQuery(mine);
      store.recordQuery(theirs);
      store.recordQuery(sameIdOtherPlatform);
      store.recordFeedback(vote({ userId: 'UFORGET', queryId: mine.queryId, articleId: 'KB-1' }));
      store.recordFeedback(vote({ userId: 'UKEEP', queryId: theirs.queryId, articleId: 'KB-2' }));
      store.recordFeedback(
        vote({ userId: undefined, queryId: mine.queryId, articleId: 'KB-3', queryText: mine.text }),
      );
      await store.flush();
      assert.equal(await store.forgetUser('slack', 'UFORGET'), 3);
      const left = (await backend.rows(store, 'kbbot_query')).map((r) => r.id).sort();
      assert.deepEqual(left, [theirs.queryId, sameIdOtherPlatform.queryId].sort());
      assert.deepEqual(
        (await backend.rows(store, 'kbbot_feedback')).map((r) => r.article_id),
        ['KB-2'],
      );
      assert.deepEqual(
        store.feedback().map((e) => e.articleId),
        ['KB-2'],
      );
      assert.equal(await store.forgetUser('slack', 'UNKNOWN'), 0);
    });

    test("forget also removes that person's writes still waiting to be written", async () => {
      const { store } = await fresh();
      store.recordQuery(query({ userId: 'UQUICK' }));
      store.recordFeedback(vote({ userId: 'UQUICK' }));
      store.recordQuery(query({ userId: 'UOTHER' }));
      assert.equal(await store.forgetUser('slack', 'UQUICK'), 2);
      await store.flush();
      assert.equal((await backend.rows(store, 'kbbot_query')).length, 1);
      assert.equal((await backend.rows(store, 'kbbot_feedback')).length, 0);
      assert.deepEqual(store.feedback(), []);
    });

    test('closing writes everything still queued', async () => {
      const { store, reopen } = await fresh();
      for (let i = 0; i < 60; i++) store.recordQuery(query({ text: `paste ${i}` }));
      await store.close();
      assert.equal(store.pendingWrites, 0);
      const again = await reopen();
      assert.equal((await backend.rows(again, 'kbbot_query')).length, 60);
    });

    test('a paste with NUL bytes and an over-long paste are stored cleaned and cut, with the rest of their batch', async () => {
      const { store } = await fresh();
      const nul = query({ text: 'bad\u0000byte 0x1' });
      const long = query({ text: 'A'.repeat(MAX_STORED_TEXT * 3) });
      const plain = query({ text: 'plain' });
      store.recordQuery(nul);
      store.recordQuery(long);
      store.recordQuery(plain);
      await store.flush();
      const rows = new Map((await backend.rows(store, 'kbbot_query')).map((r) => [r.id, r.text as string]));
      assert.equal(rows.get(nul.queryId), 'badbyte 0x1');
      assert.equal(rows.get(long.queryId)!.length, MAX_STORED_TEXT);
      assert.equal(rows.get(plain.queryId), 'plain');
    });

    test('hands a question over once per key, and still knows it after a restart', async () => {
      const { store, reopen } = await fresh();
      const r = escalation({ userId: 'U7RAWID' });
      const first = store.escalate(r);
      assert.equal(first.created, true);
      assert.equal(first.escalation.status, 'open');
      assert.deepEqual(
        first.escalation.guesses.map((g) => g.id),
        ['KB-G1', 'KB-G2'],
      );
      const second = store.escalate({ ...r, id: randomUUID() });
      assert.equal(second.created, false, 'a second press hands over once');
      assert.equal(second.escalation.id, r.id);
      store.addEscalationPost(r.id, { channel: 'CHELP', ts: '1.2' });
      await store.flush();
      const rows = await backend.rows(store, 'kbbot_escalation');
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes('U7RAWID'), 'the raw user id is stored somewhere');
      await store.close();
      const again = await reopen();
      assert.equal(
        again.escalate({ ...r, id: randomUUID() }).created,
        false,
        'one handover per key across a restart',
      );
      const e = await again.escalation(r.id);
      assert.deepEqual(e?.origin, r.origin);
      assert.deepEqual(e?.posts, [{ channel: 'CHELP', ts: '1.2' }]);
      assert.equal(e?.queryText, r.queryText);
    });

    test('the first answer wins; an article answer becomes a learned pairing that feedback() carries', async () => {
      const { store, reopen } = await fresh();
      const r = escalation({ at: new Date(NOW.getTime() - 90_000) });
      store.escalate(r);
      assert.equal(
        await store.answerEscalation('no-such-id', { at: NOW, by: 'Bob', kind: 'text', text: 'x' }),
        undefined,
      );
      const answered = await store.answerEscalation(r.id, {
        at: NOW,
        by: 'Bob',
        kind: 'article',
        articleId: 'KB-G2',
      });
      assert.equal(answered?.first, true);
      assert.equal(answered?.escalation.status, 'answered');
      assert.deepEqual(
        [answered?.escalation.answer?.by, answered?.escalation.answer?.articleId],
        ['Bob', 'KB-G2'],
      );
      assert.deepEqual(answered?.escalation.origin, r.origin, 'the answer still knows where to go');
      assert.equal(
        (await store.escalation(r.id))?.origin,
        undefined,
        'where the asker was is dropped once answered',
      );
      const late = await store.answerEscalation(r.id, { at: NOW, by: 'Carol', kind: 'text', text: 'reboot' });
      assert.equal(late?.first, false);
      assert.equal(late?.escalation.answer?.by, 'Bob');
      const learned = store.feedback().filter((e) => e.learnedAt);
      assert.deepEqual(
        learned.map((e) => [e.queryText, e.articleId, e.learnedAt]),
        [[r.queryText, 'KB-G2', NOW.toISOString()]],
      );
      assert.equal(store.feedback(), store.feedback(), 'the same array until something changes');
      assert.deepEqual(
        store.learned().map((p) => [p.articleId, p.by, p.escalationId]),
        [['KB-G2', 'Bob', r.id]],
      );
      // A free-text answer teaches nothing.
      const t = escalation();
      store.escalate(t);
      await store.answerEscalation(t.id, { at: NOW, by: 'Dan', kind: 'text', text: 'Call the vendor' });
      assert.equal(store.learned().length, 1);
      await store.close();
      const again = await reopen();
      assert.deepEqual(
        again.learned().map((p) => p.articleId),
        ['KB-G2'],
        'learned pairings survive a restart',
      );
      assert.equal((await again.escalation(t.id))?.answer?.text, 'Call the vendor');
      assert.deepEqual((await again.escalations({ status: 'open' })).length, 0);
      assert.deepEqual(
        (await again.escalations({ status: 'answered' })).map((e) => e.id).sort(),
        [r.id, t.id].sort(),
      );
      const gaps = await again.contentGaps();
      assert.equal(gaps.escalations?.answered, 2);
      assert.equal(gaps.escalations?.open, 0);
      assert.ok(gaps.escalations?.medianAnswerMs !== undefined);
    });

    test('the gap report counts open escalations and shows the newest', async () => {
      const { store } = await fresh();
      const older = escalation({ at: new Date(NOW.getTime() - 60_000), queryText: 'older paste' });
      const newer = escalation({ queryText: 'newer paste' });
      store.escalate(older);
      store.escalate(newer);
      const gaps = await store.contentGaps();
      assert.equal(gaps.escalations?.open, 2);
      assert.deepEqual(
        gaps.escalations?.recent.map((e) => e.queryText),
        ['newer paste', 'older paste'],
      );
    });

    test('a learned pairing can be forgotten, by its id or by article', async () => {
      const { store, reopen } = await fresh();
      for (const [text, art] of [
        ['paste one', 'KB-1'],
        ['paste two', 'KB-1'],
        ['paste three', 'KB-3'],
      ]) {
        const r = escalation({ queryText: text });
        store.escalate(r);
        await store.answerEscalation(r.id, { at: NOW, by: 'Bob', kind: 'article', articleId: art });
      }
      await store.flush();
      const three = store.learned().find((p) => p.articleId === 'KB-3')!;
      assert.equal(await store.forgetLearned({ id: three.id }), 1);
      assert.equal(await store.forgetLearned({ articleId: 'KB-1' }), 2);
      assert.deepEqual(store.learned(), []);
      assert.deepEqual(store.feedback(), []);
      await store.close();
      assert.deepEqual((await reopen()).learned(), [], 'forgotten for good');
    });

    test("forget deletes a person's escalations and what was learned from them", async () => {
      const { store } = await fresh();
      const mine = escalation({ userId: 'UFORGET' });
      const theirs = escalation({ userId: 'UKEEP', queryText: 'another paste' });
      store.escalate(mine);
      store.escalate(theirs);
      await store.answerEscalation(mine.id, { at: NOW, by: 'Bob', kind: 'article', articleId: 'KB-9' });
      await store.answerEscalation(theirs.id, { at: NOW, by: 'Bob', kind: 'article', articleId: 'KB-8' });
      await store.flush();
      assert.equal(await store.forgetUser('slack', 'UFORGET'), 2);
      assert.equal(await store.escalation(mine.id), undefined);
      assert.ok(await store.escalation(theirs.id));
      assert.deepEqual(
        store.learned().map((p) => p.articleId),
        ['KB-8'],
      );
    });

    test('retention deletes old escalations and keeps what was learned', async () => {
      const { store } = await fresh({ retentionDays: 30, clock: () => NOW });
      const old = escalation({ at: new Date(NOW.getTime() - 31 * DAY) });
      store.escalate(old);
      await store.answerEscalation(old.id, {
        at: new Date(NOW.getTime() - 31 * DAY),
        by: 'Bob',
        kind: 'article',
        articleId: 'KB-7',
      });
      store.escalate(escalation());
      await store.flush();
      assert.equal(await store.applyRetention(NOW), 1);
      assert.equal(await store.escalation(old.id), undefined);
      assert.equal((await store.escalations()).length, 1);
      assert.deepEqual(
        store.learned().map((p) => p.articleId),
        ['KB-7'],
      );
    });

    test('recording never throws, even on nonsense input', async () => {
      const { store } = await fresh();
      assert.doesNotThrow(() => store.recordQuery(query({ at: new Date('nope'), confidence: Number.NaN })));
      assert.doesNotThrow(() => store.recordQuery(null as unknown as QueryRecord));
      assert.doesNotThrow(() => store.recordFeedback(undefined as unknown as FeedbackRecord));
      await store.flush();
      assert.equal((await backend.rows(store, 'kbbot_query')).length, 1);
    });
  });
}
