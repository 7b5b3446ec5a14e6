/**
 * Screenshots shared in Slack, over real HTTP: signed events to the server, the image downloaded
 * with the bot token from a fake Slack file host on loopback, the card posted to the fake Web API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually } from '../helpers/http.js';
import { fixture } from '../ocr/images.js';
import { BOT_USER_ID } from './helpers/fake-slack.js';
import { eventBody, FORM, interactionBody, JSON_TYPE, postSigned } from './helpers/signed.js';
import { startSlackTestServer, type SlackTestServer } from './helpers/slack-server.js';

const PASSIVE = 'C0PASSIVE';
const MTA_TITLE = 'Event ID 4283, MTA May Stop Accepting Incoming Connections';
let t: SlackTestServer;
let mtaShot: Record<string, string>;
let ldapShot: Record<string, string>;
before(async () => {
  t = await startSlackTestServer({ passiveChannels: [PASSIVE] });
  mtaShot = t.slack.addFile({
    id: 'FMTA4283',
    name: 'event-4283.png',
    mimetype: 'image/png',
    bytes: fixture('event-mta-4283.png'),
  });
  ldapShot = t.slack.addFile({
    id: 'FLDAP636',
    name: 'ldaps.png',
    mimetype: 'image/png',
    bytes: fixture('win10-ldaps-10048.png'),
  });
});
after(() => t.close());

let ts = 1_700_000_500;
const nextTs = () => `${++ts}.000300`;

async function send(event: Record<string, unknown>) {
  const r = await postSigned(t.eventsUrl, eventBody(event), JSON_TYPE);
  assert.equal(r.status, 200);
}

const posts = (pred: (b: Record<string, any>) => boolean) =>
  t.slack.ok('chat.postMessage').filter((c) => pred(c.body));

/** OCR takes a second or two, more on a loaded machine. */
const OCR_MS = 30_000;

const contextText = (blocks: Array<Record<string, any>>) =>
  blocks
    .filter((b) => b.type === 'context')
    .flatMap((b) => b.elements.map((e: { text: string }) => e.text))
    .join('\n');

describe('a screenshot shared with kbbot', () => {
  test('in a DM: downloaded with the bot token, read, and answered with the right card that says what it read', async () => {
    await send({
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      user: 'U0BOB',
      channel: 'D0SHOT',
      ts: nextTs(),
      text: '',
      files: [mtaShot],
    });
    const [reply] = await t.slack.waitForPost((b) => b.channel === 'D0SHOT', OCR_MS);
    assert.equal(reply.body.blocks[0].text.text, MTA_TITLE);
    assert.match(
      contextText(reply.body.blocks),
      /Read from your screenshot: "Event ID: 4283 Source: MSExchangeMTA/,
    );
    const downloads = t.slack.calls.filter((c) => c.method === 'file' && c.body.id === 'FMTA4283');
    assert.ok(
      downloads.length >= 1 && downloads.every((d) => d.body.authorized),
      'downloaded with the bot token',
    );
  });

  test('with a mention: answered in the thread, the mention alone not taken for "help"', async () => {
    const at = nextTs();
    await send({
      type: 'app_mention',
      user: 'U0ALICE',
      channel: 'C0OPS',
      ts: at,
      text: `<@${BOT_USER_ID}>`,
      files: [mtaShot],
    });
    const [reply] = await t.slack.waitForPost((b) => b.thread_ts === at, OCR_MS);
    assert.equal(reply.body.blocks[0].text.text, MTA_TITLE);
  });

  test('in a passive channel: answered unasked in its thread when the match is highly confident', async () => {
    const at = nextTs();
    await send({
      type: 'message',
      subtype: 'file_share',
      user: 'U0CAROL',
      channel: PASSIVE,
      ts: at,
      text: 'seeing this since this morning',
      files: [ldapShot],
    });
    const [reply] = await t.slack.waitForPost((b) => b.channel === PASSIVE && b.thread_ts === at, OCR_MS);
    assert.equal(
      reply.body.blocks[0].text.text,
      'LDAPS listener does not start because port 636 is already in use',
    );
  });

  test('when the event carries only the file id: files.info gives its url_private', async () => {
    await send({
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      user: 'U0BOB',
      channel: 'D0INFO',
      ts: nextTs(),
      files: [{ id: 'FMTA4283', file_access: 'check_file_info' }],
    });
    const [reply] = await t.slack.waitForPost((b) => b.channel === 'D0INFO', OCR_MS);
    assert.equal(reply.body.blocks[0].text.text, MTA_TITLE);
    assert.ok(t.slack.ok('files.info').some((c) => c.body.file === 'FMTA4283'));
  });

  test('the message shortcut on a message with a screenshot answers it privately', async () => {
    const payload = {
      type: 'message_action',
      callback_id: 'find_kb_fix',
      trigger_id: `trigger-${randomUUID()}`,
      message_ts: '8.1',
      response_url: t.slack.responseUrl('shot-shortcut'),
      message: { type: 'message', user: 'U0DAVE', ts: '8.1', text: '', files: [mtaShot] },
      user: { id: 'U0ALICE', name: 'alice' },
      channel: { id: 'C0OPS', name: 'ops' },
      team: { id: 'T1', domain: 'test' },
      token: 'legacy',
      action_ts: '8.2',
    };
    assert.equal((await postSigned(t.eventsUrl, interactionBody(payload), FORM)).status, 200);
    const [reply] = await t.slack.waitForResponse('shot-shortcut', 1, 30_000);
    assert.equal(reply.body.response_type, 'ephemeral');
    assert.equal(reply.body.blocks[0].text.text, MTA_TITLE);
  });
});

describe('images kbbot cannot read get a clear answer', () => {
  test('a file that is not an image', async () => {
    const bad = t.slack.addFile({
      id: 'FBAD',
      name: 'shot.png',
      mimetype: 'image/png',
      bytes: Buffer.from('this is not a picture'),
    });
    await send({
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      user: 'U0BOB',
      channel: 'D0BAD',
      ts: nextTs(),
      files: [bad],
    });
    const [reply] = await t.slack.waitForPost((b) => b.channel === 'D0BAD', OCR_MS);
    assert.match(reply.body.text, /not an image I can read/);
  });

  test('a file kbbot cannot download is said so; the token never goes to a host other than Slack', async () => {
    const elsewhere = {
      id: 'FELSE',
      name: 'x.png',
      mimetype: 'image/png',
      url_private: 'http://127.0.0.2:9/x.png',
    };
    await send({
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      user: 'U0BOB',
      channel: 'D0ELSE',
      ts: nextTs(),
      files: [elsewhere],
    });
    const [reply] = await t.slack.waitForPost((b) => b.channel === 'D0ELSE', OCR_MS);
    assert.match(reply.body.text, /could not download that image/);
  });

  test('in a passive channel, an image without an error on it gets no reply', async () => {
    const blank = t.slack.addFile({
      id: 'FBLANK',
      name: 'b.png',
      mimetype: 'image/png',
      bytes: fixture('win2000-outlook.png'),
    });
    const at = nextTs();
    await send({
      type: 'message',
      subtype: 'file_share',
      user: 'U0CAROL',
      channel: PASSIVE,
      ts: at,
      text: 'lunch?',
      files: [blank],
    });
    // The signal that it was read and passed over: the passive listener's debug line for it.
    await eventually(
      async () => t.server.logs.find((l) => l.msg === 'screenshot passed over' && l.ts === at),
      OCR_MS,
      'the passed-over line',
    );
    await t.adapter.settled();
    assert.equal(posts((b) => b.thread_ts === at).length, 0);
  });
});
