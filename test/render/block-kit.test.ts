import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderBlockKit, SLACK_LIMITS, type Block, type BlockKitMessage } from '../../src/render/block-kit.js';
import { turnFromAction } from '../../src/conversation/actions.js';
import { ANSWER, NOT_CONFIDENT, NOTHING, REPLIES } from './fixtures.js';

function allText(m: BlockKitMessage): string {
  return JSON.stringify(m.blocks);
}

function buttons(blocks: Block[]) {
  return blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
}

/** Every limit Slack enforces on what kbbot sends. */
function assertWithinSlackLimits(m: BlockKitMessage, name: string): void {
  assert.ok(m.text.length > 0 && m.text.length <= SLACK_LIMITS.textChars, `${name}: text`);
  assert.ok(m.blocks.length <= SLACK_LIMITS.blocks, `${name}: ${m.blocks.length} blocks`);
  const ids = new Set<string>();
  for (const b of m.blocks) {
    assert.ok(['header', 'section', 'context', 'divider', 'actions'].includes(b.type), `${name}: block type ${b.type}`);
    if (b.type === 'header') assert.ok(b.text.type === 'plain_text' && b.text.text.length <= SLACK_LIMITS.headerChars, `${name}: header ${b.text.text.length}`);
    if (b.type === 'section') {
      assert.ok(b.text && b.text.text.length > 0 && b.text.text.length <= SLACK_LIMITS.sectionChars, `${name}: section ${b.text?.text.length}`);
    }
    if (b.type === 'context') for (const e of b.elements) assert.ok(e.text.length <= SLACK_LIMITS.contextChars, `${name}: context`);
    if (b.type === 'actions') {
      assert.ok(b.elements.length > 0 && b.elements.length <= SLACK_LIMITS.actionsElements, `${name}: actions`);
      for (const e of b.elements) {
        assert.ok(e.text.text.length <= SLACK_LIMITS.buttonTextChars, `${name}: button text`);
        assert.ok(!ids.has(e.action_id), `${name}: duplicate action_id ${e.action_id}`);
        ids.add(e.action_id);
        assert.ok(e.url || (e.value && e.value.length <= SLACK_LIMITS.buttonValueChars), `${name}: button value`);
      }
    }
  }
}

describe('renderBlockKit', () => {
  for (const [name, reply] of REPLIES) {
    test(`renders ${name} within Slack's limits`, () => assertWithinSlackLimits(renderBlockKit(reply), name));
  }

  test('an answer shows the title, the article id, applies to, confidence, why, the sections and the code', () => {
    const m = renderBlockKit({ kind: 'answer', answer: ANSWER });
    assert.deepEqual(m.blocks[0], { type: 'header', text: { type: 'plain_text', text: ANSWER.article!.title, emoji: true } });
    const text = allText(m);
    for (const s of ['KB214864', 'Applies to: Microsoft Windows NT Server', '*Confidence:* 97% (high)', '*Why it matched:* error 0x2741 (10049)', '*Symptoms*', '*Cause*', '*Resolution*', '1. Obtain the latest service pack.', '*What this code means*', 'WSAEADDRNOTAVAIL', '*Other matches*']) {
      assert.ok(text.includes(s), `missing ${s}`);
    }
    assert.match(m.text, /KB214864: Exchange Protocols Fail/);
  });

  test('escapes &, < and > in article text, so Slack shows them as written', () => {
    const text = allText(renderBlockKit({ kind: 'answer', answer: ANSWER }));
    assert.ok(text.includes('Restart the &lt;Exchange&gt; services &amp; check the log.'));
  });

  test('its buttons carry the words they stand for and the paste, for turnFromAction', () => {
    const b = buttons(renderBlockKit({ kind: 'answer', answer: ANSWER }).blocks);
    const base = { platform: 'slack' as const, conversation: 'channel' as const };
    const byTitle = new Map(b.map((e) => [e.text.text, e]));
    assert.equal(byTitle.get('Full article')?.url, 'https://support.microsoft.com/kb/214864');
    assert.deepEqual(turnFromAction(byTitle.get('Other matches')?.value, base), { ...base, text: 'more', lastQuery: ANSWER.query });
    assert.equal(turnFromAction(byTitle.get('Helpful')?.value, base)?.text, 'helpful Q214864');
    assert.equal(byTitle.get('Helpful')?.style, 'primary');
    assert.equal(turnFromAction(byTitle.get('Not helpful')?.value, base)?.text, 'not helpful Q214864');
    assert.equal(byTitle.get('Not helpful')?.style, 'danger');
    const alt = b.find((e) => e.action_id === 'kbbot:choice:0');
    assert.equal(turnFromAction(alt?.value, base)?.text, 'open RB-LDAP-636');
  });

  test('"no confident match" says so, lists the closest suggestions and invites rephrasing', () => {
    const m = renderBlockKit({ kind: 'answer', answer: NOT_CONFIDENT });
    const text = allText(m);
    assert.equal(m.blocks[0].type === 'header' && m.blocks[0].text.text, 'No confident match');
    assert.ok(text.includes('best guess 31%'));
    assert.ok(text.includes('Try the exact error text'));
    assert.ok(text.includes('*Closest suggestions*'));
    assert.ok(text.includes('KB214864 · Exchange Protocols Fail'), 'the best guess is the first suggestion');
    assert.ok(!buttons(m.blocks).some((e) => e.text.text === 'Helpful'), 'no feedback buttons on a guess');
    const none = allText(renderBlockKit({ kind: 'answer', answer: NOTHING }));
    assert.ok(none.includes('No article in this knowledge base matches'));
  });
});
