/**
 * Private by default: the playground and /api/* answer freely on this machine; a request that
 * arrives under another name (a tunnel, a DNS-rebinding page, a proxy) needs KB_API_TOKEN, and
 * another site's page can change nothing. Pastes are stored with their secrets masked, and the
 * gap report shows the masked text. Every page path carries CSP and frame protection.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../src/server/app.js';
import { openMemoryStore } from '../../src/store/index.js';
import { captureLogger, EVENT_4283, startTestServer, tempContent, type TestServer } from '../helpers/http.js';

const TOKEN = 'a-test-token-of-32-characters-xx';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request to 127.0.0.1 with any Host and headers (fetch cannot set Host). */
function raw(
  url: string,
  method: string,
  p: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Raw> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: u.port, method, path: p, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

let open: TestServer;
let guarded: { url: string; server: Server; store: ReturnType<typeof openMemoryStore> };
let content: Awaited<ReturnType<typeof tempContent>>;

before(async () => {
  content = await tempContent();
  open = await startTestServer({ contentDir: content.dir });
  // The same app with a token, over the first one's knowledge base.
  const store = openMemoryStore();
  const app = createApp({
    kb: open.content,
    store,
    logger: captureLogger().logger,
    version: 'test',
    apiToken: TOKEN,
  });
  const server = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  guarded = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, store };
});

after(async () => {
  await new Promise<void>((r) => {
    guarded.server.close(() => r());
    guarded.server.closeAllConnections();
  });
  await open.close();
  await content.remove();
});

const PRIVATE_PATHS: Array<[string, string]> = [
  ['GET', '/'],
  ['GET', '/playground/app.js'],
  ['GET', '/api/gaps'],
  ['GET', '/api/content'],
  ['GET', '/api/escalations'],
  ['POST', '/api/ask'],
];

describe('the playground and /api/* are private by default', () => {
  for (const [method, p] of PRIVATE_PATHS) {
    test(`${method} ${p} answers on this machine, and is refused under another Host without a token`, async () => {
      const body = method === 'POST' ? JSON.stringify({ text: 'about' }) : undefined;
      const json = { 'content-type': 'application/json' };
      const local = await raw(
        open.url,
        method,
        p,
        { ...json, host: `127.0.0.1:${new URL(open.url).port}` },
        body,
      );
      assert.equal(local.status, 200, local.body);
      const elsewhere: Array<Record<string, string>> = [
        { host: 'kbbot.example.com' },
        { host: 'localhost', 'x-forwarded-for': '203.0.113.9' },
      ];
      for (const headers of elsewhere) {
        const away = await raw(open.url, method, p, { ...json, ...headers }, body);
        assert.equal(away.status, 403, `${JSON.stringify(headers)}: ${away.body}`);
        assert.match(away.body, /KB_API_TOKEN/);
      }
    });
  }

  test('with KB_API_TOKEN another address gets in with the token, and only with it', async () => {
    const host = { host: 'kbbot.example.com' };
    assert.equal((await raw(guarded.url, 'GET', '/api/gaps', host)).status, 401);
    assert.equal(
      (
        await raw(guarded.url, 'GET', '/api/gaps', {
          ...host,
          authorization: 'Bearer wrong-token-wrong-token',
        })
      ).status,
      401,
    );
    assert.equal(
      (await raw(guarded.url, 'GET', '/api/gaps', { ...host, authorization: `Bearer ${TOKEN}` })).status,
      200,
    );
    // The browser: a link with the token once, then a cookie.
    const link = await raw(guarded.url, 'GET', `/?token=${TOKEN}`, host);
    assert.equal(link.status, 303);
    const cookie = String(link.headers['set-cookie']).split(';')[0];
    assert.match(String(link.headers['set-cookie']), /HttpOnly/i);
    assert.equal((await raw(guarded.url, 'GET', '/', { ...host, cookie })).status, 200);
  });

  test('the health probes and /api/messages are not behind the token', async () => {
    const away = { host: 'kbbot.example.com' };
    assert.equal((await raw(open.url, 'GET', '/healthz', away)).status, 200);
    assert.equal((await raw(open.url, 'GET', '/livez', away)).status, 200);
  });

  test("another site cannot make a visitor's browser ask or vote", async () => {
    const port = new URL(open.url).port;
    const fromElsewhere = {
      host: `localhost:${port}`,
      origin: 'https://evil.example',
      'content-type': 'text/plain',
    };
    const r = await raw(open.url, 'POST', '/api/ask', fromElsewhere, 'not helpful Q811406');
    assert.equal(r.status, 403);
    const fetchMeta = await raw(
      open.url,
      'POST',
      '/api/ask',
      { host: `localhost:${port}`, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      '{"text":"x"}',
    );
    assert.equal(fetchMeta.status, 403);
    const same = await raw(
      open.url,
      'POST',
      '/api/ask',
      { host: `localhost:${port}`, origin: `http://localhost:${port}`, 'content-type': 'application/json' },
      '{"text":"about"}',
    );
    assert.equal(same.status, 200);
  });

  test('a vote as text/plain is refused: votes are JSON', async () => {
    const r = await raw(
      open.url,
      'POST',
      '/api/ask',
      { 'content-type': 'text/plain' },
      'not helpful Q811406',
    );
    assert.equal(r.status, 415);
  });

  test('every path, page or API, says it may not be framed', async () => {
    for (const p of [
      '/',
      '/playground/app.js',
      '/api/content',
      '/healthz',
      '/no-such-page',
      '/api/nothing',
    ]) {
      const r = await raw(open.url, 'GET', p, { host: '127.0.0.1' });
      assert.match(String(r.headers['content-security-policy']), /frame-ancestors 'none'/, p);
      assert.equal(r.headers['x-frame-options'], 'DENY', p);
    }
  });
});

describe('bad query parameters and content links', () => {
  test('since=Infinity, since=-1, limit=abc give 400, not 503', async () => {
    for (const q of ['since=Infinity', 'since=-1', 'since=1e9', 'limit=abc', 'limit=0']) {
      const r = await raw(open.url, 'GET', `/api/gaps?${q}`);
      assert.equal(r.status, 400, q);
    }
    assert.equal((await raw(open.url, 'GET', '/api/gaps?since=7&limit=5')).status, 200);
    assert.equal((await raw(open.url, 'GET', '/api/escalations?limit=Infinity')).status, 400);
  });

  test('a runbook whose url is not http(s) is reported, not served', async () => {
    const { parseArticle } = await import('../../src/corpus/parse-article.js');
    const md = (url: string) => Buffer.from(`---\nid: RB-1\ntitle: T\nurl: "${url}"\n---\n## Symptoms\nx\n`);
    assert.throws(() => parseArticle(md('javascript:alert(1)'), 'x.md'), /url.*http/);
    assert.throws(() => parseArticle(md('data:text/html,x'), 'x.md'), /url.*http/);
    assert.equal(parseArticle(md('https://wiki.example/x'), 'x.md').url, 'https://wiki.example/x');
  });
});

describe('forgetting a person while the server runs', () => {
  test('DELETE /api/users/:platform/:id deletes their records on this machine, and is private', async () => {
    await raw(
      open.url,
      'POST',
      '/api/ask',
      { 'content-type': 'application/json' },
      JSON.stringify({ text: 'zzqy nothing matches this', userId: 'bob' }),
    );
    await open.store.flush();
    assert.equal(
      (await raw(open.url, 'DELETE', '/api/users/playground/bob', { host: 'kbbot.example.com' })).status,
      403,
    );
    const r = await raw(open.url, 'DELETE', '/api/users/playground/bob');
    assert.equal(r.status, 200);
    assert.ok(JSON.parse(r.body).deleted >= 1, r.body);
    assert.equal((await raw(open.url, 'DELETE', '/api/users/irc/bob')).status, 400);
  });
});

describe('secrets are masked before a paste is stored', () => {
  test('the gap report shows the paste with its password, token and e-mail masked', async () => {
    const paste =
      'zzqx login failed for alice@contoso.com with Server=db1;User ID=sa;Password=Hunter2!; token xoxb-1234567890-abcdefghij';
    const r = await raw(
      open.url,
      'POST',
      '/api/ask',
      { 'content-type': 'application/json' },
      JSON.stringify({ text: paste }),
    );
    assert.equal(r.status, 200);
    await open.store.flush();
    const gaps = JSON.parse((await raw(open.url, 'GET', '/api/gaps')).body) as {
      unanswered: Array<{ example: string }>;
    };
    const shown = gaps.unanswered.map((u) => u.example).find((e) => e.startsWith('zzqx'));
    assert.ok(shown, JSON.stringify(gaps));
    assert.doesNotMatch(shown, /Hunter2|alice@|xoxb-/);
    assert.match(shown, /Password=\*\*\*/);
    assert.match(shown, /<email>/);
  });

  test('an ordinary error stays as it was', async () => {
    const { maskSecrets } = await import('../../src/store/mask-secrets.js');
    for (const t of [
      EVENT_4283,
      'Logon failure: unknown user name or bad password.',
      'error 0x80070005 access denied',
    ])
      assert.equal(maskSecrets(t), t);
  });
});
