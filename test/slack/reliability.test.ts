import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../src/server/app.js';
import { mountSlack } from '../../src/slack/mount.js';
import { CORE_ERROR_TEXT } from '../../src/slack/turn-reply.js';
import type { KbService } from '../../src/conversation/types.js';
import { captureLogger, EVENT_4283, eventually } from '../helpers/http.js';
import { BOT_USER_ID, startFakeSlack, type FakeSlack } from './helpers/fake-slack.js';
import { commandBody, eventBody, FORM, JSON_TYPE, postSigned, SIGNING_SECRET } from './helpers/signed.js';
import { FAST_RETRIES, startSlackTestServer, type SlackTestServer } from './helpers/slack-server.js';

describe("Slack's Web API answering 429 or 5xx", () => {
  let t: SlackTestServer;
  before(async () => {
    t = await startSlackTestServer();
  });
  after(() => t.close());

  test('a 429 with Retry-After is waited out and the reply is posted once', async () => {
    t.slack.failNext('chat.postMessage', 429, { retryAfterSeconds: 1 });
    await postSigned(
      t.eventsUrl,
      eventBody({
        type: 'app_mention',
        user: 'U0ALICE',
        channel: 'C0RATE',
        ts: '11.1',
        text: `<@${BOT_USER_ID}> ${EVENT_4283}`,
      }),
      JSON_TYPE,
    );
    const [posted] = await t.slack.waitFor('chat.postMessage', 1, 10_000);
    const attempts = t.slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.body.channel === 'C0RATE',
    );
    assert.deepEqual(
      attempts.map((a) => a.status),
      [429, 200],
    );
    assert.ok(
      attempts[1].at - attempts[0].at >= 950,
      `waited ${attempts[1].at - attempts[0].at} ms for Retry-After: 1`,
    );
    assert.equal(posted.body.channel, 'C0RATE');
  });

  test('a 500 is retried and nothing is lost', async () => {
    t.slack.failNext('chat.postMessage', 500, { times: 2 });
    await postSigned(
      t.eventsUrl,
      eventBody({
        type: 'message',
        channel_type: 'im',
        user: 'U0ALICE',
        channel: 'D0FLAKY',
        ts: '11.2',
        text: 'error 0x2741',
      }),
      JSON_TYPE,
    );
    await t.slack.waitForPost((b) => b.channel === 'D0FLAKY');
    assert.deepEqual(
      t.slack.calls
        .filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0FLAKY')
        .map((c) => c.status),
      [500, 500, 200],
    );
  });

  test('a response_url answering 429 then 503 is retried until the answer is delivered', async () => {
    t.slack.failNext('response_url', 429, { retryAfterSeconds: 1 });
    t.slack.failNext('response_url', 503);
    await postSigned(
      t.eventsUrl,
      commandBody({ text: EVENT_4283, response_url: t.slack.responseUrl('flaky-1') }),
      FORM,
    );
    const [reply] = await t.slack.waitForResponse('flaky-1', 1, 10_000);
    assert.equal(
      reply.body.blocks[0].text.text,
      'Event ID 4283, MTA May Stop Accepting Incoming Connections',
    );
    assert.deepEqual(
      t.slack.calls.filter((c) => c.responseId === 'flaky-1').map((c) => c.status),
      [429, 503, 200],
    );
  });

  test('a reply Slack refuses for good is one log line, not a crash', async () => {
    t.slack.platformError('chat.postEphemeral', 'not_in_channel');
    t.slack.failNext('chat.postMessage', 500, { times: 10 });
    await postSigned(
      t.eventsUrl,
      eventBody({
        type: 'message',
        channel_type: 'im',
        user: 'U0ALICE',
        channel: 'D0GONE',
        ts: '11.3',
        text: 'error 0x2741',
      }),
      JSON_TYPE,
    );
    await eventually(
      async () => t.server.logs.find((l) => l.msg === 'reply could not be delivered' && l.surface === 'dm'),
      10_000,
      'the failure line',
    );
    await t.adapter.settled();
    assert.equal(t.server.logs.filter((l) => l.msg === 'reply could not be delivered').length, 1);
    const health = await fetch(`${t.server.url}/healthz`);
    assert.equal(health.status, 200, 'the server still answers');
  });
});

describe('an error inside the core', () => {
  let slack: FakeSlack;
  let server: Server;
  let url: string;
  const { logger, lines } = captureLogger();
  const broken: KbService = {
    status: () => ({
      state: 'ready',
      reloading: false,
      stats: {
        articles: 1,
        byFormat: {},
        problems: [],
        problemCount: 0,
        loadedAt: new Date().toISOString(),
        contentDir: '/x',
        fromSnapshot: false,
      },
    }),
    answer: async () => {
      throw new Error('match worker exited');
    },
    article: async () => undefined,
  };
  before(async () => {
    slack = await startFakeSlack();
    const settings = {
      botToken: 'xoxb-t',
      signingSecret: SIGNING_SECRET,
      apiUrl: slack.apiUrl,
      command: '/kb',
      passiveChannels: [],
    };
    const app = createApp({
      kb: broken,
      logger,
      version: 'test',
      mounts: [(a, ctx) => void mountSlack(a, ctx, settings, { retryConfig: FAST_RETRIES })],
    });
    server = await new Promise<Server>((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  after(async () => {
    await new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
    await slack.close();
  });

  test('becomes a friendly message and exactly one log line', async () => {
    const r = await postSigned(
      url,
      commandBody({ text: 'error 0x2741', response_url: slack.responseUrl('broken-1') }),
      FORM,
    );
    assert.equal(r.status, 200);
    const [reply] = await slack.waitForResponse('broken-1');
    assert.equal(reply.body.text, CORE_ERROR_TEXT);
    const errors = lines.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].msg, 'answer failed');
    assert.equal(errors[0].err, 'match worker exited');
  });
});
