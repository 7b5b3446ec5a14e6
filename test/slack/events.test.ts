import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_4283 } from '../helpers/http.js';
import { BOT_ID, BOT_USER_ID } from './helpers/fake-slack.js';
import { eventBody, JSON_TYPE, postSigned } from './helpers/signed.js';
import { startSlackTestServer, type SlackTestServer } from './helpers/slack-server.js';

const PASSIVE = 'C0PASSIVE';
let t: SlackTestServer;
before(async () => {
  t = await startSlackTestServer({ passiveChannels: [PASSIVE] });
});
after(() => t.close());

let ts = 1_700_000_100;
const nextTs = () => `${++ts}.000200`;

async function send(event: Record<string, unknown>, opts: { eventId?: string; retryNum?: number } = {}) {
  const r = await postSigned(t.eventsUrl, eventBody(event, opts.eventId), JSON_TYPE, {
    retryNum: opts.retryNum,
  });
  assert.equal(r.status, 200);
  assert.ok(r.ms < 1000, `ack took ${r.ms} ms`);
  return r;
}

const posts = (pred: (b: Record<string, any>) => boolean) =>
  t.slack.ok('chat.postMessage').filter((c) => pred(c.body));

/** Waits until the server has handled every event sent so far to its end: a reply not sent by then never comes. */
const settle = () => t.adapter.settled();

describe('mentions and direct messages (Events API)', () => {
  test('an @mention in a channel is answered in the message’s thread', async () => {
    const at = nextTs();
    await send({
      type: 'app_mention',
      user: 'U0ALICE',
      channel: 'C0OPS',
      ts: at,
      text: `<@${BOT_USER_ID}> ${EVENT_4283}`,
    });
    const [reply] = await t.slack.waitForPost((b) => b.thread_ts === at);
    assert.equal(reply.body.channel, 'C0OPS');
    assert.equal(
      reply.body.blocks[0].text.text,
      'Event ID 4283, MTA May Stop Accepting Incoming Connections',
    );
    assert.match(reply.body.text, /KB811406/, 'a text fallback for notifications');
  });

  test('a mention inside a thread is answered in that thread', async () => {
    const parent = nextTs();
    await send({
      type: 'app_mention',
      user: 'U0ALICE',
      channel: 'C0OPS',
      ts: nextTs(),
      thread_ts: parent,
      text: `<@${BOT_USER_ID}> error 0x2741`,
    });
    await t.slack.waitForPost((b) => b.thread_ts === parent);
  });

  test('a mention with nothing else gets help', async () => {
    const at = nextTs();
    await send({ type: 'app_mention', user: 'U0ALICE', channel: 'C0OPS', ts: at, text: `<@${BOT_USER_ID}>` });
    const [reply] = await t.slack.waitForPost((b) => b.thread_ts === at);
    assert.equal(reply.body.blocks[0].text.text, 'How to use kbbot');
  });

  test('every direct message is a question, answered in the DM', async () => {
    await send({
      type: 'message',
      channel_type: 'im',
      user: 'U0BOB',
      channel: 'D0BOB',
      ts: nextTs(),
      text: 'KB214864',
    });
    const [reply] = await t.slack.waitForPost((b) => b.channel === 'D0BOB');
    assert.equal(reply.body.blocks[0].text.text, 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4');
    assert.equal(reply.body.thread_ts, undefined, 'not threaded in a DM');
  });

  test('kbbot’s own messages and other bots’ are not answered', async () => {
    await send({
      type: 'message',
      channel_type: 'im',
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      channel: 'D0SELF',
      ts: nextTs(),
      text: 'error 0x2741',
    });
    await send({
      type: 'message',
      channel_type: 'im',
      subtype: 'bot_message',
      bot_id: 'B0OTHER',
      channel: 'D0BOTS',
      ts: nextTs(),
      text: 'error 0x2741',
    });
    await send({
      type: 'message',
      channel_type: 'im',
      subtype: 'message_changed',
      channel: 'D0EDIT',
      ts: nextTs(),
      message: { text: 'error 0x2741' },
    });
    await settle();
    assert.equal(posts((b) => ['D0SELF', 'D0BOTS', 'D0EDIT'].includes(b.channel)).length, 0);
  });

  test('a retried event (X-Slack-Retry-Num) gets no second reply', async () => {
    const at = nextTs();
    const event = {
      type: 'app_mention',
      user: 'U0ALICE',
      channel: 'C0RETRY',
      ts: at,
      text: `<@${BOT_USER_ID}> error 0x2741`,
    };
    await send(event, { eventId: 'EvRETRY1' });
    await send(event, { eventId: 'EvRETRY1', retryNum: 1 });
    await send(event, { eventId: 'EvRETRY1', retryNum: 2 });
    await t.slack.waitForPost((b) => b.channel === 'C0RETRY');
    await settle();
    assert.equal(posts((b) => b.channel === 'C0RETRY').length, 1);
  });
});

describe('passive help (SLACK_PASSIVE_CHANNELS)', () => {
  test('an error paste in a passive channel is answered in its thread when the match is highly confident', async () => {
    const at = nextTs();
    await send({
      type: 'message',
      channel_type: 'channel',
      user: 'U0CAROL',
      channel: PASSIVE,
      ts: at,
      text: EVENT_4283,
    });
    const [reply] = await t.slack.waitForPost((b) => b.channel === PASSIVE && b.thread_ts === at);
    assert.equal(
      reply.body.blocks[0].text.text,
      'Event ID 4283, MTA May Stop Accepting Incoming Connections',
    );
  });

  test('never twice to one message: a retry, and the same message delivered again, stay unanswered', async () => {
    const at = nextTs();
    const event = {
      type: 'message',
      channel_type: 'channel',
      user: 'U0CAROL',
      channel: PASSIVE,
      ts: at,
      text: EVENT_4283,
    };
    await send(event, { eventId: 'EvPASSIVE1' });
    await send(event, { eventId: 'EvPASSIVE1', retryNum: 1 });
    await send(event, { eventId: 'EvPASSIVE2' });
    await t.slack.waitForPost((b) => b.thread_ts === at);
    await settle();
    assert.equal(posts((b) => b.thread_ts === at).length, 1);
  });

  test('chatter, a vague question, bots, kbbot itself and other channels get nothing', async () => {
    const quiet = [
      { user: 'U0CAROL', channel: PASSIVE, text: 'anyone up for lunch at noon?' },
      { user: 'U0CAROL', channel: PASSIVE, text: 'the printer gives error 42 again' },
      { user: 'U0CAROL', channel: PASSIVE, subtype: 'bot_message', bot_id: 'B0OTHER', text: EVENT_4283 },
      { user: BOT_USER_ID, channel: PASSIVE, text: EVENT_4283 },
      { user: 'U0CAROL', channel: 'C0NOTPASSIVE', text: EVENT_4283 },
    ];
    const stamps: string[] = [];
    for (const q of quiet) {
      const at = nextTs();
      stamps.push(at);
      await send({ type: 'message', channel_type: 'channel', ts: at, ...q });
    }
    await settle();
    assert.deepEqual(
      posts((b) => stamps.includes(b.thread_ts)),
      [],
    );
  });

  test('a paste that mentions kbbot is answered once, by the mention', async () => {
    const at = nextTs();
    const text = `<@${BOT_USER_ID}> ${EVENT_4283}`;
    await send({ type: 'message', channel_type: 'channel', user: 'U0CAROL', channel: PASSIVE, ts: at, text });
    await send({ type: 'app_mention', user: 'U0CAROL', channel: PASSIVE, ts: at, text });
    await t.slack.waitForPost((b) => b.thread_ts === at);
    await settle();
    assert.equal(posts((b) => b.thread_ts === at).length, 1);
  });
});

describe('KB links unfurled (link_shared → chat.unfurl)', () => {
  const unfurlsOf = (c: { body: Record<string, any> }) =>
    (typeof c.body.unfurls === 'string' ? JSON.parse(c.body.unfurls) : c.body.unfurls) as Record<
      string,
      { blocks: any[] }
    >;

  test('a link to an article the content holds unfurls with its title and fix; others keep Slack’s preview', async () => {
    const at = nextTs();
    const held = 'https://support.microsoft.com/kb/811406';
    const notHeld = 'https://support.microsoft.com/kb/813840';
    const before = t.slack.ok('chat.unfurl').length;
    await send({
      type: 'link_shared',
      user: 'U0ALICE',
      channel: 'C0OPS',
      message_ts: at,
      ts: at,
      links: [
        { domain: 'support.microsoft.com', url: notHeld },
        { domain: 'support.microsoft.com', url: held },
      ],
    });
    const [call] = (await t.slack.waitFor('chat.unfurl', before + 1)).slice(before);
    assert.equal(call.body.channel, 'C0OPS');
    assert.equal(call.body.ts, at);
    const unfurls = unfurlsOf(call);
    assert.deepEqual(Object.keys(unfurls), [held], 'only the article kbbot holds');
    const text = JSON.stringify(unfurls[held].blocks);
    assert.equal(
      unfurls[held].blocks[0].text.text,
      'Event ID 4283, MTA May Stop Accepting Incoming Connections',
    );
    assert.ok(
      text.includes('*Fix*') &&
        text.includes('obtain the March 2003 Exchange 2000 Server Post-Service Pack 3 (SP3) Rollup'),
    );
    assert.ok(
      text.includes('"action_id":"kbbot:full-article"') && text.includes('open Q811406'),
      'a button opens it in Slack',
    );
  });

  test('a link in the message composer is unfurled by its unfurl_id', async () => {
    const before = t.slack.ok('chat.unfurl').length;
    await send({
      type: 'link_shared',
      user: 'U0ALICE',
      channel: 'COMPOSER',
      message_ts: 'x',
      unfurl_id: 'Uf123',
      source: 'composer',
      links: [{ domain: 'support.microsoft.com', url: 'http://support.microsoft.com/?id=214864' }],
    });
    const [call] = (await t.slack.waitFor('chat.unfurl', before + 1)).slice(before);
    assert.equal(call.body.unfurl_id, 'Uf123');
    assert.equal(call.body.source, 'composer');
    assert.ok(unfurlsOf(call)['http://support.microsoft.com/?id=214864']);
  });
});
