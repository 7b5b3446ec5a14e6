/**
 * Answers cannot be steered: a person's votes on one answer count once (the last one stands), a
 * vote counts only for an article the answer to that paste showed, and a vote for an id nobody
 * knows is refused. Over real HTTP, through /api/ask as the playground sends them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EVENT_4283, postJson, startTestServer, tempContent, type TestServer } from '../helpers/http.js';

let server: TestServer;
let content: Awaited<ReturnType<typeof tempContent>>;

before(async () => {
  content = await tempContent();
  // A runbook id without a digit: the card's buttons must still work for it.
  await writeFile(
    path.join(content.dir, 'vpn.md'),
    '---\nid: RB-VPN\ntitle: VPN client cannot reach the gateway\n---\n## Symptoms\nThe VPN client says the remote gateway is unreachable.\n## Resolution\n1. Open UDP 500 and 4500.\n',
  );
  server = await startTestServer({ contentDir: content.dir });
});

after(async () => {
  await server.close();
  await content.remove();
});

const vote = (text: string, lastQuery?: string) => postJson(`${server.url}/api/ask`, { text, lastQuery });

describe('one vote per person per answer', () => {
  test('ten "not helpful" votes from one person on one answer count once', async () => {
    const answer = (await postJson(`${server.url}/api/ask`, { text: EVENT_4283 })).body.reply.answer;
    const id = answer.article.id as string;
    for (let i = 0; i < 10; i++)
      assert.equal((await vote(`not helpful ${id}`, answer.query)).body.reply.kind, 'feedback-ack');
    const entries = server.store.feedback().filter((e) => e.articleId === id);
    assert.equal(
      entries.reduce((n, e) => n + e.notHelpful, 0),
      1,
    );
    // Changing one's mind replaces the vote.
    await vote(`helpful ${id}`, answer.query);
    const after = server.store.feedback().filter((e) => e.articleId === id);
    assert.deepEqual(
      [after.reduce((n, e) => n + e.helpful, 0), after.reduce((n, e) => n + e.notHelpful, 0)],
      [1, 0],
    );
  });

  test('a vote for an article the answer did not show is refused', async () => {
    const before = server.store.feedback().length;
    const r = await vote('helpful Q999999', EVENT_4283);
    assert.equal(r.body.reply.kind, 'text');
    assert.match(r.body.reply.text, /not among the answers/);
    assert.equal(server.store.feedback().length, before);
  });

  test('a vote for an unknown id without a paste is refused; a known one counts', async () => {
    const before = server.store.feedback().length;
    assert.equal((await vote('helpful Q999999')).body.reply.kind, 'text');
    assert.equal(server.store.feedback().length, before);
    assert.equal((await vote('helpful Q214864')).body.reply.kind, 'feedback-ack');
  });

  test("the card's buttons carry their intent and article, so an id without digits works", async () => {
    const r = (await postJson(`${server.url}/api/ask`, { text: 'VPN client remote gateway is unreachable' }))
      .body;
    assert.equal(r.reply.answer.article.id, 'RB-VPN');
    type Action = { type: string; title?: string; data?: { text: string; query?: string; action?: unknown } };
    const actions: Action[] = [];
    const walk = (o: unknown) => {
      if (Array.isArray(o)) o.forEach(walk);
      else if (o && typeof o === 'object') {
        const a = o as Action;
        if (a.type === 'Action.Submit' && a.data) actions.push(a);
        Object.values(o).forEach(walk);
      }
    };
    walk(r.cards.adaptiveCard);
    const helpful = actions.find((a) => a.title === 'Helpful');
    assert.ok(helpful?.data?.action, JSON.stringify(actions.map((a) => a.title)));
    const { text, query, action } = helpful.data;
    const ack = (await postJson(`${server.url}/api/ask`, { text, lastQuery: query, action })).body.reply;
    assert.equal(ack.kind, 'feedback-ack');
    assert.equal(ack.articleId, 'RB-VPN');
    assert.ok(server.store.feedback().some((e) => e.articleId === 'RB-VPN' && e.helpful === 1));
  });
});
