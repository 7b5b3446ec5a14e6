import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as AC from 'adaptivecards';
import { cardBytes, MAX_CARD_BYTES, renderAdaptiveCard, type AdaptiveCard, type CardAction, type CardElement } from '../../src/render/adaptive-card.js';
import { turnFromAction } from '../../src/conversation/actions.js';
import { ANSWER, HUGE, NOT_CONFIDENT, REPLIES } from './fixtures.js';

/** What the adaptivecards library itself finds wrong with a card (unknown types, bad values). */
function libraryProblems(card: AdaptiveCard): string[] {
  const ctx = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card as unknown as object, ctx);
  return Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
}

function texts(elements: CardElement[]): string[] {
  return elements.flatMap((e) => (e.type === 'TextBlock' ? [e.text] : e.type === 'Container' ? texts(e.items) : e.type === 'FactSet' ? e.facts.map((f) => `${f.title}: ${f.value}`) : []));
}

function actions(card: AdaptiveCard): CardAction[] {
  const inBody = (els: CardElement[]): CardAction[] => els.flatMap((e) => (e.type === 'ActionSet' ? e.actions : e.type === 'Container' ? inBody(e.items) : []));
  return [...inBody(card.body), ...(card.actions ?? [])];
}

describe('renderAdaptiveCard', () => {
  for (const [name, reply] of REPLIES) {
    test(`renders ${name} as a valid schema 1.5 card under 28 KB`, () => {
      const card = renderAdaptiveCard(reply);
      assert.equal(card.type, 'AdaptiveCard');
      assert.equal(card.version, '1.5');
      assert.deepEqual(libraryProblems(card), []);
      assert.ok(cardBytes(card) <= MAX_CARD_BYTES, `${cardBytes(card)} bytes`);
      assert.ok(card.fallbackText);
    });
  }

  test('an answer card has title, id, applies to, confidence, why, symptoms, cause, resolution steps, the code, alternatives and buttons', () => {
    const card = renderAdaptiveCard({ kind: 'answer', answer: ANSWER });
    const t = texts(card.body);
    assert.equal(t[0], ANSWER.article!.title);
    assert.match(t[1], /^KB214864 · Applies to: Microsoft Windows NT Server version 4.0 SP4; Microsoft Exchange/);
    assert.ok(t.includes('Confidence: 97% (high)'));
    assert.ok(t.includes('Why it matched: error 0x2741 (10049); 100% of the message’s wording'));
    for (const heading of ['Symptoms', 'Cause', 'Resolution', 'What this code means']) assert.ok(t.includes(heading), heading);
    assert.ok(t.includes('1. Obtain the latest service pack.'));
    assert.ok(t.includes('2. Restart the <Exchange> services & check the log.'));
    assert.ok(t.some((x) => x.includes('WSAEADDRNOTAVAIL')));
    assert.deepEqual(
      (card.actions ?? []).map((a) => a.title),
      ['Full article', 'Other matches', 'Helpful', 'Not helpful'],
    );
    const alt = actions(card).find((a) => a.title.startsWith('RB-LDAP-636'));
    assert.ok(alt && alt.type === 'Action.Submit');
    assert.equal(turnFromAction(alt.data, { platform: 'teams', conversation: 'dm' })?.text, 'open RB-LDAP-636');
  });

  test('"no confident match" says so, lists the closest suggestions and invites rephrasing', () => {
    const card = renderAdaptiveCard({ kind: 'answer', answer: NOT_CONFIDENT });
    const t = texts(card.body).join('\n');
    assert.match(t, /No confident match/);
    assert.match(t, /best guess 31%/);
    assert.match(t, /Try the exact error text, the event id with its source, or the error code/);
    assert.ok(actions(card).some((a) => a.title.startsWith('KB214864 · Exchange Protocols Fail')));
    assert.equal(card.actions, undefined);
  });

  test('a huge article and a 1 MB paste still fit: texts are shortened, the structure stays', () => {
    const card = renderAdaptiveCard({ kind: 'answer', answer: HUGE });
    assert.ok(cardBytes(card) <= MAX_CARD_BYTES, `${cardBytes(card)} bytes`);
    const t = texts(card.body);
    for (const heading of ['Symptoms', 'Cause', 'Resolution', 'What this code means']) assert.ok(t.includes(heading), heading);
    assert.ok(t.some((x) => /more steps in the full article/.test(x)));
  });
});
