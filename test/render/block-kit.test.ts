import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { acknowledgeInPlace, renderArticleModal, renderHomeView } from '../../src/slack/views.js';
import {
  renderBlockKit,
  splitEscaped,
  SLACK_LIMITS,
  type Block,
  type BlockKitMessage,
} from '../../src/render/block-kit.js';
import { turnFromAction } from '../../src/conversation/actions.js';
import { ANSWER, ARTICLE, HUGE, NOT_CONFIDENT, NOTHING, REPLIES } from './fixtures.js';

function allText(m: BlockKitMessage): string {
  return JSON.stringify(m.blocks);
}

function buttons(blocks: Block[]) {
  return blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
}

/** Every limit Slack enforces on what kbbot sends. */
function assertWithinSlackLimits(m: BlockKitMessage, name: string): void {
  assert.ok(m.text.length > 0 && m.text.length <= SLACK_LIMITS.textChars, `${name}: text`);
  assertBlocksWithinLimits(m.blocks, SLACK_LIMITS.blocks, name);
}

function assertBlocksWithinLimits(blocks: Block[], maxBlocks: number, name: string): void {
  assert.ok(blocks.length <= maxBlocks, `${name}: ${blocks.length} blocks`);
  const ids = new Set<string>();
  for (const b of blocks) {
    assert.ok(
      ['header', 'section', 'context', 'divider', 'actions'].includes(b.type),
      `${name}: block type ${b.type}`,
    );
    if (b.type === 'header')
      assert.ok(
        b.text.type === 'plain_text' && b.text.text.length <= SLACK_LIMITS.headerChars,
        `${name}: header ${b.text.text.length}`,
      );
    if (b.type === 'section' && !b.fields) {
      assert.ok(
        b.text && b.text.text.length > 0 && b.text.text.length <= SLACK_LIMITS.sectionChars,
        `${name}: section ${b.text?.text.length}`,
      );
    }
    if (b.type === 'section' && b.fields)
      for (const f of b.fields) assert.ok(f.text.length <= SLACK_LIMITS.fieldChars, `${name}: field`);
    if (b.type === 'context')
      for (const e of b.elements) assert.ok(e.text.length <= SLACK_LIMITS.contextChars, `${name}: context`);
    if (b.type === 'actions') {
      assert.ok(
        b.elements.length > 0 && b.elements.length <= SLACK_LIMITS.actionsElements,
        `${name}: actions`,
      );
      for (const e of b.elements) {
        assert.ok(e.text.text.length <= SLACK_LIMITS.buttonTextChars, `${name}: button text`);
        assert.ok(!ids.has(e.action_id), `${name}: duplicate action_id ${e.action_id}`);
        ids.add(e.action_id);
        assert.ok(
          e.url || (e.value && e.value.length <= SLACK_LIMITS.buttonValueChars),
          `${name}: button value`,
        );
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
    assert.deepEqual(m.blocks[0], {
      type: 'header',
      text: { type: 'plain_text', text: ANSWER.article!.title, emoji: true },
    });
    const text = allText(m);
    for (const s of [
      'KB214864',
      'Applies to: Microsoft Windows NT Server',
      '*Confidence:* 97% (high)',
      '*Why it matched:* error 0x2741 (10049)',
      '*Symptoms*',
      '*Cause*',
      '*Resolution*',
      '1. Obtain the latest service pack.',
      '*What this code means*',
      'WSAEADDRNOTAVAIL',
      '*Other matches*',
    ]) {
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
    assert.equal(
      turnFromAction(byTitle.get('Full article')?.value, base)?.text,
      'open Q214864',
      'Full article opens the article (in a modal)',
    );
    assert.equal(byTitle.get('Full article')?.action_id, 'kbbot:full-article');
    assert.deepEqual(turnFromAction(byTitle.get('Other matches')?.value, base), {
      ...base,
      text: 'more',
      lastQuery: ANSWER.query,
    });
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

describe('renderBlockKit options and views', () => {
  test('a private answer gets "Share in channel", carrying the words to answer again', () => {
    const m = renderBlockKit({ kind: 'answer', answer: ANSWER }, { shareText: 'error 0x2741' });
    const share = buttons(m.blocks).find((e) => e.action_id === 'kbbot:share');
    assert.equal(share?.text.text, 'Share in channel');
    assert.equal(
      turnFromAction(share?.value, { platform: 'slack', conversation: 'channel' })?.text,
      'error 0x2741',
    );
    assert.ok(
      !buttons(renderBlockKit({ kind: 'answer', answer: ANSWER }).blocks).some(
        (e) => e.action_id === 'kbbot:share',
      ),
      'no share button unless asked',
    );
  });

  test('a huge answer keeps its buttons when blocks must be dropped, and every text is cut with …', () => {
    const m = renderBlockKit({ kind: 'answer', answer: HUGE }, { shareText: 'x'.repeat(5000) });
    assertWithinSlackLimits(m, 'huge with share');
    const header = m.blocks[0];
    assert.ok(header.type === 'header' && header.text.text.length <= 150 && header.text.text.endsWith('…'));
    assert.ok(buttons(m.blocks).some((e) => e.action_id === 'kbbot:full-article'));
    assert.ok(JSON.stringify(m.blocks).includes('…'));
  });

  test('the Full article modal shows every step of a long resolution in blocks of ≤ 3000 characters', () => {
    const steps = Array.from({ length: 40 }, (_, i) => ({
      text: `Step ${i + 1}: ${'restart the service and check the log. '.repeat(8)}`,
    }));
    const long = { ...ARTICLE, resolution: { intro: 'Do this:', steps, text: '…' } };
    const modal = renderArticleModal({ kind: 'article', id: 'Q214864', article: long });
    assert.equal(modal.type, 'modal');
    assert.equal(modal.title.text, 'KB214864');
    assertBlocksWithinLimits(modal.blocks, SLACK_LIMITS.viewBlocks, 'modal');
    const text = JSON.stringify(modal.blocks);
    assert.ok(text.includes('40. Step 40:'), 'the last step is there');
    assert.ok(
      modal.blocks.filter((b) => b.type === 'section').length > 3,
      'the resolution spans several blocks',
    );
    assert.ok(text.includes('<https://support.microsoft.com/kb/214864|'), 'links to the source');
    assert.ok(!modal.blocks.some((b) => b.type === 'actions'), 'a modal has no card buttons');
  });

  test('a modal of a huge article stays within 100 blocks and says where the rest is', () => {
    const modal = renderArticleModal({ kind: 'article', id: 'Q214864', article: HUGE.article });
    assertBlocksWithinLimits(modal.blocks, SLACK_LIMITS.viewBlocks, 'huge modal');
    assert.equal(modal.blocks.length, SLACK_LIMITS.viewBlocks);
    assert.ok(JSON.stringify(modal.blocks.at(-1)).includes('the rest is at'));
  });

  test('splitEscaped cuts at line breaks and never past the limit', () => {
    const chunks = splitEscaped('a & b\n'.repeat(1000), 100);
    assert.ok(chunks.every((c) => c.length <= 100));
    assert.ok(
      chunks.every((c) => !/&[a-z]{0,3}$/.test(c)),
      'no entity cut in half',
    );
    assert.equal(chunks.join('\n').split('\n').filter(Boolean).length, 1000);
  });

  test('the App Home shows what kbbot does, the article count and formats, and examples to try', () => {
    const about = REPLIES.find(([n]) => n === 'about')![1] as Extract<
      (typeof REPLIES)[number][1],
      { kind: 'about' }
    >;
    const home = renderHomeView({
      about,
      help: { kind: 'help', text: 'Paste an error.', examples: [] },
      command: '/kb',
      examples: ['error 0x2741', 'event 4283 MSExchangeMTA'],
    });
    assert.equal(home.type, 'home');
    assertBlocksWithinLimits(home.blocks, SLACK_LIMITS.viewBlocks, 'home');
    const text = JSON.stringify(home.blocks);
    for (const s of [
      '*Articles*\\n3',
      '2 web KB text, 1 Markdown',
      '`/kb &lt;paste&gt;`',
      'Find KB fix',
      'error 0x2741',
    ])
      assert.ok(text.includes(s), `missing ${s}`);
    assert.equal(
      turnFromAction(buttons(home.blocks)[0].value, { platform: 'slack', conversation: 'dm' })?.text,
      'error 0x2741',
    );
  });

  test('acknowledging feedback removes both vote buttons and keeps the others', () => {
    const card = renderBlockKit({ kind: 'answer', answer: ANSWER }).blocks;
    const after = acknowledgeInPlace(card, 'Thanks, noted that Q214864 helped.');
    const left = buttons(after).map((e) => e.action_id);
    assert.ok(!left.includes('kbbot:helpful') && !left.includes('kbbot:not-helpful'));
    assert.ok(left.includes('kbbot:full-article') && left.includes('kbbot:more'));
    assert.ok(JSON.stringify(after).includes(':white_check_mark: Thanks, noted that Q214864 helped.'));
    assert.equal(after.length, card.length + 1);
  });
});
