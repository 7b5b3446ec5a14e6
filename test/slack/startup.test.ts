import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { mountSlack } from '../../src/slack/mount.js';
import { captureLogger, EVENT_4283, tempContent } from '../helpers/http.js';
import { healthy, startMain, stop } from '../helpers/main-process.js';
import type { KbService } from '../../src/conversation/types.js';
import { startFakeSlack, type FakeSlack } from './helpers/fake-slack.js';
import { commandBody, FORM, postSigned, SIGNING_SECRET } from './helpers/signed.js';

describe('npm start with and without Slack settings', () => {
  let slack: FakeSlack;
  let work: string;
  let content: Awaited<ReturnType<typeof tempContent>>;
  before(async () => {
    [slack, work, content] = await Promise.all([
      startFakeSlack(),
      mkdtemp(path.join(os.tmpdir(), 'kbbot-slack-main-')),
      tempContent(),
    ]);
  });
  after(async () => {
    await slack.close();
    await rm(work, { recursive: true, force: true });
    await content.remove();
  });

  test('with a bot token and a signing secret, /slack/events answers a signed /kb through the response_url', async () => {
    const app = await startMain(
      {
        KB_CONTENT_DIR: content.dir,
        SLACK_BOT_TOKEN: 'xoxb-main',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
      },
      work,
    );
    try {
      await healthy(app.url);
      assert.ok(app.lines.some((l) => l.msg === 'slack: request URL mounted'));
      const r = await postSigned(
        `${app.url}/slack/events`,
        commandBody({ text: EVENT_4283, response_url: slack.responseUrl('main-1') }),
        FORM,
      );
      assert.equal(r.status, 200);
      const [reply] = await slack.waitForResponse('main-1');
      assert.equal(
        reply.body.blocks[0].text.text,
        'Event ID 4283, MTA May Stop Accepting Incoming Connections',
      );
    } finally {
      await stop(app.child);
    }
  });

  test('without Slack settings there is no Slack endpoint', async () => {
    const app = await startMain({ KB_CONTENT_DIR: content.dir }, work);
    try {
      const r = await postSigned(
        `${app.url}/slack/events`,
        commandBody({ text: 'x', response_url: slack.responseUrl('none') }),
        FORM,
      );
      assert.equal(r.status, 404);
      assert.ok(!app.lines.some((l) => String(l.msg).startsWith('slack:')));
    } finally {
      await stop(app.child);
    }
  });
});

describe('Socket Mode (SLACK_APP_TOKEN)', () => {
  test('mounts no request URL and opens its connection through SLACK_API_URL with the app token', async () => {
    const slack = await startFakeSlack();
    slack.platformError('apps.connections.open', 'invalid_auth');
    const { logger } = captureLogger('fatal');
    const app = express();
    const kb = {
      status: () => ({ state: 'loading', progress: { phase: 'x', done: 0, total: 0 } }),
    } as unknown as KbService;
    const adapter = mountSlack(
      app,
      { deps: { kb, version: 't' }, logger, kb },
      {
        botToken: 'xoxb-s',
        appToken: 'xapp-socket',
        signingSecret: SIGNING_SECRET,
        apiUrl: slack.apiUrl,
        command: '/kb',
        passiveChannels: [],
      },
    );
    try {
      assert.equal(adapter.mode, 'socket', 'the app token wins over the signing secret');
      await assert.rejects(adapter.start());
      const open = slack.calls.find((c) => c.method === 'apps.connections.open');
      assert.ok(open, 'apps.connections.open was called on the fake');
      const server = app.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const port = (server.address() as { port: number }).port;
      const r = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' });
      assert.equal(r.status, 404);
      server.close();
    } finally {
      await adapter.stop().catch(() => undefined);
      await slack.close();
    }
  });
});
