import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVENT_4283,
  getJson,
  postJson,
  send,
  startAppWith,
  type TestServer,
  useTestServer,
} from '../helpers/http.js';
import type { KbService } from '../../src/conversation/types.js';

let server: TestServer;
useTestServer((s) => (server = s));

describe('GET /api/gaps', () => {
  test('lists unanswered pastes (alike ones grouped) and the articles marked not helpful, with their titles', async () => {
    const paste = 'the badge printer on floor 3 says ribbon fault 77';
    await postJson(`${server.url}/api/ask`, { text: paste });
    await postJson(`${server.url}/api/ask`, { text: `  ${paste.toUpperCase()} ` });
    await postJson(`${server.url}/api/ask`, { text: 'not helpful Q214864', lastQuery: 'error 0x2741' });
    const r = await getJson(`${server.url}/api/gaps`);
    assert.equal(r.status, 200);
    assert.equal(r.body.kept, true);
    const row = r.body.unanswered.find((u: { example: string }) => /ribbon fault 77/i.test(u.example));
    assert.equal(row?.count, 2, JSON.stringify(r.body.unanswered));
    assert.deepEqual(r.body.notHelpful[0], {
      articleId: 'Q214864',
      count: 1,
      title: 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4',
    });
  });
});

describe('POST /api/ask', () => {
  test('answers the Event Viewer entry for event 4283 with KB811406, as both cards and text', async () => {
    const r = await postJson(`${server.url}/api/ask`, { text: EVENT_4283 });
    assert.equal(r.status, 200);
    assert.equal(r.body.intent, 'search');
    assert.equal(r.body.reply.kind, 'answer');
    assert.equal(r.body.reply.answer.article.id, 'Q811406');
    assert.equal(r.body.cards.adaptiveCard.type, 'AdaptiveCard');
    assert.equal(r.body.cards.blockKit.blocks[0].type, 'header');
    assert.match(r.body.text, /Event ID 4283, MTA May Stop Accepting Incoming Connections/);
    assert.equal(server.store.queries.size >= 1, true, 'the query is recorded');
  });

  test('takes a paste as text/plain too', async () => {
    const r = await send(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'error 0x2741',
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.reply.answer.article.id, 'Q214864');
  });

  test('follows up on the last paste: "more" with lastQuery', async () => {
    const r = await postJson(`${server.url}/api/ask`, { text: 'more', lastQuery: EVENT_4283 });
    assert.equal(r.body.reply.kind, 'more');
    assert.ok(r.body.reply.alternatives.length > 0);
  });
});

describe('bad input through the API gets a clear 4xx or a clear answer, never a crash', () => {
  test('an empty paste is answered with a note saying it was empty', async () => {
    const r = await postJson(`${server.url}/api/ask`, { text: '' });
    assert.equal(r.status, 200);
    assert.match(r.body.reply.answer.notice, /empty/);
  });

  test('a 200 KB paste is answered, with a note that only its start was read', async () => {
    const big = `${EVENT_4283}\n${'filler line of a long log file\n'.repeat(34_000)}`.slice(0, 200_000);
    const r = await postJson(`${server.url}/api/ask`, { text: big });
    assert.equal(r.status, 200);
    assert.match(r.body.reply.answer.notice, /only its first/);
    assert.equal(r.body.reply.answer.article.id, 'Q811406');
    assert.ok(JSON.stringify(r.body).length < 200_000, 'the paste is not echoed back whole');
  });

  test('binary data is answered with a note that it is not text', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256));
    const r = await postJson(`${server.url}/api/ask`, { text: bytes.toString('latin1') });
    assert.equal(r.status, 200);
    assert.match(r.body.reply.answer.notice, /binary/);
    const raw = await send(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    assert.equal(raw.status, 415);
    assert.match(raw.body.message, /Send JSON/);
  });

  test('a body that is not JSON is a 400 that says what to send', async () => {
    const r = await send(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text": "unterminated',
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      error: 'bad-json',
      message: 'The body is not valid JSON. Send {"text": "the error"}.',
    });
  });

  test('JSON of the wrong shape is a 400 naming the field', async () => {
    for (const body of [[1, 2], 'just a string', { text: 42 }, { question: 'x' }, null]) {
      const r = await postJson(`${server.url}/api/ask`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error, 'bad-request');
    }
    const r = await postJson(`${server.url}/api/ask`, { text: 'more', lastQuery: 7 });
    assert.match(r.body.message, /lastQuery/);
  });

  test('a body over 2 MB is a 413', async () => {
    const r = await postJson(`${server.url}/api/ask`, { text: 'x'.repeat(2_200_000) });
    assert.equal(r.status, 413);
    assert.equal(r.body.error, 'too-large');
  });

  test('an unknown API path is a JSON 404, and the server still answers afterwards', async () => {
    const r = await getJson(`${server.url}/api/nope`);
    assert.equal(r.status, 404);
    assert.equal(r.body.error, 'not-found');
    assert.equal((await getJson(`${server.url}/healthz`)).status, 200);
  });
});

describe('GET /healthz', () => {
  test('is 200 with the corpus loaded, its article count and index age', async () => {
    const r = await getJson(`${server.url}/healthz`);
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'ok');
    assert.equal(r.body.corpus.loaded, true);
    assert.equal(r.body.corpus.articles, 3);
    assert.equal(typeof r.body.corpus.indexAgeSeconds, 'number');
    assert.equal(r.body.store.backend, 'memory');
  });

  test('is 503 with the load progress while the corpus loads, and says why when loading failed', async () => {
    let state: ReturnType<KbService['status']> = {
      state: 'loading',
      progress: { phase: 'parsing', done: 120, total: 480 },
    };
    const kb: KbService = {
      status: () => state,
      answer: () => Promise.reject(new Error('loading')),
      article: async () => undefined,
    };
    const app = await startAppWith(kb);
    try {
      const r = await getJson(`${app.url}/healthz`);
      assert.equal(r.status, 503);
      assert.deepEqual(r.body.corpus, {
        loaded: false,
        progress: { phase: 'parsing', done: 120, total: 480, percent: 25 },
      });
      assert.equal(r.headers.get('retry-after'), '2');
      const ask = await postJson(`${app.url}/api/ask`, { text: 'error 0x2741' });
      assert.equal(ask.status, 200);
      assert.match(ask.body.reply.text, /still loading/);
      state = { state: 'failed', error: 'cannot read /srv/kb' };
      const failed = await getJson(`${app.url}/healthz`);
      assert.equal(failed.status, 503);
      assert.equal(failed.body.corpus.error, 'cannot read /srv/kb');
    } finally {
      await app.close();
    }
  });
});

describe('GET /readyz and /livez', () => {
  test('ready only once the corpus and every starting part serve; not ready while shutting down; always live', async () => {
    let starting = ['store'];
    let shuttingDown = false;
    const stats = {
      articles: 3,
      byFormat: {},
      problems: [],
      problemCount: 0,
      loadedAt: new Date().toISOString(),
      contentDir: 'kb',
      fromSnapshot: false,
    };
    const kb: KbService = {
      status: () => ({ state: 'ready', reloading: false, stats }),
      answer: () => Promise.reject(new Error('unused')),
      article: async () => undefined,
    };
    const app = await startAppWith(kb, { starting: () => starting, isShuttingDown: () => shuttingDown });
    try {
      const health = await getJson(`${app.url}/healthz`);
      assert.equal(health.status, 503);
      assert.equal(health.body.status, 'starting');
      assert.deepEqual(health.body.waitingFor, ['store']);
      const notReady = await fetch(`${app.url}/readyz`);
      assert.equal(notReady.status, 503);
      assert.equal(await notReady.text(), 'not ready: store\n');
      assert.equal((await fetch(`${app.url}/livez`)).status, 200);

      starting = [];
      assert.equal((await getJson(`${app.url}/healthz`)).status, 200);
      const ready = await fetch(`${app.url}/readyz`);
      assert.equal(ready.status, 200);
      assert.equal(await ready.text(), 'ok\n');

      shuttingDown = true;
      assert.equal((await fetch(`${app.url}/readyz`)).status, 503);
      assert.equal((await fetch(`${app.url}/livez`)).status, 200);
    } finally {
      await app.close();
    }
  });
});

describe('the playground and its content panel', () => {
  test('the page, its script and style and the adaptivecards bundle are all served by kbbot', async () => {
    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(assets.sort(), [
      '/playground/app.js',
      '/playground/style.css',
      '/vendor/adaptivecards.min.js',
    ]);
    for (const a of assets) {
      const r = await fetch(`${server.url}${a}`);
      assert.equal(r.status, 200, a);
      assert.ok((await r.arrayBuffer()).byteLength > 1000, a);
    }
  });

  test('GET /api/content gives the article count, the formats and the load problems', async () => {
    const r = await getJson(`${server.url}/api/content`);
    assert.equal(r.status, 200);
    assert.equal(r.body.articles, 3);
    assert.deepEqual(r.body.byFormat, { 'web-kb': 2, markdown: 1 });
    assert.equal(r.body.formats, '2 web KB text, 1 Markdown');
    assert.deepEqual(r.body.problems, []);
    assert.equal(r.body.intents.problems.length, 0);
  });
});
