import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mountTeams } from '../../src/teams/mount.js';
import { EVENT_4283, eventually, postJson, startTestServer, tempContent, type TestServer } from '../helpers/http.js';
import { actionPayload } from '../../src/conversation/actions.js';

/** A fake Bot Framework connector: keeps the activities the bot sends to the conversation. */
interface Sent {
  path: string;
  activity: { type: string; attachments?: Array<{ contentType: string; content: { type: string; body: Array<{ text?: string }> } }>; replyToId?: string };
}

let connector: Server;
let connectorUrl: string;
const sent: Sent[] = [];
let server: TestServer;
let content: Awaited<ReturnType<typeof tempContent>>;

before(async () => {
  connector = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      sent.push({ path: req.url ?? '', activity: JSON.parse(body || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `reply-${sent.length}` }));
    });
  });
  await new Promise<void>((r) => connector.listen(0, '127.0.0.1', () => r()));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}`;
  content = await tempContent();
  server = await startTestServer({
    contentDir: content.dir,
    mounts: [(app, ctx) => void mountTeams(app, { deps: ctx.deps, logger: ctx.logger, settings: {} })],
  });
});

after(async () => {
  await server.close();
  await new Promise<void>((r) => connector.close(() => r()));
  await content.remove();
});

function activity(n: number, fields: Record<string, unknown>) {
  return {
    type: 'message',
    id: `activity-${n}`,
    channelId: 'emulator',
    serviceUrl: connectorUrl,
    from: { id: 'user-1', name: 'Ops Engineer' },
    recipient: { id: 'kbbot', name: 'kbbot' },
    conversation: { id: `conv-${n}`, conversationType: 'personal' },
    timestamp: new Date().toISOString(),
    ...fields,
  };
}

describe('POST /api/messages (Bot Framework, no credentials: open for the Emulator)', () => {
  test('accepts a message activity and replies to its serviceUrl with the Adaptive Card', async () => {
    const r = await postJson(`${server.url}/api/messages`, activity(1, { text: EVENT_4283 }));
    assert.equal(r.status, 200);
    const reply = await eventually(async () => sent.find((s) => s.path.includes('/v3/conversations/conv-1/activities')), 5000, 'the reply');
    const card = reply.activity.attachments?.[0];
    assert.equal(card?.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(card?.content.type, 'AdaptiveCard');
    assert.equal(card?.content.body[0].text, 'Event ID 4283, MTA May Stop Accepting Incoming Connections');
    assert.equal(reply.activity.replyToId, 'activity-1');
  });

  test('a card button (Action.Submit value) is answered as the words it stands for', async () => {
    const r = await postJson(`${server.url}/api/messages`, activity(2, { value: actionPayload('open Q214864', 'error 0x2741') }));
    assert.equal(r.status, 200);
    const reply = await eventually(async () => sent.find((s) => s.path.includes('/v3/conversations/conv-2/')), 5000, 'the reply');
    assert.equal(reply.activity.attachments?.[0].content.body[0].text, 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4');
  });

  test('a request that is not an activity is refused with a 400', async () => {
    const r = await postJson(`${server.url}/api/messages`, { hello: 'world' });
    assert.equal(r.status, 400);
  });
});
