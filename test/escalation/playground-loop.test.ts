/**
 * The help-desk loop without any account, over real HTTP: an unconfident answer offers "Ask the
 * help desk", the handover is listed, answered from the playground's API, and later pastes like
 * it are answered first and confidently with that article, until the pairing is forgotten.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getJson, postJson, send, type TestServer, useTestServer } from '../helpers/http.js';
import { PARAPHRASE, SAME_ERROR_LATER, UNANSWERABLE, UNRELATED } from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

const ask = async (text: string, lastQuery?: string) =>
  (await postJson(`${server.url}/api/ask`, { text, lastQuery, userId: 'pg-user' })).body;
const buttons = (body: any): string[] =>
  body.cards.blockKit.blocks
    .filter((b: any) => b.type === 'actions')
    .flatMap((b: any) => b.elements.map((e: any) => e.text.text));

test('a confident answer does not offer the help desk; an unconfident one does', async () => {
  const confident = await ask('KB811406');
  assert.ok(!buttons(confident).includes('Ask the help desk'));
  const unsure = await ask(UNANSWERABLE);
  assert.equal(unsure.reply.answer.answered, false);
  assert.equal(unsure.reply.escalate, true);
  assert.ok(buttons(unsure).includes('Ask the help desk'));
  const submit = JSON.stringify(unsure.cards.adaptiveCard);
  assert.match(submit, /ask the help desk/, 'the Adaptive Card carries the button too');
});

test('"Not helpful" offers the help desk for that paste', async () => {
  const ack = await ask('not helpful KB811406', UNRELATED);
  assert.equal(ack.reply.kind, 'feedback-ack');
  assert.equal(ack.reply.escalate, true);
  assert.ok(buttons(ack).includes('Ask the help desk'));
  const thanks = await ask('helpful KB811406', UNRELATED);
  assert.ok(!buttons(thanks).includes('Ask the help desk'));
});

test('hand over once, answer from the playground, and learn from it', async () => {
  const first = await ask('ask the help desk', UNANSWERABLE);
  assert.equal(first.reply.kind, 'escalated');
  assert.equal(first.reply.created, true);
  const second = await ask('ask the help desk', UNANSWERABLE);
  assert.equal(second.reply.created, false, 'pressing twice hands over once');
  assert.match(second.reply.text, /already with the help desk/);

  const open = (await getJson(`${server.url}/api/escalations?status=open`)).body;
  const e = open.escalations.find((x: any) => x.id === first.reply.escalationId);
  assert.ok(e, 'the handover is listed');
  assert.equal(e.paste, UNANSWERABLE);
  assert.ok(e.guesses.length > 0, "with the bot's guesses");
  const gaps = (await getJson(`${server.url}/api/gaps`)).body;
  assert.ok(gaps.escalations.open >= 1, '/api/gaps counts open escalations');

  const bad = await postJson(`${server.url}/api/escalations/${e.id}/answer`, { articleId: 'KB999999999' });
  assert.equal(bad.status, 404);
  assert.equal((await postJson(`${server.url}/api/escalations/${e.id}/answer`, {})).status, 400);
  const answered = await postJson(`${server.url}/api/escalations/${e.id}/answer`, {
    articleId: 'KB214864',
    by: 'Dana',
  });
  assert.equal(answered.status, 200);
  assert.equal(answered.body.first, true);
  assert.equal(answered.body.reply.kind, 'article');
  assert.equal(answered.body.reply.answeredBy, 'Dana');
  assert.match(JSON.stringify(answered.body.cards.blockKit), /Dana, from the help desk/);
  const again = await postJson(`${server.url}/api/escalations/${e.id}/answer`, { text: 'reboot', by: 'Eve' });
  assert.equal(again.body.first, false, 'the first answer stays');

  for (const paste of [UNANSWERABLE, SAME_ERROR_LATER, PARAPHRASE]) {
    const later = await ask(paste);
    assert.equal(later.reply.answer.answered, true, `answered confidently: ${paste}`);
    assert.equal(later.reply.answer.article.id, 'Q214864');
    assert.ok(later.reply.answer.confidence >= 0.8);
    assert.match(later.reply.answer.why[0].detail, /^answered by the help desk on \d{4}-\d{2}-\d{2}$/);
    assert.ok(!buttons(later).includes('Ask the help desk'));
  }
  // An unrelated paste is not pulled to the learned article: no learned reason, no confident answer.
  const other = await ask(UNRELATED);
  assert.equal(other.reply.answer.answered, false);
  assert.ok(
    !other.reply.answer.why.some((r: any) => r.kind === 'learned'),
    JSON.stringify(other.reply.answer.why),
  );

  const learned = (await getJson(`${server.url}/api/learned`)).body.learned;
  assert.equal(learned.length, 1);
  const gone = await send(`${server.url}/api/learned/${learned[0].id}`, { method: 'DELETE' });
  assert.equal(gone.status, 200);
  assert.equal((await send(`${server.url}/api/learned/${learned[0].id}`, { method: 'DELETE' })).status, 404);
  const forgotten = await ask(UNANSWERABLE);
  assert.equal(forgotten.reply.answer.answered, false, 'forgotten: back to not confident');
});
