/**
 * The help desk's rules without any platform: secrets masked before a paste goes anywhere, one
 * handover per person and paste, every target posted to and updated, the answer delivered where
 * the asker is, and answers that cannot be taken refused with a reason.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Answer, AnswerArticle } from '../../src/answer/types.js';
import type { KbService, Reply } from '../../src/conversation/types.js';
import { HelpDesk, type Handover } from '../../src/escalation/help-desk.js';
import { openMemoryStore } from '../../src/store/memory-store.js';
import type { Escalation } from '../../src/store/types.js';

const ARTICLE = {
  id: 'Q214864',
  title: 'Exchange protocols fail',
  appliesTo: [],
  symptomExcerpt: '',
  resolution: { steps: [], text: '' },
} as unknown as AnswerArticle;

const kb: KbService = {
  status: () => ({ state: 'loading', progress: { phase: 'x', done: 0, total: 0 } }),
  answer: async (paste) =>
    ({
      query: paste,
      answered: false,
      confidence: 0.2,
      article: ARTICLE,
      why: [],
      alternatives: [{ id: 'RB-1', title: 'Runbook', confidence: 0.1 }],
      codes: [],
    }) as Answer,
  article: async (id) => (/^(Q|KB)214864$/i.test(id) ? ARTICLE : undefined),
};

function setUp(opts: { keepOnlyIdentifiers?: boolean } = {}) {
  const store = openMemoryStore({ keepOnlyIdentifiers: opts.keepOnlyIdentifiers });
  const log = { info() {}, warn() {}, error() {} };
  const desk = new HelpDesk({ store, kb, log });
  const posted: Handover[] = [];
  const updated: Array<{ e: Escalation; post: Record<string, unknown>; paste: string }> = [];
  const delivered: Array<{ e: Escalation; reply: Reply }> = [];
  desk.addTarget({
    id: 'test',
    name: 'the test desk',
    post: async (h) => {
      posted.push(h);
      return { ref: `post-${posted.length}` };
    },
    answered: async (e, post, paste) => void updated.push({ e, post, paste }),
  });
  desk.setDelivery('slack', { deliver: async (e, reply) => void delivered.push({ e, reply }) });
  return { store, desk, posted, updated, delivered };
}

const PASTE = 'Backup failed 0x800423f4 connecting with password=hunter2 as ops@example.com';

describe('the help desk', () => {
  test('masks secrets before the paste is kept or posted, and hands over once per person and paste', async () => {
    const { store, desk, posted } = setUp();
    const first = await desk.escalate({
      platform: 'slack',
      userId: 'U1',
      paste: PASTE,
      origin: { channel: 'C1' },
    });
    assert.equal(first.created, true);
    assert.deepEqual(first.where, ['the test desk']);
    const again = await desk.escalate({ platform: 'slack', userId: 'U1', paste: PASTE });
    assert.equal(again.created, false);
    assert.equal(again.escalationId, first.escalationId);
    const other = await desk.escalate({ platform: 'slack', userId: 'U2', paste: PASTE });
    assert.equal(other.created, true, 'another person asking is another handover');
    await desk.settled();
    assert.equal(posted.length, 2);
    for (const text of [
      posted[0]!.paste,
      posted[0]!.escalation.queryText,
      JSON.stringify(store.book.all()),
    ]) {
      assert.ok(!text.includes('hunter2'), `a password in ${text}`);
      assert.ok(!text.includes('ops@example.com'), `an e-mail address in ${text}`);
    }
    assert.deepEqual(
      posted[0]!.escalation.guesses.map((g) => g.id),
      ['Q214864', 'RB-1'],
    );
    assert.deepEqual((await desk.escalation(first.escalationId))?.posts, [{ target: 'test', ref: 'post-1' }]);
  });

  test('an answer is delivered where the asker is and shown on every post; a second answer changes nothing', async () => {
    const { desk, updated, delivered } = setUp();
    const { escalationId } = await desk.escalate({
      platform: 'slack',
      userId: 'U1',
      paste: PASTE,
      origin: { channel: 'C1' },
    });
    await desk.settled();
    assert.deepEqual(
      await desk.answer(escalationId, { by: 'Dana', articleId: 'KB999' }).then((o) => !o.ok && o.reason),
      'no-such-article',
    );
    assert.deepEqual(
      await desk.answer('nope', { by: 'Dana', text: 'x' }).then((o) => !o.ok && o.reason),
      'no-such-escalation',
    );
    assert.deepEqual(
      await desk.answer(escalationId, { by: 'Dana', text: '  ' }).then((o) => !o.ok && o.reason),
      'empty',
    );
    const out = await desk.answer(escalationId, { by: 'Dana', articleId: 'kb214864' });
    assert.ok(out.ok && out.first);
    await desk.settled();
    assert.equal(delivered.length, 1);
    assert.deepEqual(delivered[0]!.e.origin, { channel: 'C1' });
    assert.equal(delivered[0]!.reply.kind, 'article');
    assert.equal(delivered[0]!.reply.kind === 'article' && delivered[0]!.reply.answeredBy, 'Dana');
    assert.deepEqual(
      updated.map((u) => [u.post.ref, u.e.answer?.articleId]),
      [['post-1', 'Q214864']],
    );
    const late = await desk.answer(escalationId, { by: 'Eve', text: 'reboot' });
    assert.ok(late.ok && !late.first);
    await desk.settled();
    assert.equal(delivered.length, 1, 'the asker hears once');
  });

  test('with keep-only-identifiers, the store keeps the identifiers but people read the whole (masked) paste', async () => {
    const { store, desk, posted, updated } = setUp({ keepOnlyIdentifiers: true });
    const { escalationId } = await desk.escalate({
      platform: 'slack',
      userId: 'U1',
      paste: 'The nightly backup failed with 0x800423f4 on FS01',
    });
    await desk.settled();
    assert.ok(!store.book.get(escalationId)!.queryText.includes('nightly'));
    assert.ok(posted[0]!.paste.includes('The nightly backup failed'));
    await desk.answer(escalationId, { by: 'Dana', text: 'Restart VSS' });
    await desk.settled();
    assert.ok(updated[0]!.paste.includes('The nightly backup failed'));
  });
});
