import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { respond } from '../../src/conversation/respond.js';
import type { KbService, Reply } from '../../src/conversation/types.js';
import { renderAdaptiveCard, type CardElement } from '../../src/render/adaptive-card.js';
import { renderBlockKit } from '../../src/render/block-kit.js';
import { TEAMS_USAGE, welcomeCard, type HelpReply } from '../../src/teams/cards.js';

const loading: KbService = {
  status: () => ({ state: 'loading', progress: { phase: 'parsing', done: 0, total: 1 } }),
  answer: async () => assert.fail(),
  article: async () => undefined,
};
const help = async (): Promise<HelpReply> =>
  (await respond(
    { text: 'help', platform: 'teams', conversation: 'dm' },
    { kb: loading, version: 't' },
  )) as HelpReply;
const texts = (els: CardElement[]): string[] =>
  els.flatMap((e) => (e.type === 'TextBlock' ? [e.text] : e.type === 'Container' ? texts(e.items) : []));
const WHAT_TO_PASTE = /Paste the error as you see it/g;

describe('welcome and help cards', () => {
  test('the Teams welcome says once what to paste, and lists where to ask and what else to say, one item a line', async () => {
    const card = welcomeCard(await help(), 56_989);
    const t = texts(card.body);
    assert.equal(t[0], 'Welcome to kbbot');
    assert.equal(t.join('\n').match(WHAT_TO_PASTE)?.length, 1, 'said once');
    assert.ok(t[1].endsWith('I know 56,989 knowledge-base articles.'));
    for (const line of TEAMS_USAGE) assert.ok(t.includes(`• ${line}`), `its own line: ${line}`);
    assert.ok(t.includes('• open KB214864 — show an article by its id'));
    assert.ok(!t.some((x) => /•.*•/.test(x)), 'no bullets run together');
  });

  test('help in Slack is a list under its heading, and says once what to paste', async () => {
    const reply: Reply = await help();
    const sections = renderBlockKit(reply).blocks.flatMap((b) =>
      b.type === 'section' && b.text ? [b.text.text] : [],
    );
    assert.equal(sections.join('\n').match(WHAT_TO_PASTE)?.length, 1);
    const list = sections.find((s) => s.startsWith('*You can also say*\n'));
    assert.ok(list);
    assert.deepEqual(list.split('\n').slice(1, 3), [
      '• open KB214864 — show an article by its id',
      '• more — the other close matches for your last paste',
    ]);
    const teams = texts(renderAdaptiveCard(reply).body);
    assert.ok(teams.includes('• decode 0x80070005 — what an error code means'));
  });
});
