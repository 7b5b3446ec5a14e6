import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KnowledgeBase } from '../../src/kb/knowledge-base.js';
import { directKb } from '../../src/conversation/direct-kb.js';
import { respond } from '../../src/conversation/respond.js';
import { IntentRouter } from '../../src/conversation/intents.js';
import type { KbService, Platform, Reply, RespondDeps, Turn } from '../../src/conversation/types.js';
import { openMemoryStore } from '../../src/store/index.js';
import { EVENT_4283, SEED_CONTENT } from '../helpers/http.js';

let kb: KbService;
const turn = (text: string, extra: Partial<Turn> = {}): Turn => ({
  text,
  platform: 'playground',
  conversation: 'none',
  ...extra,
});
const fixedNow = () => new Date('2026-04-17T10:00:00Z');

function deps(extra: Partial<RespondDeps> = {}): RespondDeps {
  return { kb, version: '9.9.9', now: fixedNow, ...extra };
}

function expectKind<K extends Reply['kind']>(r: Reply, kind: K): Extract<Reply, { kind: K }> {
  assert.equal(r.kind, kind, `expected a ${kind} reply, got ${JSON.stringify(r).slice(0, 300)}`);
  return r as Extract<Reply, { kind: K }>;
}

before(async () => {
  kb = directKb(await KnowledgeBase.open({ contentDir: SEED_CONTENT }));
});

describe('respond', () => {
  test('answers the Event Viewer entry for event 4283 with KB811406, confidently, and says why', async () => {
    const r = expectKind(await respond(turn(EVENT_4283), deps()), 'answer');
    assert.equal(r.answer.article?.id, 'Q811406');
    assert.equal(r.answer.answered, true);
    assert.ok(
      r.answer.why.some((w) => w.kind === 'event'),
      'the event id is a reason',
    );
    assert.ok(r.answer.alternatives.length > 0, 'other matches are offered');
  });

  test('opens an article by id in any spelling, runbooks included', async () => {
    assert.equal(expectKind(await respond(turn('KB214864'), deps()), 'article').article?.id, 'Q214864');
    assert.equal(expectKind(await respond(turn('open 811406'), deps()), 'article').article?.id, 'Q811406');
    const rb = expectKind(await respond(turn('open RB-LDAP-636'), deps()), 'article');
    assert.equal(rb.article?.resolution.steps.length, 4, 'the runbook resolution keeps its numbered steps');
  });

  test('says plainly when an opened id is not in the knowledge base', async () => {
    const r = expectKind(await respond(turn('open KB999999'), deps()), 'article');
    assert.equal(r.article, undefined);
    assert.equal(r.id, 'KB999999');
  });

  test('decodes a code without searching', async () => {
    const r = expectKind(await respond(turn('decode 0x2741'), deps()), 'code');
    assert.equal(r.value, 0x2741);
    assert.ok(r.readings.some((x) => x.name === 'WSAEADDRNOTAVAIL'));
    const unknown = expectKind(await respond(turn('decode banana'), deps()), 'code');
    assert.equal(unknown.readings.length, 0);
    assert.match(unknown.text, /not a Windows error code/);
  });

  test('answers help, greeting and about from the intent files', async () => {
    const help = expectKind(await respond(turn('help'), deps()), 'help');
    assert.match(help.text, /Paste the error as you see it/);
    assert.ok(help.examples.length >= 3);
    assert.match(expectKind(await respond(turn('hello'), deps()), 'greeting').text, /Hello/);
    const about = expectKind(await respond(turn('about'), deps()), 'about');
    assert.equal(about.version, '9.9.9');
    assert.equal(about.corpus?.articles, 3);
    assert.match(about.text, /kbbot 9\.9\.9\. I know 3 articles \(2 web KB text, 1 Markdown\)/);
  });

  test('"more" lists the other matches of the last paste, and says when there is no last paste', async () => {
    const more = expectKind(await respond(turn('more', { lastQuery: EVENT_4283 }), deps()), 'more');
    assert.ok(more.alternatives.length > 0);
    assert.ok(
      !more.alternatives.some((a) => a.id === 'Q811406'),
      'the answer itself is not among the others',
    );
    const first = expectKind(await respond(turn(EVENT_4283), deps()), 'answer');
    const fromAnswer = expectKind(await respond(turn('next', { lastAnswer: first.answer }), deps()), 'more');
    assert.deepEqual(fromAnswer.alternatives, first.answer.alternatives);
    assert.match(expectKind(await respond(turn('more'), deps()), 'text').text, /Paste an error first/);
  });

  test('records the query and the feedback in the store', async () => {
    const store = openMemoryStore();
    const d = deps({ store, newId: () => 'q-1' });
    const a = expectKind(await respond(turn(EVENT_4283, { userId: 'U1' }), d), 'answer');
    assert.equal(store.queries.size, 1);
    const ack = expectKind(
      await respond(turn('helpful', { lastAnswer: a.answer, lastQuery: a.answer.query, userId: 'U1' }), d),
      'feedback-ack',
    );
    assert.equal(ack.helpful, true);
    assert.equal(ack.articleId, 'Q811406');
    const no = expectKind(
      await respond(turn('not helpful KB214864', { lastQuery: 'error 0x2741', userId: 'U2' }), d),
      'feedback-ack',
    );
    assert.equal(no.helpful, false);
    assert.equal(no.articleId, 'Q214864', 'the id is kept in its canonical spelling');
    const entries = store.feedback();
    assert.ok(entries.some((e) => e.articleId === 'Q811406' && e.helpful === 1));
    assert.ok(entries.some((e) => e.articleId === 'Q214864' && e.notHelpful === 1));
  });

  test('asks which article when feedback has nothing to refer to', async () => {
    assert.match(expectKind(await respond(turn('helpful'), deps()), 'text').text, /Which article/);
  });

  test('refuses an empty or binary paste with a clear notice, and does not record it', async () => {
    const store = openMemoryStore();
    const empty = expectKind(await respond(turn('   '), deps({ store })), 'answer');
    assert.match(empty.answer.notice ?? '', /empty/);
    const binary = expectKind(
      await respond(turn('\u0000\u0001\u0002PK\u0003\u0004'.repeat(50)), deps({ store })),
      'answer',
    );
    assert.match(binary.answer.notice ?? '', /binary/);
    assert.equal(store.queries.size, 0);
  });

  test('keeps at most 2000 characters of a huge paste in the reply', async () => {
    const r = expectKind(
      await respond(turn('Event ID 4283 MSExchangeMTA '.repeat(40_000)), deps()),
      'answer',
    );
    assert.equal(r.answer.query.length, 2000);
    assert.match(r.answer.notice ?? '', /only its first/);
  });

  test('gives the same answer to the same words on every platform', async () => {
    const platforms: Platform[] = ['slack', 'teams', 'playground', 'cli'];
    for (const text of ['help', 'error 0x2741', 'KB214864', 'decode 0x2741', 'about']) {
      const replies = await Promise.all(
        platforms.map((platform) =>
          respond(turn(text, { platform, conversation: platform === 'cli' ? 'none' : 'dm' }), deps()),
        ),
      );
      for (const r of replies.slice(1))
        assert.deepEqual(r, replies[0], `"${text}" differs between platforms`);
    }
  });

  test('says it is still loading instead of searching before the corpus is ready', async () => {
    const loading: KbService = {
      status: () => ({ state: 'loading', progress: { phase: 'parsing', done: 250, total: 1000 } }),
      answer: () => Promise.reject(new Error('must not be called')),
      article: () => Promise.reject(new Error('must not be called')),
    };
    const r = expectKind(await respond(turn(EVENT_4283), { kb: loading, version: '1' }), 'text');
    assert.match(r.text, /still loading the knowledge base \(parsing: 25% of 1,000 files\)/);
    assert.equal(expectKind(await respond(turn('help'), { kb: loading, version: '1' }), 'help').kind, 'help');
    assert.equal(
      expectKind(await respond(turn('about'), { kb: loading, version: '1' }), 'about').loading?.done,
      250,
    );
  });

  test('answers a custom intent with its reply text', async () => {
    const router = new IntentRouter([
      {
        name: 'oncall',
        priority: 0,
        patterns: [/^who is on call\??$/i],
        examples: ['who is on call?'],
        replies: { text: 'Check the rota at https://rota.example' },
        file: 'oncall.yaml',
      },
    ]);
    assert.deepEqual(await respond(turn('Who is on call?'), deps({ router })), {
      kind: 'text',
      text: 'Check the rota at https://rota.example',
    });
  });
});
