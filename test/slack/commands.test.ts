import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { turnFromAction } from '../../src/conversation/actions.js';
import { SLACK_LIMITS, type Block } from '../../src/render/block-kit.js';
import { EVENT_4283 } from '../helpers/http.js';
import { commandBody, FORM, postSigned } from './helpers/signed.js';
import { startSlackTestServer, type SlackTestServer } from './helpers/slack-server.js';

let t: SlackTestServer;
before(async () => {
  t = await startSlackTestServer();
});
after(() => t.close());

let n = 0;
/** Sends `/kb <text>` and returns the one message posted to its response_url. */
async function kb(text: string, fields: Record<string, string> = {}) {
  const id = `cmd-${++n}`;
  const r = await postSigned(
    t.eventsUrl,
    commandBody({ text, response_url: t.slack.responseUrl(id), ...fields }),
    FORM,
  );
  assert.equal(r.status, 200);
  assert.equal(r.text, '', 'the ack is empty: the answer comes through the response_url');
  const [reply] = await t.slack.waitForResponse(id);
  await t.adapter.settled();
  assert.equal(
    t.slack.ok('response_url').filter((c) => c.responseId === id).length,
    1,
    'one reply per command',
  );
  return { ack: r, message: reply.body };
}

function buttons(blocks: Block[]) {
  return blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
}

function assertWithinLimits(blocks: Block[]) {
  assert.ok(blocks.length <= SLACK_LIMITS.blocks);
  for (const b of blocks) {
    if (b.type === 'header') assert.ok(b.text.text.length <= SLACK_LIMITS.headerChars);
    if (b.type === 'section' && b.text) assert.ok(b.text.text.length <= SLACK_LIMITS.sectionChars);
  }
}

describe('/kb over HTTP (signed slash commands, answered through response_url)', () => {
  test('an Event Viewer paste is acknowledged at once and answered privately with the right article and Share in channel', async () => {
    const { ack, message } = await kb(EVENT_4283);
    assert.ok(ack.ms < 1000, `ack took ${ack.ms} ms`);
    assert.equal(message.response_type, 'ephemeral');
    assert.equal(message.blocks[0].text.text, 'Event ID 4283, MTA May Stop Accepting Incoming Connections');
    assert.match(message.text, /KB811406/);
    assertWithinLimits(message.blocks);
    const byId = new Map(buttons(message.blocks).map((b) => [b.action_id, b]));
    assert.ok(byId.has('kbbot:full-article') && byId.has('kbbot:helpful') && byId.has('kbbot:not-helpful'));
    assert.equal(
      turnFromAction(byId.get('kbbot:share')?.value, { platform: 'slack', conversation: 'channel' })?.text,
      EVENT_4283,
    );
    assert.ok(
      t.server.logs.some((l) => l.msg === 'request' && l.path === '/slack/events' && l.status === 200),
    );
  });

  test('/kb help and a bare /kb explain usage with examples', async () => {
    for (const text of ['help', '', '   ']) {
      const { message } = await kb(text);
      assert.equal(message.blocks[0].text.text, 'How to use kbbot', `for "${text}"`);
      assert.ok(buttons(message.blocks).length > 0, 'examples to try');
      assert.ok(!buttons(message.blocks).some((b) => b.action_id === 'kbbot:share'), 'help is not shared');
    }
  });

  test('/kb KB214864 opens that article', async () => {
    const { message } = await kb('KB214864');
    assert.equal(message.blocks[0].text.text, 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4');
    assert.ok(JSON.stringify(message.blocks).includes('opened by id KB214864'));
  });

  test('&, < and > that Slack escaped are matched as written', async () => {
    const { message } = await kb(
      'Accept clients on POP3 interface failed in function HrRegisterProtocol &lt;error 0x2741&gt;',
    );
    assert.equal(message.blocks[0].text.text, 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4');
  });

  test('a 200 KB paste gets a short answer saying only its start was read', async () => {
    const { ack, message } = await kb(
      'Register LDAP SSL protocol failed with error 10049. '.repeat(20_000).slice(0, 200_000),
    );
    assert.equal(ack.status, 200);
    assertWithinLimits(message.blocks);
    assert.match(JSON.stringify(message.blocks), /The paste was long \(200,000 characters\)/);
    const share = buttons(message.blocks).find((b) => b.action_id === 'kbbot:share');
    assert.ok(!share || (share.value?.length ?? 0) <= SLACK_LIMITS.buttonValueChars);
  });

  test('binary junk, and a message in another language, get a clear short answer', async () => {
    const binary = await kb(
      '\u0000\u0001\u0002\u0003\u0004\u0005PK\u0003\u0004\u0000\u0000\u0000\u0000\u0000\u0000',
    );
    assert.match(binary.message.text, /binary data, not text/);
    const german = await kb('Der Drucker im dritten Stock druckt seit gestern nur noch leere Seiten aus');
    assert.match(german.message.text, /No confident match/);
    assert.ok(german.message.blocks.length <= 12, 'short');
  });

  test('an empty mention-only text is help, not a search', async () => {
    const { message } = await kb('<@UKBBOT>');
    assert.equal(message.blocks[0].text.text, 'How to use kbbot');
  });
});

describe('request URL security (Bolt signature verification)', () => {
  const body = () => commandBody({ text: 'error 0x2741', response_url: t.slack.responseUrl('never') });

  test('a bad signature gets 401 and no answer', async () => {
    const r = await postSigned(t.eventsUrl, body(), FORM, { badSignature: true });
    assert.equal(r.status, 401);
  });

  test('a missing signature gets 401', async () => {
    const r = await postSigned(t.eventsUrl, body(), FORM, { unsigned: true });
    assert.equal(r.status, 401);
  });

  test('a timestamp older than five minutes is refused, even correctly signed', async () => {
    const r = await postSigned(t.eventsUrl, body(), FORM, {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    assert.equal(r.status, 401);
  });

  test('a signature made with another secret is refused', async () => {
    const r = await postSigned(t.eventsUrl, body(), FORM, { secret: 'another-secret' });
    assert.equal(r.status, 401);
    await t.adapter.settled();
    assert.equal(
      t.slack.ok('response_url').filter((c) => c.responseId === 'never').length,
      0,
      'nothing answered',
    );
  });

  test("Slack's url_verification challenge is echoed", async () => {
    const r = await postSigned(
      t.eventsUrl,
      JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }),
      'application/json',
    );
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.text).challenge, 'abc123');
  });
});
