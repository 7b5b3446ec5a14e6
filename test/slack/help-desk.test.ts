/**
 * The help-desk loop in Slack over real HTTP, against the fake Web API: an unanswerable /kb
 * paste → "Ask the help desk" → a message in the escalation channel with the guesses → a person
 * presses "Answer with this" → the asker gets that article's card → the same paste and a
 * paraphrase are then answered first and confidently with it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Block, ButtonElement } from '../../src/render/block-kit.js';
import { PARAPHRASE, UNANSWERABLE } from '../escalation/fixtures.js';
import { commandBody, FORM, interactionBody, interactionFrom, postSigned } from './helpers/signed.js';
import { startSlackTestServer, type SlackTestServer } from './helpers/slack-server.js';

const HELP_DESK = 'CHELPDESK';
let t: SlackTestServer;
before(async () => {
  t = await startSlackTestServer({ escalationChannel: HELP_DESK });
});
after(() => t.close());

let n = 0;
async function privateCard(text: string): Promise<Block[]> {
  const id = `hd-card-${++n}`;
  await postSigned(t.eventsUrl, commandBody({ text, response_url: t.slack.responseUrl(id) }), FORM);
  const [reply] = await t.slack.waitForResponse(id);
  return reply.body.blocks as Block[];
}

const buttons = (blocks: Block[]): ButtonElement[] =>
  blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : []));
const titled = (blocks: Block[], title: string) => buttons(blocks).find((b) => b.text.text === title);

/** A button press as Slack posts it; `channel` is where the message is. */
async function press(
  button: ButtonElement,
  opts: {
    responseId: string;
    channel?: string;
    user?: { id: string; name: string };
    message?: Record<string, unknown>;
  },
) {
  const channel = opts.channel ?? 'C0OPS';
  const user = opts.user ?? { id: 'U0ALICE', name: 'alice' };
  const payload = {
    type: 'block_actions',
    ...interactionFrom(user),
    container: { type: 'message', message_ts: '1.2', channel_id: channel, is_ephemeral: !opts.message },
    channel: { id: channel, name: channel.toLowerCase() },
    response_url: t.slack.responseUrl(opts.responseId),
    message: opts.message,
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
  const r = await postSigned(t.eventsUrl, interactionBody(payload), FORM);
  assert.equal(r.status, 200);
  return payload;
}

describe('the help desk in Slack', () => {
  test('ask, hand over once, answer with a guess, and learn from it', async () => {
    const card = await privateCard(UNANSWERABLE);
    const ask = titled(card, 'Ask the help desk');
    assert.ok(ask, 'an unconfident card offers the help desk');

    const started = Date.now();
    await press(ask, { responseId: 'hd-escalate' });
    const [inPlace] = await t.slack.waitForResponse('hd-escalate');
    assert.equal(inPlace.body.replace_original, true, 'the card changes in place');
    assert.match(
      JSON.stringify(inPlace.body.blocks),
      /sent this to the help desk \(the Slack channel CHELPDESK\)/,
    );
    assert.equal(titled(inPlace.body.blocks, 'Ask the help desk'), undefined, 'the button is gone');

    const posted = await t.slack.waitFor('chat.postMessage');
    assert.ok(Date.now() - started < 3000, 'posted within 3 s');
    const handover = posted.find((c) => c.body.channel === HELP_DESK)!;
    assert.ok(handover, 'posted in the escalation channel');
    const text = JSON.stringify(handover.body.blocks);
    assert.ok(text.includes('<@U0ALICE>'), 'says who asked');
    assert.ok(text.includes('VSS writer SqlServerWriter timed out'), 'carries the paste');
    const guesses = buttons(handover.body.blocks).filter((b) => b.text.text === 'Answer with this');
    assert.ok(guesses.length >= 1, 'each guess has "Answer with this"');
    assert.ok(titled(handover.body.blocks, 'Answer with another article or in words'));

    await press(ask, { responseId: 'hd-escalate-again' });
    const [again] = await t.slack.waitForResponse('hd-escalate-again');
    assert.match(JSON.stringify(again.body), /already with the help desk/);

    const chosen = JSON.parse(guesses[0]!.value!) as { e: string; a: string };
    await press(guesses[0]!, {
      responseId: 'hd-answer',
      channel: HELP_DESK,
      user: { id: 'U0BOB', name: 'bob' },
      message: {
        type: 'message',
        ts: handover.body.ts ?? '1.3',
        text: handover.body.text,
        blocks: handover.body.blocks,
      },
    });
    const [, delivered] = await t.slack.waitForResponse('hd-escalate', 2);
    assert.equal(delivered.body.response_type, 'ephemeral');
    const card2 = JSON.stringify(delivered.body.blocks);
    assert.ok(card2.includes('bob, from the help desk'), 'says who answered');
    assert.ok(delivered.body.text.includes(chosen.a.replace(/^Q/, 'KB')), `the card of ${chosen.a}`);

    const [update] = await t.slack.waitFor('chat.update');
    assert.equal(update.body.channel, HELP_DESK);
    assert.match(JSON.stringify(update.body.blocks), /Answered by bob in \d+ s with/);
    assert.equal(titled(update.body.blocks, 'Answer with this'), undefined, 'no more answer buttons');

    for (const paste of [UNANSWERABLE, PARAPHRASE]) {
      const later = await privateCard(paste);
      const raw = JSON.stringify(later);
      assert.ok(raw.includes('answered by the help desk on'), `says why: ${paste}`);
      assert.equal(titled(later, 'Ask the help desk'), undefined, 'confident: no handover offered');
      assert.match(raw, /Confidence:\*\s*9\d%/);
    }
    assert.equal(
      t.slack.ok('chat.postMessage').filter((c) => c.body.channel === HELP_DESK).length,
      1,
      'handed over once',
    );
  });

  test('"Answer with another article or in words" opens a modal; a written answer goes back', async () => {
    const card = await privateCard('Disk D: shows RAW after the SAN firmware update on node FS09');
    const ask = titled(card, 'Ask the help desk')!;
    await press(ask, { responseId: 'hd2-escalate' });
    await t.slack.waitForResponse('hd2-escalate');
    const handover = (await t.slack.waitFor('chat.postMessage', 2))
      .filter((c) => c.body.channel === HELP_DESK)
      .at(-1)!;
    const other = titled(handover.body.blocks, 'Answer with another article or in words')!;
    const opened = t.slack.ok('views.open').length;
    await press(other, {
      responseId: 'hd2-modal',
      channel: HELP_DESK,
      user: { id: 'U0BOB', name: 'bob' },
      message: { ts: '1.4', text: 'x', blocks: [] },
    });
    const [open] = (await t.slack.waitFor('views.open', opened + 1)).slice(opened);
    const view = open.body.view;
    assert.equal(view.callback_id, 'kbbot-hd:answer');
    const submit = (values: Record<string, unknown>) =>
      postSigned(
        t.eventsUrl,
        interactionBody({
          type: 'view_submission',
          ...interactionFrom({ id: 'U0BOB', name: 'bob' }),
          view: { ...view, id: 'V9', state: { values } },
        }),
        FORM,
      );
    const empty = await submit({
      article: { article_id: { type: 'plain_text_input', value: null } },
      text: { answer_text: { type: 'plain_text_input', value: null } },
    });
    assert.match(empty.text, /Give an article id/);
    const unknown = await submit({
      article: { article_id: { type: 'plain_text_input', value: 'KB999999999' } },
      text: { answer_text: { type: 'plain_text_input', value: null } },
    });
    assert.match(unknown.text, /no article KB999999999/);
    await submit({
      article: { article_id: { type: 'plain_text_input', value: null } },
      text: { answer_text: { type: 'plain_text_input', value: 'Roll the firmware back to 4.2.' } },
    });
    const [, delivered] = await t.slack.waitForResponse('hd2-escalate', 2);
    assert.match(delivered.body.text, /bob from the help desk answered your question/);
    assert.match(delivered.body.text, /Roll the firmware back to 4\.2\./);
  });

  test('pressed in a modal (a card opened from the App Home), the handover is said in a modal', async () => {
    const card = await privateCard('Scanner on floor 3 drops every job with code 0xE2 since Tuesday');
    const ask = titled(card, 'Ask the help desk')!;
    const before = t.slack.ok('views.push').length;
    const payload = {
      type: 'block_actions',
      ...interactionFrom({ id: 'U0CAROL', name: 'carol' }),
      container: { type: 'view', view_id: 'V1' },
      view: { id: 'V1', type: 'modal', blocks: [] },
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
    assert.equal((await postSigned(t.eventsUrl, interactionBody(payload), FORM)).status, 200);
    const [push] = (await t.slack.waitFor('views.push', before + 1)).slice(before);
    assert.match(JSON.stringify(push.body.view.blocks), /sent this to the help desk/);
  });
});
