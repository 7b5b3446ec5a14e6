import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MatchPool } from '../../src/kb/match-pool.js';
import { createApp } from '../../src/server/app.js';
import { LiveContent } from '../../src/server/live-content.js';
import { mountSlack, type SlackAdapter } from '../../src/slack/mount.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { findPostgresBin, NO_POSTGRES, startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { captureLogger, EVENT_4283, tempContent } from '../helpers/http.js';
import { BOT_USER_ID, startFakeSlack, type FakeSlack } from './helpers/fake-slack.js';
import { eventBody, JSON_TYPE, postSigned, SIGNING_SECRET } from './helpers/signed.js';
import { FAST_RETRIES } from './helpers/slack-server.js';

const skip = findPostgresBin() ? false : NO_POSTGRES;

describe('two kbbot instances sharing one PostgreSQL', { skip }, () => {
  let pg: PostgresServer;
  let slack: FakeSlack;
  let content: Awaited<ReturnType<typeof tempContent>>;
  let pool: MatchPool;
  let live: LiveContent;
  const stores: Store[] = [];
  const servers: Server[] = [];
  const urls: string[] = [];
  const adapters: SlackAdapter[] = [];
  /** Both instances have handled every event sent so far to its end: a reply not sent by then never comes. */
  const settled = () => Promise.all(adapters.map((a) => a.settled()));

  before(async () => {
    [pg, slack, content] = await Promise.all([startPostgres(), startFakeSlack(), tempContent()]);
    const { logger } = captureLogger('warn');
    pool = new MatchPool({ size: 1, logger });
    live = new LiveContent({ contentDir: content.dir, pool, watch: false, logger });
    await live.start();
    const databaseUrl = await pg.createDatabase();
    for (let i = 0; i < 2; i++) {
      const store = await openStore({
        databaseUrl,
        salt: 'shared-salt-0123456789',
        retentionDays: 30,
        keepOnlyIdentifiers: false,
        queueLimit: 1000,
        claimTimeoutMs: 2000,
        retentionIntervalMs: 0,
        refreshIntervalMs: 0,
      });
      stores.push(store);
      const settings = {
        botToken: 'xoxb-t',
        signingSecret: SIGNING_SECRET,
        apiUrl: slack.apiUrl,
        command: '/kb',
        passiveChannels: ['C0SHARED'],
      };
      const app = createApp({
        kb: live,
        store,
        logger,
        version: 'test',
        mounts: [(a, ctx) => void adapters.push(mountSlack(a, ctx, settings, { retryConfig: FAST_RETRIES }))],
      });
      const server = await new Promise<Server>((r) => {
        const s = app.listen(0, '127.0.0.1', () => r(s));
      });
      servers.push(server);
      urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
    }
  });

  after(async () => {
    for (const s of servers) {
      await new Promise<void>((r) => {
        s.close(() => r());
        s.closeAllConnections();
      });
    }
    for (const s of stores) await s.close();
    await live?.close();
    await pool?.close(1000);
    await slack?.close();
    await pg?.stop();
    await content?.remove();
  });

  test('an event and its retry, sent to different instances at once, are answered once', async () => {
    for (let i = 0; i < 5; i++) {
      const channel = `C0TWO${i}`;
      const body = eventBody(
        {
          type: 'app_mention',
          user: 'U0ALICE',
          channel,
          ts: `20.${i}`,
          text: `<@${BOT_USER_ID}> ${EVENT_4283}`,
        },
        `EvSHARED${i}`,
      );
      const [a, b] = await Promise.all([
        postSigned(urls[0], body, JSON_TYPE),
        postSigned(urls[1], body, JSON_TYPE, { retryNum: 1 }),
      ]);
      assert.equal(a.status, 200);
      assert.equal(b.status, 200);
    }
    await slack.waitFor('chat.postMessage', 5);
    await settled();
    const byChannel = new Map<string, number>();
    for (const c of slack.ok('chat.postMessage'))
      byChannel.set(c.body.channel, (byChannel.get(c.body.channel) ?? 0) + 1);
    assert.deepEqual(
      [...byChannel.entries()].sort(),
      [0, 1, 2, 3, 4].map((i) => [`C0TWO${i}`, 1]),
    );
  });

  test('passive help answers a message once although both instances receive it', async () => {
    const before = slack.ok('chat.postMessage').length;
    const event = {
      type: 'message',
      channel_type: 'channel',
      user: 'U0CAROL',
      channel: 'C0SHARED',
      ts: '21.1',
      text: EVENT_4283,
    };
    await Promise.all([
      postSigned(urls[0], eventBody(event, 'EvP1'), JSON_TYPE),
      postSigned(urls[1], eventBody(event, 'EvP2'), JSON_TYPE),
    ]);
    await slack.waitFor('chat.postMessage', before + 1);
    await settled();
    assert.equal(slack.ok('chat.postMessage').filter((c) => c.body.thread_ts === '21.1').length, 1);
  });
});
