import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as AC from 'adaptivecards';
import {
  ARTICLE_SHORTENED_NOTE,
  cardBytes,
  MAX_CARD_BYTES,
  renderAdaptiveCard,
  SHORTENED_NOTE,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from '../../src/render/adaptive-card.js';
import { turnFromAction } from '../../src/conversation/actions.js';
import { ANSWER, ARTICLE, HUGE, NOT_CONFIDENT, REPLIES } from './fixtures.js';
import type { Reply } from '../../src/conversation/types.js';

/** What the adaptivecards library itself finds wrong with a card (unknown types, bad values). */
function libraryProblems(card: AdaptiveCard): string[] {
  const ctx = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card as unknown as object, ctx);
  return Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
}

function texts(elements: CardElement[]): string[] {
  return elements.flatMap((e) =>
    e.type === 'TextBlock'
      ? [e.text]
      : e.type === 'Container'
        ? texts(e.items)
        : e.type === 'FactSet'
          ? e.facts.map((f) => `${f.title}: ${f.value}`)
          : [],
  );
}

function actions(card: AdaptiveCard): CardAction[] {
  const inBody = (els: CardElement[]): CardAction[] =>
    els.flatMap((e) => (e.type === 'ActionSet' ? e.actions : e.type === 'Container' ? inBody(e.items) : []));
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
    assert.match(
      t[1],
      /^KB214864 · Applies to: Microsoft Windows NT Server version 4.0 SP4; Microsoft Exchange/,
    );
    assert.ok(t.includes('Confidence: 97% (high)'));
    assert.ok(t.includes('Why it matched: error 0x2741 (10049); 100% of the message’s wording'));
    for (const heading of ['Symptoms', 'Cause', 'Resolution', 'What this code means'])
      assert.ok(t.includes(heading), heading);
    assert.ok(t.includes('1. Obtain the latest service pack.'));
    assert.ok(t.includes('2. Restart the <Exchange> services & check the log.'));
    assert.ok(t.some((x) => x.includes('WSAEADDRNOTAVAIL')));
    assert.deepEqual(
      (card.actions ?? []).map((a) => a.title),
      ['Full article', 'Other matches', 'Helpful', 'Not helpful'],
    );
    const alt = actions(card).find((a) => a.title.startsWith('RB-LDAP-636'));
    assert.ok(alt && alt.type === 'Action.Submit');
    assert.equal(
      turnFromAction(alt.data, { platform: 'teams', conversation: 'dm' })?.text,
      'open RB-LDAP-636',
    );
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
    for (const heading of ['Symptoms', 'Cause', 'Resolution', 'What this code means'])
      assert.ok(t.includes(heading), heading);
    assert.ok(t.some((x) => /more steps in the full article/.test(x)));
  });

  test('"Full article" carries `open <id>` and the paste; the article card then shows every section, and links to the source', () => {
    const card = renderAdaptiveCard({ kind: 'answer', answer: ANSWER });
    const full = (card.actions ?? []).find((a) => a.title === 'Full article');
    assert.ok(full && full.type === 'Action.Submit');
    assert.deepEqual(turnFromAction(full.data, { platform: 'teams', conversation: 'dm' }), {
      platform: 'teams',
      conversation: 'dm',
      text: 'open Q214864',
      lastQuery: ANSWER.query,
    });
    const article = renderAdaptiveCard({ kind: 'article', id: 'KB214864', article: ARTICLE });
    assert.deepEqual(
      (article.actions ?? []).map((a) => [a.type, a.title, a.type === 'Action.OpenUrl' ? a.url : undefined]),
      [['Action.OpenUrl', 'Open source', 'https://support.microsoft.com/kb/214864']],
    );
  });

  test('a long section is cut on the answer card (which says so) and shown whole on the full article', () => {
    const longCause = Array.from(
      { length: 60 },
      (_, i) => `Sentence ${i} of a long explanation of the cause.`,
    ).join(' ');
    const art = { ...ARTICLE, cause: longCause };
    const answerTexts = texts(
      renderAdaptiveCard({ kind: 'answer', answer: { ...ANSWER, article: art } }).body,
    );
    assert.ok(!answerTexts.includes(longCause));
    assert.ok(answerTexts.includes(SHORTENED_NOTE));
    const fullTexts = texts(renderAdaptiveCard({ kind: 'article', id: 'Q214864', article: art }).body);
    assert.ok(fullTexts.includes(longCause), 'the whole cause');
    assert.ok(!fullTexts.includes(SHORTENED_NOTE) && !fullTexts.includes(ARTICLE_SHORTENED_NOTE));
    assert.ok(
      !texts(renderAdaptiveCard({ kind: 'answer', answer: ANSWER }).body).includes(SHORTENED_NOTE),
      'no note when nothing was cut',
    );
  });

  test('an article too long for a Teams message is cut to fit and says the rest is in the source', () => {
    const card = renderAdaptiveCard({ kind: 'article', id: 'Q214864', article: HUGE.article });
    assert.ok(cardBytes(card) <= MAX_CARD_BYTES, `${cardBytes(card)} bytes`);
    assert.deepEqual(libraryProblems(card), []);
    assert.ok(texts(card.body).includes(ARTICLE_SHORTENED_NOTE));
  });

  test('after Helpful, the same card says thanks in place of the feedback buttons', () => {
    const card = renderAdaptiveCard(
      { kind: 'answer', answer: ANSWER },
      { acknowledgement: 'Thanks, noted that Q214864 helped.' },
    );
    assert.equal(texts(card.body)[0], ANSWER.article!.title);
    assert.ok(texts(card.body).includes('✓ Thanks, noted that Q214864 helped.'));
    assert.deepEqual(
      (card.actions ?? []).map((a) => a.title),
      ['Full article', 'Other matches'],
    );
    assert.deepEqual(libraryProblems(card), []);
  });

  test('the largest card of the fixtures stays under the limit', (t) => {
    const extra: Reply[] = [
      { kind: 'article', id: 'Q214864', article: HUGE.article },
      { kind: 'more', query: HUGE.query, alternatives: HUGE.alternatives, text: 'Other matches' },
    ];
    const sizes = [...REPLIES.map(([, r]) => r), ...extra].map((r) => cardBytes(renderAdaptiveCard(r)));
    const largest = Math.max(...sizes);
    t.diagnostic(`largest card: ${largest} bytes (limit ${MAX_CARD_BYTES})`);
    assert.ok(largest <= MAX_CARD_BYTES);
  });
});
