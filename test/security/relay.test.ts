/**
 * No relay: without Microsoft credentials (the default) kbbot answers only a Bot Connector on
 * this machine. An activity naming any other serviceUrl is refused with 403 and nothing is
 * contacted; the local connector is called once per reply, and a redirect it answers is not
 * followed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLocalServiceUrl } from '../../src/teams/local-connector.js';
import { EVENT_4283, send, type TestServer } from '../helpers/http.js';
import { activity, guardNetwork, type FakeConnector } from '../teams/fake-connector.js';
import { startTeamsTestBed, type TeamsTestBed } from '../teams/teams-test-bed.js';

/** A connector on loopback that answers every request with `status` (and `headers`), counting them. */
async function startAnswering(
  status: number,
  headers: Record<string, string> = {},
): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits.push(`${req.method} ${req.url}`);
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let server: TestServer;
let connector: FakeConnector;
let bed: TeamsTestBed;
let network: ReturnType<typeof guardNetwork>;

before(async () => {
  network = guardNetwork();
  bed = await startTeamsTestBed();
  ({ connector, server } = bed);
});

after(async () => {
  await bed.close();
  network.restore();
});

function post(a: object) {
  return send(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(a),
  });
}

describe('Teams without credentials answers only a connector on this machine', () => {
  test('loopback service URLs are local; anything else is not', () => {
    for (const u of ['http://127.0.0.1:3978/', 'https://localhost/x', 'http://[::1]:9/', 'http://127.8.9.10'])
      assert.ok(isLocalServiceUrl(u), u);
    for (const u of [
      'http://10.0.0.1/',
      'https://smba.trafficmanager.net/emea/',
      'http://127.0.0.1.nip.io/',
      'http://u:p@127.0.0.1/',
      'file:///etc/passwd',
      'http://0.0.0.0/',
      '',
    ]) {
      assert.ok(!isLocalServiceUrl(u), u);
    }
  });

  for (const serviceUrl of [
    'https://smba.trafficmanager.net/emea/',
    'http://192.168.1.20:4902/internal/admin',
    'http://127.0.0.1.example.com/',
  ]) {
    test(`an activity with serviceUrl ${serviceUrl} is refused with 403 and nothing is contacted`, async () => {
      const r = await post(activity(serviceUrl, { text: EVENT_4283 }));
      assert.equal(r.status, 403);
      assert.match(r.body.message, /on this machine/);
      assert.deepEqual(network.attempts, []);
    });
  }

  test('an activity from another machine is refused even when it names a connector on this one', async () => {
    const { request } = await import('node:http');
    const a = activity('http://127.0.0.1:4902/internal/admin', { text: EVENT_4283 });
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(server.url);
      const req = request(
        {
          host: '127.0.0.1',
          port: u.port,
          method: 'POST',
          path: '/api/messages',
          headers: { host: 'kbbot.example.com', 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(a));
    });
    assert.equal(status, 403);
  });

  test('a local connector is answered as before', async () => {
    const a = activity(connector.url, { text: EVENT_4283 });
    assert.equal((await post(a)).status, 200);
    assert.equal(connector.to(a.conversation.id).length, 1);
  });

  test('a redirect from the connector is not followed', async () => {
    const elsewhere = await startAnswering(200);
    const redirecting = await startAnswering(307, { location: `${elsewhere.url}/internal/admin` });
    try {
      await post(activity(redirecting.url, { text: EVENT_4283 }));
      // The turn is over when the response came: its reply and the apology were each sent once.
      assert.equal(redirecting.hits.length, 2, redirecting.hits.join('\n'));
      assert.deepEqual(elsewhere.hits, []);
    } finally {
      await elsewhere.close();
      await redirecting.close();
    }
  });

  test('a connector answering 503 gets one request per reply, not retries', async () => {
    const failing = await startAnswering(503);
    try {
      await post(activity(failing.url, { text: EVENT_4283 }));
      assert.equal(
        failing.hits.length,
        2,
        `the answer and the apology, once each: ${failing.hits.join(', ')}`,
      );
    } finally {
      await failing.close();
    }
  });
});
