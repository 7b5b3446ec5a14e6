/**
 * The help-desk loop in Teams over real HTTP, against the fake Bot Connector: an unanswerable
 * paste → "Ask the help desk" → a card in the escalation channel with the guesses (sent
 * proactively) → a person presses "Answer with this" → the asker gets that article's card in
 * their chat → the same paste and a paraphrase are then answered first and confidently with it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EscalationChannel } from '../../src/teams/help-desk.js';
import { eventually, postJson, type TestServer } from '../helpers/http.js';
import { PARAPHRASE, UNANSWERABLE } from '../escalation/fixtures.js';
import {
  activity,
  button,
  cardOf,
  cardTexts,
  type ConnectorCall,
  type FakeConnector,
} from './fake-connector.js';
import { startTeamsTestBed, type TeamsTestBed } from './teams-test-bed.js';

const CHANNEL = '19:helpdesk0123@thread.tacv2';

let connector: FakeConnector;
let server: TestServer;
let bed: TeamsTestBed;

before(async () => {
  bed = await startTeamsTestBed((ctx, c) => ({
    helpDesk: ctx.helpDesk,
    escalation: { channelId: CHANNEL, serviceUrl: c.url },
  }));
  ({ connector, server } = bed);
});

after(() => bed.close());

const post = (a: Record<string, unknown>) => postJson(`${server.url}/api/messages`, a);
const allTexts = (call: ConnectorCall) => JSON.stringify(cardOf(call));

test('ask, hand over once, answer with a guess in the channel, and learn from it', async () => {
  const conversation = { id: 'a:chat-alice', conversationType: 'personal' };
  const asked = activity(connector.url, { text: UNANSWERABLE, conversation });
  await post(asked);
  const [cardCall] = connector.to(conversation.id);
  const ask = button(cardOf(cardCall), 'Ask the help desk');
  assert.equal(ask.type, 'Action.Submit');

  const started = Date.now();
  const press = () =>
    post(
      activity(connector.url, {
        conversation,
        value: ask.type === 'Action.Submit' ? ask.data : undefined,
        replyToId: cardCall!.assignedId,
      }),
    );
  await press();
  const inPlace = connector
    .to(conversation.id)
    .find((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${cardCall!.assignedId}`));
  assert.ok(inPlace, 'the card changes in place');
  assert.ok(
    cardTexts(cardOf(inPlace).body).some((t) =>
      /sent this to the help desk \(the help-desk channel in Teams\)/.test(t),
    ),
  );
  assert.ok(!allTexts(inPlace).includes('Ask the help desk'), 'the button is gone');

  const handover = await eventually(async () => connector.to(CHANNEL).find((c) => c.method === 'POST'));
  assert.ok(Date.now() - started < 3000, 'posted within 3 s');
  const hcard = cardOf(handover) as any;
  const raw = JSON.stringify(hcard);
  assert.ok(raw.includes('Asked by Ops Engineer on Teams'), 'says who asked');
  assert.ok(raw.includes('VSS writer SqlServerWriter timed out'), 'carries the paste');
  const answerButtons: any[] = [];
  JSON.stringify(hcard, (_k, v) => {
    if (v && v.type === 'Action.Submit' && v.title === 'Answer with this') answerButtons.push(v);
    return v;
  });
  assert.ok(answerButtons.length >= 1, 'each guess has "Answer with this"');

  await press();
  const already = connector
    .to(conversation.id)
    .filter((c) => c.method === 'PUT')
    .at(-1)!;
  assert.ok(
    cardTexts(cardOf(already).body).some((t) => /already with the help desk/.test(t)),
    'a second press says so',
  );

  const chosen = answerButtons[0].data as { e: string; a: string };
  const before = connector.to(conversation.id).length;
  await post(
    activity(connector.url, {
      from: { id: '29:bob', name: 'Bob Helpdesk', aadObjectId: 'aad-bob' },
      conversation: { id: `${CHANNEL};messageid=${handover.assignedId}`, conversationType: 'channel' },
      value: answerButtons[0].data,
      replyToId: handover.assignedId,
    }),
  );
  const delivered = await eventually(async () =>
    connector
      .to(conversation.id)
      .slice(before)
      .find((c) => c.method === 'POST'),
  );
  const texts = cardTexts(cardOf(delivered).body);
  assert.ok(
    texts.some((t) => t.includes('Bob Helpdesk, from the help desk')),
    'says who answered',
  );
  assert.ok(
    texts.some((t) => t.startsWith(chosen.a.replace(/^Q/, 'KB'))),
    `the card of ${chosen.a}`,
  );
  const updated = await eventually(async () =>
    connector
      .to(CHANNEL)
      .find((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${handover.assignedId}`)),
  );
  assert.match(JSON.stringify(cardOf(updated)), /Answered by Bob Helpdesk in \d+ s with/);

  for (const paste of [UNANSWERABLE, PARAPHRASE]) {
    const a = activity(connector.url, {
      text: paste,
      conversation: { id: `a:chat-${paste.length}`, conversationType: 'personal' },
    });
    await post(a);
    const card = cardOf(connector.to(a.conversation.id)[0]);
    const t = cardTexts(card.body);
    assert.ok(
      t.some((x) => x.startsWith(chosen.a.replace(/^Q/, 'KB'))),
      `first with ${chosen.a}: ${paste}`,
    );
    assert.ok(
      t.some((x) => /answered by the help desk on/.test(x)),
      'says why',
    );
    assert.ok(
      t.some((x) => /^Confidence: 9\d%/.test(x)),
      'confidently',
    );
    assert.ok(!JSON.stringify(card).includes('Ask the help desk'));
  }
  assert.equal(connector.to(CHANNEL).filter((c) => c.method === 'POST').length, 1, 'handed over once');
});

test('the escalation channel keeps the conversation reference Teams shows when kbbot is installed in its team', () => {
  const ch = new EscalationChannel(CHANNEL, 'https://smba.example.invalid/teams/');
  assert.equal(
    ch.reference.serviceUrl,
    'https://smba.example.invalid/teams/',
    'made from the settings at start',
  );
  ch.observe({
    type: 'message',
    serviceUrl: 'https://other.example.invalid/',
    conversation: { id: '19:elsewhere@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' },
  } as never);
  assert.equal(
    ch.reference.serviceUrl,
    'https://smba.example.invalid/teams/',
    'another channel changes nothing',
  );
  ch.observe({
    type: 'conversationUpdate',
    serviceUrl: 'https://smba.trafficmanager.example.invalid/emea/',
    channelData: { team: { id: CHANNEL }, tenant: { id: 'tenant-1' } },
    conversation: { id: CHANNEL, isGroup: true, conversationType: 'channel', tenantId: 'tenant-1', name: '' },
    recipient: { id: '28:kbbot', name: 'kbbot' },
    from: { id: '29:admin', name: 'Admin' },
  } as never);
  assert.equal(ch.reference.serviceUrl, 'https://smba.trafficmanager.example.invalid/emea/');
  assert.equal(ch.reference.conversation?.tenantId, 'tenant-1');
  assert.equal(ch.reference.bot?.id, '28:kbbot');
  ch.observe({
    type: 'message',
    serviceUrl: 'https://smba.example.invalid/later/',
    conversation: { id: `${CHANNEL};messageid=42`, isGroup: true, conversationType: 'channel', name: '' },
  } as never);
  assert.equal(ch.reference.conversation?.id, CHANNEL, 'a reply thread of the channel counts as the channel');
  assert.equal(ch.reference.serviceUrl, 'https://smba.example.invalid/later/');
});
