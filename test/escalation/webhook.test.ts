/**
 * The help-desk webhook over real HTTP, with a fake receiver on 127.0.0.1: a handover arrives
 * signed (HMAC-SHA256 of the body), after a 503 it is retried, and the answer follows.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { webhookTarget } from '../../src/escalation/webhook.js';
import {
  eventually,
  getJson,
  postJson,
  startTestServer,
  tempContent,
  type TestServer,
} from '../helpers/http.js';
import { startFakeReceiver, type FakeReceiver, type Received } from './fake-receiver.js';
import { UNANSWERABLE } from './fixtures.js';

const SECRET = 'webhook-secret-0123456789abcdef';

let receiver: FakeReceiver;

let server: TestServer;
let content: Awaited<ReturnType<typeof tempContent>>;

before(async () => {
  receiver = await startFakeReceiver();
  content = await tempContent();
  server = await startTestServer({
    contentDir: content.dir,
    mounts: [
      (_app, ctx) =>
        ctx.helpDesk!.addTarget(
          webhookTarget({ url: receiver.url, secret: SECRET, minTimeoutMs: 20, retries: 3 }),
        ),
    ],
  });
});
after(async () => {
  await server.close();
  await content.remove();
  await receiver.close();
});

const verified = (r: Received) =>
  r.headers['x-kbbot-signature'] === `sha256=${createHmac('sha256', SECRET).update(r.raw).digest('hex')}`;

test('a handover is posted signed, retried after a 503, and its answer follows', async () => {
  receiver.plan.push(503);
  const started = Date.now();
  const sent = await postJson(`${server.url}/api/ask`, {
    text: 'ask the help desk',
    lastQuery: UNANSWERABLE,
    userId: 'alice',
  });
  assert.equal(sent.body.reply.kind, 'escalated');
  assert.match(sent.body.reply.text, /help-desk webhook \(127\.0\.0\.1:\d+\)/);
  const ok = await eventually(async () => receiver.received.find((r) => r.status === 200));
  assert.ok(Date.now() - started < 3000, 'delivered within 3 s');
  assert.equal(receiver.received[0]!.status, 503);
  assert.equal(
    receiver.received[0]!.headers['x-kbbot-delivery'],
    ok.headers['x-kbbot-delivery'],
    'a retry is the same delivery',
  );
  assert.equal(ok.raw, receiver.received[0]!.raw);
  assert.ok(verified(ok), 'the signature is the HMAC-SHA256 of the body');
  assert.equal(ok.headers['x-kbbot-event'], 'escalation.created');
  const payload = JSON.parse(ok.raw);
  assert.equal(payload.event, 'escalation.created');
  assert.equal(payload.paste, UNANSWERABLE);
  assert.equal(payload.platform, 'playground');
  assert.equal(payload.asker.id, 'alice');
  assert.ok(payload.guesses.length > 0 && typeof payload.guesses[0].id === 'string');

  const answered = await postJson(`${server.url}/api/escalations/${payload.id}/answer`, {
    articleId: 'KB214864',
    by: 'Dana',
  });
  assert.equal(answered.status, 200);
  const done = await eventually(async () =>
    receiver.received.find((r) => r.headers['x-kbbot-event'] === 'escalation.answered'),
  );
  assert.ok(verified(done));
  const a = JSON.parse(done.raw);
  assert.deepEqual(
    [a.id, a.answer.by, a.answer.kind, a.answer.articleId],
    [payload.id, 'Dana', 'article', 'Q214864'],
  );
  assert.equal(typeof a.answerMs, 'number');
  const listed = (await getJson(`${server.url}/api/escalations`)).body.escalations.find(
    (e: any) => e.id === payload.id,
  );
  assert.deepEqual(listed.posted, ['webhook']);
});

test('a 4xx is not retried (the failure is logged once)', async () => {
  const before = receiver.received.length;
  receiver.plan.push(400);
  await postJson(`${server.url}/api/ask`, {
    text: 'ask the help desk',
    lastQuery: 'Spooler crashed on PRN07 with 0x000006ba',
    userId: 'bob',
  });
  await eventually(async () => server.logs.find((l) => /could not post to webhook/.test(l.msg)) ?? undefined);
  assert.equal(receiver.received.length - before, 1);
});
