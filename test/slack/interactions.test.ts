import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { actionPayload } from '../../src/conversation/actions.js';
import { SLACK_LIMITS, type Block, type ButtonElement } from '../../src/render/block-kit.js';
import { EVENT_4283, eventually } from '../helpers/http.js';
import { BOT_USER_ID } from './helpers/fake-slack.js';
import {
  commandBody,
  eventBody,
  FORM,
  interactionBody,
  interactionFrom,
  JSON_TYPE,
  postSigned,
} from './helpers/signed.js';
import { startSlackTestServer, type SlackTestServer } from './helpers/slack-server.js';

let t: SlackTestServer;
before(async () => {
  t = await startSlackTestServer();
});
after(() => t.close());

function buttons(blocks: Block[]): ButtonElement[] {
  return blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
}

let n = 0;
/** A /kb command's private card (blocks), and the response_url id it came to. */
async function privateCard(text: string) {
  const id = `card-${++n}`;
  await postSigned(t.eventsUrl, commandBody({ text, response_url: t.slack.responseUrl(id) }), FORM);
  const [reply] = await t.slack.waitForResponse(id);
  return reply.body.blocks as Block[];
}

/** Presses a button of a card, as Slack posts it (block_actions). */
async function press(
  button: ButtonElement,
  where: {
    responseId?: string;
    message?: { blocks: Block[]; text: string; ts: string };
    view?: 'home' | 'modal';
    ephemeral?: boolean;
  } = {},
) {
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    ...interactionFrom({ id: 'U0ALICE', name: 'alice' }),
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: 'b1',
        text: button.text,
        value: button.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  if (where.view) {
    payload.container = { type: 'view', view_id: 'V1' };
    payload.view = { id: 'V1', type: where.view, blocks: [] };
  } else {
    payload.container = {
      type: 'message',
      message_ts: where.message?.ts ?? '1.2',
      channel_id: 'C0OPS',
      is_ephemeral: where.ephemeral ?? !where.message,
    };
    payload.channel = { id: 'C0OPS', name: 'ops' };
    payload.response_url = t.slack.responseUrl(where.responseId ?? `press-${++n}`);
    if (where.message) payload.message = { type: 'message', ...where.message };
  }
  const r = await postSigned(t.eventsUrl, interactionBody(payload), FORM);
  assert.equal(r.status, 200);
  assert.ok(r.ms < 1000, `ack took ${r.ms} ms`);
  return payload;
}

describe('card buttons', () => {
  test('Full article opens a modal with every section (views.open)', async () => {
    const card = await privateCard('error 0x2741 HrRegisterProtocol');
    const before = t.slack.ok('views.open').length;
    const pressed = await press(buttons(card).find((b) => b.action_id === 'kbbot:full-article')!);
    const [open] = (await t.slack.waitFor('views.open', before + 1)).slice(before);
    assert.equal(open.body.trigger_id, pressed.trigger_id);
    assert.equal(open.body.view.type, 'modal');
    assert.equal(open.body.view.title.text, 'KB214864');
    const text = JSON.stringify(open.body.view.blocks);
    for (const s of ['*Symptoms*', '*Cause*', '*Resolution*']) assert.ok(text.includes(s), `modal has ${s}`);
    assert.ok(open.body.view.blocks.length <= SLACK_LIMITS.viewBlocks);
  });

  test('the modal holds sections the card leaves out (Status of KB811406)', async () => {
    const card = await privateCard(EVENT_4283);
    assert.ok(!JSON.stringify(card).includes('*Status*'), 'the card has no Status');
    const before = t.slack.ok('views.open').length;
    await press(buttons(card).find((b) => b.action_id === 'kbbot:full-article')!);
    const [open] = (await t.slack.waitFor('views.open', before + 1)).slice(before);
    assert.equal(open.body.view.title.text, 'KB811406');
    assert.ok(JSON.stringify(open.body.view.blocks).includes('*Status*'));
  });

  test('a suggestion under a card that is not sure answers privately under the card', async () => {
    const card = await privateCard('exchange pop3 port service stopped');
    const suggestion = buttons(card).find((b) => b.action_id.startsWith('kbbot:choice:'));
    assert.ok(suggestion, 'the closest suggestions are buttons');
    await press(suggestion, { responseId: 'more-1' });
    const [reply] = await t.slack.waitForResponse('more-1');
    assert.equal(reply.body.response_type, 'ephemeral');
    assert.equal(reply.body.replace_original, false);
    assert.equal(reply.body.blocks[0].type, 'header', 'the article it opened');
  });

  test('Helpful is written to the store with the query and article, and acknowledged in place', async () => {
    const card = await privateCard(EVENT_4283);
    await press(buttons(card).find((b) => b.action_id === 'kbbot:helpful')!, { responseId: 'vote-1' });
    const [ack] = await t.slack.waitForResponse('vote-1');
    assert.equal(ack.body.replace_original, true, 'the card itself changes');
    const left = buttons(ack.body.blocks).map((b) => b.action_id);
    assert.ok(!left.includes('kbbot:helpful') && !left.includes('kbbot:not-helpful'), 'no second vote');
    assert.ok(left.includes('kbbot:full-article'), 'the other buttons stay');
    assert.match(JSON.stringify(ack.body.blocks), /Thanks, noted that Q811406 helped/);
    const entry = await eventually(
      async () => t.server.store.feedback().find((f) => f.articleId === 'Q811406' && f.helpful > 0),
      5000,
      'the feedback',
    );
    assert.match(entry.queryText, /4283/);
  });

  test('Not helpful on a card in a channel keeps that card’s blocks and marks the vote', async () => {
    const card = await privateCard('error 0x2741 HrRegisterProtocol');
    await press(buttons(card).find((b) => b.action_id === 'kbbot:not-helpful')!, {
      responseId: 'vote-2',
      message: { blocks: card, text: 'KB214864', ts: '5.6' },
    });
    const [ack] = await t.slack.waitForResponse('vote-2');
    assert.equal(ack.body.blocks[0].text.text, 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4');
    assert.match(JSON.stringify(ack.body.blocks), /did not help/);
    await eventually(
      async () => t.server.store.feedback().find((f) => f.articleId === 'Q214864' && f.notHelpful > 0),
      5000,
      'the feedback',
    );
  });

  test('Share in channel posts the answer for everyone and removes the private one', async () => {
    const card = await privateCard(EVENT_4283);
    await press(buttons(card).find((b) => b.action_id === 'kbbot:share')!, { responseId: 'share-1' });
    const [shared, removed] = await t.slack.waitForResponse('share-1', 2);
    assert.equal(shared.body.response_type, 'in_channel');
    assert.equal(JSON.stringify(shared.body.blocks[0]).includes('Shared by <@U0ALICE>'), true);
    assert.ok(
      shared.body.blocks.some(
        (b: Block) =>
          b.type === 'header' && b.text.text === 'Event ID 4283, MTA May Stop Accepting Incoming Connections',
      ),
    );
    assert.ok(
      !buttons(shared.body.blocks).some((b) => b.action_id === 'kbbot:share'),
      'no share button on the shared card',
    );
    assert.equal(removed.body.delete_original, true);
  });

  test('a button that is not kbbot’s payload is ignored with a warning', async () => {
    await press(
      { type: 'button', action_id: 'kbbot:more', text: { type: 'plain_text', text: 'x' }, value: 'not json' },
      { responseId: 'junk-1' },
    );
    await eventually(
      async () => t.server.logs.find((l) => l.msg === 'button without a kbbot value ignored'),
      3000,
      'the warning',
    );
    await t.adapter.settled();
    assert.equal(t.slack.ok('response_url').filter((c) => c.responseId === 'junk-1').length, 0);
  });
});

describe('message shortcut "Find KB fix"', () => {
  test("answers the chosen message's text privately, with Share in channel", async () => {
    const payload = {
      type: 'message_action',
      callback_id: 'find_kb_fix',
      trigger_id: `trigger-${randomUUID()}`,
      message_ts: '7.8',
      response_url: t.slack.responseUrl('shortcut-1'),
      message: {
        type: 'message',
        user: 'U0DAVE',
        ts: '7.8',
        text: 'Register LDAP SSL protocol failed with error 10049. The LDAP SSL server is not available.',
      },
      user: { id: 'U0ALICE', name: 'alice' },
      channel: { id: 'C0OPS', name: 'ops' },
      team: { id: 'T1', domain: 'test' },
      token: 'legacy',
      action_ts: '7.9',
    };
    const r = await postSigned(t.eventsUrl, interactionBody(payload), FORM);
    assert.equal(r.status, 200);
    const [reply] = await t.slack.waitForResponse('shortcut-1');
    assert.equal(reply.body.response_type, 'ephemeral');
    const expected = await t.server.content.answer(payload.message.text);
    assert.equal(
      reply.body.blocks[0].text.text,
      expected.article?.title,
      'the same article the core picks for that text',
    );
    assert.ok(buttons(reply.body.blocks).some((b) => b.action_id === 'kbbot:share'));
  });
});

describe('App Home', () => {
  test('opening the Home tab publishes what kbbot does, the corpus and examples (views.publish)', async () => {
    const r = await postSigned(
      t.eventsUrl,
      eventBody({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home', ts: '9.1' }),
      JSON_TYPE,
    );
    assert.equal(r.status, 200);
    const [published] = await t.slack.waitFor('views.publish');
    assert.equal(published.body.user_id, 'U0ALICE');
    assert.equal(published.body.view.type, 'home');
    const text = JSON.stringify(published.body.view.blocks);
    const articles = (t.server.content.status() as { stats: { articles: number } }).stats.articles;
    assert.ok(text.includes(`*Articles*\\n${articles}`), 'the article count');
    assert.ok(/web KB text|archive TXT|Markdown/.test(text), 'the formats');
    assert.ok(text.includes('Find KB fix') && text.includes('/kb'), 'how to use it');
    assert.ok(published.body.view.blocks.length <= SLACK_LIMITS.viewBlocks);
  });

  test('an example’s "Try it" in the Home tab answers in a modal', async () => {
    const before = t.slack.ok('views.open').length;
    await press(
      {
        type: 'button',
        action_id: 'kbbot:example:0',
        text: { type: 'plain_text', text: 'Try it' },
        value: JSON.stringify(actionPayload('error 0x2741')),
      },
      { view: 'home' },
    );
    const [open] = (await t.slack.waitFor('views.open', before + 1)).slice(before);
    assert.equal(open.body.view.type, 'modal');
    assert.ok(open.body.view.blocks.length > 0);
  });
});

describe('mention of kbbot id in a DM', () => {
  test('is stripped before routing', async () => {
    await postSigned(
      t.eventsUrl,
      eventBody({
        type: 'message',
        channel_type: 'im',
        user: 'U0ALICE',
        channel: 'D0HELLO',
        ts: '10.1',
        text: `<@${BOT_USER_ID}> help`,
      }),
      JSON_TYPE,
    );
    const reply = await eventually(
      async () => t.slack.ok('chat.postMessage').find((c) => c.body.channel === 'D0HELLO'),
      5000,
      'the reply',
    );
    assert.equal(reply.body.blocks[0].text.text, 'How to use kbbot');
  });
});
