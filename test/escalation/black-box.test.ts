/**
 * Black-box: `npm start` with SLACK_ESCALATION_CHANNEL and KB_ESCALATION_WEBHOOK_URL set; pressing
 * "Ask the help desk" on an unconfident /kb answer posts to that channel and to the webhook
 * within 3 s.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventually, tempContent } from '../helpers/http.js';
import { healthy, startMain, stop } from '../helpers/main-process.js';
import { startFakeSlack, type FakeSlack } from '../slack/helpers/fake-slack.js';
import {
  commandBody,
  FORM,
  interactionBody,
  interactionFrom,
  postSigned,
  SIGNING_SECRET,
} from '../slack/helpers/signed.js';
import { startFakeReceiver, type FakeReceiver } from './fake-receiver.js';
import { UNANSWERABLE } from './fixtures.js';

let slack: FakeSlack;
let receiver: FakeReceiver;
let work: string;
let content: Awaited<ReturnType<typeof tempContent>>;

before(async () => {
  [slack, receiver, work, content] = await Promise.all([
    startFakeSlack(),
    startFakeReceiver(),
    mkdtemp(path.join(os.tmpdir(), 'kbbot-hd-main-')),
    tempContent(),
  ]);
});
after(async () => {
  await slack.close();
  await receiver.close();
  await rm(work, { recursive: true, force: true });
  await content.remove();
});

test('npm start: "Ask the help desk" on an unconfident /kb answer reaches the Slack channel and the webhook within 3 s', async () => {
  const app = await startMain(
    {
      KB_CONTENT_DIR: content.dir,
      SLACK_BOT_TOKEN: 'xoxb-main',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_ESCALATION_CHANNEL: 'CHELPDESK',
      KB_ESCALATION_WEBHOOK_URL: receiver.url,
      KB_ESCALATION_WEBHOOK_SECRET: 'black-box-secret-0123456789',
    },
    work,
  );
  try {
    await healthy(app.url);
    await postSigned(
      `${app.url}/slack/events`,
      commandBody({ text: UNANSWERABLE, response_url: slack.responseUrl('bb-card') }),
      FORM,
    );
    const [card] = await slack.waitForResponse('bb-card');
    const ask = card.body.blocks
      .flatMap((b: any) => (b.type === 'actions' ? b.elements : []))
      .find((e: any) => e.text.text === 'Ask the help desk');
    assert.ok(ask, 'the unconfident card offers the help desk');
    const payload = {
      type: 'block_actions',
      ...interactionFrom({ id: 'U0ALICE', name: 'alice' }),
      container: { type: 'message', message_ts: '1.2', channel_id: 'C0OPS', is_ephemeral: true },
      channel: { id: 'C0OPS', name: 'ops' },
      response_url: slack.responseUrl('bb-press'),
      actions: [
        {
          type: 'button',
          action_id: ask.action_id,
          block_id: 'b1',
          text: ask.text,
          value: ask.value,
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    };
    const pressed = Date.now();
    const r = await postSigned(`${app.url}/slack/events`, interactionBody(payload), FORM);
    assert.equal(r.status, 200);
    const [post] = await slack.waitFor('chat.postMessage', 1, 3000);
    assert.equal(post.body.channel, 'CHELPDESK');
    const hook = await eventually(
      async () => receiver.received.find((x) => x.status === 200),
      3000,
      'the webhook',
    );
    assert.equal(JSON.parse(hook.raw).paste, UNANSWERABLE);
    assert.ok(Date.now() - pressed < 3000, `took ${Date.now() - pressed} ms`);
  } finally {
    await stop(app.child);
  }
});
