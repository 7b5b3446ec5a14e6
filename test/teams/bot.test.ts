import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APOLOGY } from '../../src/teams/mount.js';
import { ATTACHMENTS_ONLY_TEXT } from '../../src/teams/bot.js';
import { actionPayload } from '../../src/conversation/actions.js';
import type { KbService } from '../../src/conversation/types.js';
import { MAX_CARD_BYTES } from '../../src/render/adaptive-card.js';
import { EVENT_4283, postJson, send, type TestServer } from '../helpers/http.js';
import { activity, button, cardActions, cardOf, cardTexts, type FakeConnector } from './fake-connector.js';
import { startTeamsTestBed, type TeamsTestBed } from './teams-test-bed.js';

/** A paste that makes the knowledge base throw (to see how a failed turn is answered). */
const EXPLODE = 'kbbot-test: the knowledge base fails on this paste';
const POP3_PASTE = 'Accept clients on POP3 interface failed in function HrRegisterProtocol with error 0x2741';

let connector: FakeConnector;
let server: TestServer;
let bed: TeamsTestBed;

before(async () => {
  bed = await startTeamsTestBed((ctx) => {
    const kb: KbService = {
      ...ctx.deps.kb,
      status: () => ctx.deps.kb.status(),
      article: (id) => ctx.deps.kb.article(id),
      answer: async (paste) =>
        paste.includes(EXPLODE) ? Promise.reject(new Error('index unavailable')) : ctx.deps.kb.answer(paste),
    };
    return { deps: { ...ctx.deps, kb } };
  });
  ({ connector, server } = bed);
});

after(() => bed.close());

/** POSTs an activity to /api/messages; the turn (and what it sends) is done when this returns. */
async function post(a: Record<string, unknown>) {
  return postJson(`${server.url}/api/messages`, a);
}

describe('Teams personal chat: every message is a question', () => {
  test('a pasted Event Viewer entry is answered with the article card, as a reply to the message', async () => {
    const a = activity(connector.url, { text: EVENT_4283 });
    const r = await post(a);
    assert.equal(r.status, 200);
    const [call] = connector.to(a.conversation.id);
    assert.equal(call.method, 'POST');
    assert.equal(call.path, `/v3/conversations/${a.conversation.id}/activities/${a.id}`);
    assert.equal(call.activity.replyToId, a.id);
    const card = cardOf(call);
    assert.equal(card.version, '1.5');
    assert.equal(
      card.body[0].type === 'TextBlock' && card.body[0].text,
      'Event ID 4283, MTA May Stop Accepting Incoming Connections',
    );
    const texts = cardTexts(card.body);
    assert.ok(
      texts.some((t) => t.startsWith('KB811406')),
      'the article id',
    );
    assert.ok(
      texts.some((t) => t.startsWith('Confidence: ')),
      'the confidence',
    );
    assert.ok(texts.includes('Fix') && texts.includes('Symptoms'), 'the fix first, then the symptoms');
    assert.ok(texts.indexOf('Fix') < texts.indexOf('Symptoms'));
    assert.deepEqual(
      (card.actions ?? []).map((x) => x.title),
      ['Full article', 'Other matches', 'Helpful', 'Not helpful'].filter(
        (t) => t !== 'Other matches' || cardActions(card).some((x) => x.title === 'Other matches'),
      ),
    );
    assert.ok(call.bytes <= MAX_CARD_BYTES + 2000, `${call.bytes} bytes`);
  });

  test('"help" explains usage with examples to press', async () => {
    const a = activity(connector.url, { text: 'help' });
    await post(a);
    const card = cardOf(connector.to(a.conversation.id)[0]);
    const texts = cardTexts(card.body);
    assert.equal(texts[0], 'How to use kbbot');
    assert.match(texts.join('\n'), /open KB214864/);
    assert.ok(cardActions(card).length >= 2, 'example buttons');
  });

  test('no confident match: the card says so and lists the closest suggestions', async () => {
    const a = activity(connector.url, { text: 'the printer on floor 3 jams every morning' });
    await post(a);
    const texts = cardTexts(cardOf(connector.to(a.conversation.id)[0]).body);
    assert.equal(texts[0], 'No confident match');
    assert.match(texts.join('\n'), /Try the exact error text/);
  });

  test('a re-delivered activity (same id, same conversation) is answered once', async () => {
    const a = activity(connector.url, { text: POP3_PASTE });
    assert.equal((await post(a)).status, 200);
    assert.equal((await post(a)).status, 200);
    assert.equal(connector.to(a.conversation.id).length, 1);
    assert.ok(server.logs.some((l) => l.msg === 'activity delivered again: answered already'));
  });
});

describe('Teams channel and group chat: @mention kbbot with a paste', () => {
  test('the @mention is removed before matching and the answer goes in the thread', async () => {
    const thread = `19:ops-channel@thread.tacv2;messageid=1700000000${Math.floor(Math.random() * 1000)}`;
    const a = activity(connector.url, {
      text: `<at>kbbot</at> ${POP3_PASTE}`,
      entities: [{ type: 'mention', text: '<at>kbbot</at>', mentioned: { id: '28:kbbot', name: 'kbbot' } }],
      conversation: { id: thread, conversationType: 'channel', isGroup: true },
      channelData: { teamsChannelId: '19:ops-channel@thread.tacv2', teamsTeamId: '19:team@thread.tacv2' },
    });
    await post(a);
    const [call] = connector.to(thread);
    assert.ok(call, 'replied in the thread conversation');
    assert.equal(call.activity.replyToId, a.id);
    const card = cardOf(call);
    assert.equal(
      card.body[0].type === 'TextBlock' && card.body[0].text,
      'Exchange Protocols Fail After Applying Windows NT 4.0 SP4',
    );
    const helpful = button(card, 'Helpful');
    assert.ok(helpful.type === 'Action.Submit');
    assert.equal(helpful.data.query, POP3_PASTE, 'the paste the card answers has no mention in it');
  });

  test("in a group chat, only the bot's mention is removed: another person's stays part of the paste", async () => {
    const a = activity(connector.url, {
      text: '<at>kbbot</at> <at>Dana</at> saw error 0x2741',
      entities: [
        { type: 'mention', text: '<at>kbbot</at>', mentioned: { id: '28:kbbot', name: 'kbbot' } },
        { type: 'mention', text: '<at>Dana</at>', mentioned: { id: '29:dana', name: 'Dana' } },
      ],
      conversation: { id: `19:group-${a_suffix()}@thread.v2`, conversationType: 'groupChat', isGroup: true },
    });
    await post(a);
    const card = cardOf(connector.to((a.conversation as { id: string }).id)[0]);
    const withQuery = cardActions(card).find((x) => x.type === 'Action.Submit' && x.data.query);
    assert.ok(withQuery && withQuery.type === 'Action.Submit');
    assert.equal(withQuery.data.query, '<at>Dana</at> saw error 0x2741');
  });
});

function a_suffix(): string {
  return Math.random().toString(36).slice(2, 8);
}

describe('Teams card buttons', () => {
  test('"Full article" shows every section of the article, with a link to its source', async () => {
    const a = activity(connector.url, {
      value: actionPayload('open Q214864', POP3_PASTE),
      replyToId: 'card-1',
    });
    await post(a);
    const card = cardOf(connector.to(a.conversation.id)[0]);
    const texts = cardTexts(card.body);
    assert.equal(texts[0], 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4');
    for (const heading of ['Symptoms', 'Cause', 'Resolution']) assert.ok(texts.includes(heading), heading);
    const source = button(card, 'Open source');
    assert.equal(source.type === 'Action.OpenUrl' && source.url, 'https://support.microsoft.com/kb/214864');
    assert.ok(!cardActions(card).some((x) => x.title === 'Full article'));
  });

  test('"Other matches" lists the other articles for the paste the button carries', async () => {
    const a = activity(connector.url, { value: actionPayload('more', POP3_PASTE), replyToId: 'card-2' });
    await post(a);
    const texts = cardTexts(cardOf(connector.to(a.conversation.id)[0]).body);
    assert.ok(['Other matches', 'No other matches'].includes(texts[0]), texts[0]);
    assert.match(texts.join('\n'), /Accept clients on POP3/);
  });

  test('"Helpful" is recorded with the query and article, and the card itself changes to say thanks (once)', async () => {
    const question = activity(connector.url, { text: POP3_PASTE });
    await post(question);
    const [answered] = connector.to(question.conversation.id);
    const helpful = button(cardOf(answered), 'Helpful');
    assert.ok(helpful.type === 'Action.Submit');
    const press = activity(connector.url, {
      conversation: question.conversation,
      value: helpful.data,
      replyToId: answered.assignedId,
    });
    assert.equal((await post(press)).status, 200);
    const calls = connector.to(question.conversation.id);
    assert.equal(calls.length, 2);
    const update = calls[1];
    assert.equal(update.method, 'PUT');
    assert.equal(
      update.path,
      `/v3/conversations/${question.conversation.id}/activities/${answered.assignedId}`,
    );
    const card = cardOf(update);
    const texts = cardTexts(card.body);
    assert.equal(texts[0], 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4', 'still the answer');
    assert.ok(
      texts.some((t) => /^✓ Thanks, noted that Q214864 helped/.test(t)),
      texts.join(' | '),
    );
    assert.ok(!cardActions(card).some((x) => x.title === 'Helpful' || x.title === 'Not helpful'));
    const entry = server.store
      .feedback()
      .find((f) => f.articleId === 'Q214864' && f.queryText.includes('HrRegisterProtocol'));
    assert.ok(entry, JSON.stringify(server.store.feedback()));
    assert.equal(entry.helpful, 1);
    // The Bot Connector delivers the press again: nothing more is sent or counted.
    await post(press);
    assert.equal(connector.to(question.conversation.id).length, 2);
    assert.equal(
      server.store
        .feedback()
        .find((f) => f.articleId === 'Q214864' && f.queryText.includes('HrRegisterProtocol'))?.helpful,
      1,
    );
  });

  test('"Not helpful" on a card that can no longer be edited is thanked in a message instead', async () => {
    const question = activity(connector.url, { text: EVENT_4283 });
    await post(question);
    const [answered] = connector.to(question.conversation.id);
    const notHelpful = button(cardOf(answered), 'Not helpful');
    assert.ok(notHelpful.type === 'Action.Submit');
    connector.fail(`/activities/${answered.assignedId}-gone`, 404);
    const press = activity(connector.url, {
      conversation: question.conversation,
      value: notHelpful.data,
      replyToId: `${answered.assignedId}-gone`,
    });
    await post(press);
    const last = connector.to(question.conversation.id).at(-1);
    assert.equal(last?.method, 'POST');
    // The thanks comes as a card offering the help desk (a "Not helpful" is where people ask it).
    assert.match(cardTexts(cardOf(last).body).join('\n'), /did not help/);
    assert.ok(button(cardOf(last), 'Ask the help desk'));
    assert.ok(server.store.feedback().some((f) => f.articleId === 'Q811406' && f.notHelpful === 1));
  });
});

describe('Teams welcome', () => {
  test('installing kbbot (conversationUpdate with the bot added) sends the welcome card once, also when installationUpdate follows', async () => {
    const base = activity(connector.url);
    const conversation = base.conversation;
    await post({
      ...base,
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: '29:user-1' }, { id: '28:kbbot' }],
    });
    await post({ ...activity(connector.url), conversation, type: 'installationUpdate', action: 'add' });
    const calls = connector.to(conversation.id);
    assert.equal(calls.length, 1);
    const texts = cardTexts(cardOf(calls[0]).body);
    assert.equal(texts[0], 'Welcome to kbbot');
    assert.match(texts.join('\n'), /@mention kbbot/);
    assert.match(texts.join('\n'), /I know 3 knowledge-base articles/);
  });

  test('installationUpdate alone (personal install) welcomes too', async () => {
    const a = activity(connector.url, { type: 'installationUpdate', action: 'add' });
    await post(a);
    assert.equal(cardTexts(cardOf(connector.to(a.conversation.id)[0]).body)[0], 'Welcome to kbbot');
  });

  test('a person joining a team kbbot is in gets no welcome', async () => {
    const a = activity(connector.url, {
      type: 'conversationUpdate',
      membersAdded: [{ id: '29:someone-new' }],
    });
    assert.equal((await post(a)).status, 200);
    assert.equal(connector.to(a.conversation.id).length, 0);
  });
});

describe('Teams reliability', () => {
  test('an empty message gets a clear answer', async () => {
    const a = activity(connector.url, { text: '' });
    assert.equal((await post(a)).status, 200);
    const texts = cardTexts(cardOf(connector.to(a.conversation.id)[0]).body);
    assert.match(texts.join('\n'), /empty/i);
  });

  test('a message with only a file that is not a picture says kbbot reads text and screenshots', async () => {
    const pdf = {
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      name: 'log.pdf',
      content: { downloadUrl: 'http://127.0.0.1:9/log.pdf', fileType: 'pdf' },
    };
    const a = activity(connector.url, { text: undefined, attachments: [pdf] });
    assert.equal((await post(a)).status, 200);
    assert.equal(connector.to(a.conversation.id)[0].activity.text, ATTACHMENTS_ONLY_TEXT);
  });

  test('a 200 KB message (more than Teams sends) is answered with a card under the size limit', async () => {
    const big = `${EVENT_4283}\n${'0x2741 HrRegisterProtocol POP3 failed '.repeat(5_300)}`;
    assert.ok(big.length >= 200_000);
    const a = activity(connector.url, { text: big });
    assert.equal((await post(a)).status, 200);
    const [call] = connector.to(a.conversation.id);
    cardOf(call);
    assert.ok(call.bytes <= 28_000, `${call.bytes} bytes`);
  });

  test('an invoke kbbot does not handle is answered 501, not a crash', async () => {
    const r = await post(
      activity(connector.url, { type: 'invoke', name: 'kbbot/unknown-invoke', value: {} }),
    );
    assert.equal(r.status, 501);
  });

  test('a body that is not an activity is refused with 400 and a reason', async () => {
    for (const body of [
      { hello: 'world' },
      { type: 'message', serviceUrl: connector.url },
      { ...activity(connector.url), text: 42 },
      { ...activity(connector.url), serviceUrl: 'file:///etc/passwd' },
      [1, 2],
    ]) {
      const r = await post(body as Record<string, unknown>);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error, 'bad-request');
    }
    const broken = await send(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message", ',
    });
    assert.equal(broken.status, 400);
  });

  test('an error in a turn is logged once and the user gets a short apology', async () => {
    const a = activity(connector.url, { text: EXPLODE });
    const before = server.logs.filter((l) => l.msg === 'turn failed').length;
    const requestsFailedBefore = server.logs.filter((l) => l.msg === 'request failed').length;
    assert.equal((await post(a)).status, 200);
    assert.equal(connector.to(a.conversation.id)[0].activity.text, APOLOGY);
    const failed = server.logs.filter((l) => l.msg === 'turn failed');
    assert.equal(failed.length - before, 1);
    assert.match(String(failed.at(-1)?.err), /index unavailable/);
    assert.equal(
      server.logs.filter((l) => l.msg === 'request failed').length,
      requestsFailedBefore,
      'the request itself succeeded',
    );
  });
});
