/**
 * Cards that get to the fix, drawn from real articles: the seeds of content/, and articles of
 * the KB archive when ../shared has it. Structural checks on both renderers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { KnowledgeBase } from '../../src/kb/knowledge-base.js';
import { directKb } from '../../src/conversation/direct-kb.js';
import type { KbService, Reply } from '../../src/conversation/types.js';
import { respond } from '../../src/conversation/respond.js';
import {
  cardBytes,
  MAX_CARD_BYTES,
  renderAdaptiveCard,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from '../../src/render/adaptive-card.js';
import { renderBlockKit, SLACK_LIMITS, type Block } from '../../src/render/block-kit.js';
import { renderArticleModal } from '../../src/slack/views.js';
import * as AC from 'adaptivecards';
import { EVENT_4283, SEED_CONTENT } from '../helpers/http.js';
import { REPO_ROOT, removeTemp, writeTempCorpus } from '../fixtures/fixture-files.js';
import { ANSWER, ARTICLE } from './fixtures.js';

function walk(els: CardElement[]): CardElement[] {
  return els.flatMap((e) => [
    e,
    ...(e.type === 'Container'
      ? walk(e.items)
      : e.type === 'Table'
        ? walk(e.rows.flatMap((r) => r.cells.flatMap((c) => c.items)))
        : []),
  ]);
}
const texts = (card: AdaptiveCard) =>
  walk(card.body).flatMap((e) =>
    e.type === 'TextBlock'
      ? [e.text]
      : e.type === 'RichTextBlock'
        ? [e.inlines.map((i) => i.text).join('')]
        : [],
  );
const cardActions = (card: AdaptiveCard): CardAction[] => [
  ...walk(card.body).flatMap((e) => (e.type === 'ActionSet' ? e.actions : [])),
  ...(card.actions ?? []),
];
const mrkdwnOf = (blocks: Block[]) =>
  blocks.flatMap((b) =>
    b.type === 'section' && b.text
      ? [b.text.text]
      : b.type === 'context'
        ? b.elements.map((e) => e.text)
        : [],
  );

/** What the adaptivecards library itself finds wrong with a card (unknown element types, bad values). */
function libraryProblems(card: AdaptiveCard): string[] {
  const ctx = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card as unknown as object, ctx);
  return Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
}

async function ask(kb: KbService, text: string): Promise<Reply> {
  return respond({ text, platform: 'playground', conversation: 'none' }, { kb, version: 't' });
}

describe('cards from the seed articles', () => {
  let kb: KbService;
  before(async () => {
    kb = directKb(await KnowledgeBase.open({ contentDir: SEED_CONTENT }));
  });

  test('the 4283 card starts with the fix: the rollup to obtain, and the article it points to', async () => {
    const reply = await ask(kb, EVENT_4283);
    const card = renderAdaptiveCard(reply);
    const t = texts(card);
    assert.ok(t.indexOf('Fix') > 0 && t.indexOf('Fix') < t.indexOf('Symptoms'), 'Fix before Symptoms');
    assert.equal(
      t[t.indexOf('Fix') + 1],
      'To resolve this problem, obtain the March 2003 Exchange 2000 Server Post-Service Pack 3 (SP3) Rollup.',
    );
    assert.ok(
      !t.some((x) => x.includes('Apply it only to computers')),
      'the hotfix boilerplate is not on the card',
    );
    const rollup = cardActions(card).find((a) => a.title.startsWith('813840 XGEN'));
    assert.deepEqual(
      rollup && { type: rollup.type, url: 'url' in rollup ? rollup.url : undefined },
      { type: 'Action.OpenUrl', url: 'https://support.microsoft.com/kb/813840' },
      'not in the content: its public page',
    );

    const slack = renderBlockKit(reply);
    const sections = mrkdwnOf(slack.blocks);
    const fix = sections.findIndex((s) => s.startsWith('*Fix*'));
    assert.ok(fix >= 0 && fix < sections.findIndex((s) => s.startsWith('*Symptoms*')));
    assert.ok(
      sections.some((s) => s.includes('<https://support.microsoft.com/kb/813840|813840 XGEN: March 2003')),
      'a link in Slack',
    );
  });

  test('the 4283 card lists no other matches: the others are unrelated (0–1 %)', async () => {
    const reply = await ask(kb, EVENT_4283);
    assert.ok(reply.kind === 'answer' && reply.answer.alternatives.length > 0, 'there are other results');
    assert.ok(
      !cardActions(renderAdaptiveCard(reply)).some(
        (a) => a.title === 'Other matches' || a.title.startsWith('RB-LDAP-636'),
      ),
    );
    assert.ok(!JSON.stringify(renderBlockKit(reply).blocks).includes('kbbot:more'));
  });

  test('the full 4283 article keeps its file table: a Table in Teams, a code block in Slack', async () => {
    const reply = await ask(kb, 'open KB811406');
    const card = renderAdaptiveCard(reply);
    const table = walk(card.body).find((e) => e.type === 'Table');
    assert.ok(table && table.type === 'Table', 'a Table element');
    assert.equal(table.firstRowAsHeader, true);
    const rows = table.rows.map((r) =>
      r.cells.map((c) => (c.items[0].type === 'TextBlock' ? c.items[0].text : '')),
    );
    assert.deepEqual(rows, [
      ['Date', 'Time', 'Version', 'Size', 'File name'],
      ['02-Jan-2003', '19:28', '6.0.6394.0', '1,798,144', 'Emsmta.exe'],
    ]);
    assert.ok(cardBytes(card) <= MAX_CARD_BYTES);
    assert.deepEqual(libraryProblems(card), [], 'Table, RichTextBlock and the rest are valid 1.5');
    const modal = renderArticleModal(reply);
    const code = mrkdwnOf(modal.blocks).join('\n');
    assert.match(
      code,
      /```\nDate {9}Time {3}Version {12}Size {4}File name\n-{10,}\n02-Jan-2003 {2}19:28 {2}6\.0\.6394\.0 {6}1,798,144 {2}Emsmta\.exe\n```/,
    );
    assert.ok(modal.blocks.length <= SLACK_LIMITS.viewBlocks);
  });

  test('the Q214864 card starts with the fix: the service pack to obtain', async () => {
    const reply = await ask(
      kb,
      'Accept clients on POP3 interface failed in function HrRegisterProtocol with error 0x2741',
    );
    const t = texts(renderAdaptiveCard(reply));
    assert.equal(
      t[t.indexOf('Fix') + 1],
      'To resolve this problem, obtain the latest service pack for Windows NT 4.0 or the individual software update.',
    );
  });
});

describe('references on a card', () => {
  test('an article the content has opens in the chat; one it lacks opens its public page', () => {
    const article = {
      ...ARTICLE,
      fix: [{ kind: 'text' as const, text: 'Obtain the rollup.' }],
      refs: [
        {
          id: 'Q813840',
          label: '813840 XGEN: March 2003 Rollup',
          inCorpus: true,
          url: 'https://support.microsoft.com/kb/813840',
        },
        {
          id: 'Q301378',
          label: '301378 How to Obtain the Latest Service Pack',
          inCorpus: false,
          url: 'https://support.microsoft.com/kb/301378',
        },
      ],
    };
    const reply: Reply = { kind: 'answer', answer: { ...ANSWER, article } };
    const acts = cardActions(renderAdaptiveCard(reply));
    const open = acts.find((a) => a.title.startsWith('813840'));
    assert.ok(
      open?.type === 'Action.Submit' && open.data.text === 'open Q813840' && open.data.query === ANSWER.query,
    );
    const web = acts.find((a) => a.title.startsWith('301378'));
    assert.ok(web?.type === 'Action.OpenUrl' && web.url === 'https://support.microsoft.com/kb/301378');
    const blocks = renderBlockKit(reply).blocks;
    const button = blocks
      .flatMap((b) => (b.type === 'actions' ? b.elements : []))
      .find((e) => e.text.text.startsWith('813840'));
    assert.equal(button && JSON.parse(button.value!).text, 'open Q813840');
    assert.ok(
      mrkdwnOf(blocks).some((m) =>
        m.includes('<https://support.microsoft.com/kb/301378|301378 How to Obtain the Latest Service Pack>'),
      ),
    );
  });
});

/** A few archive articles (not committed), extracted by path: hotfix tables, registry steps, code in steps, and the registry warning they share. */
const ARCHIVE = path.resolve(REPO_ROOT, '../shared/corpus/kb-archive-txt.tar.gz');
const SAMPLES = [
  '214/Q214864',
  '169/Q169742',
  '200/Q200074',
  '200/Q200430',
  '200/Q200490',
  '200/Q200915',
  '200/Q200941',
  '200/Q200988',
  '201/Q201068',
  '201/Q201129',
].map((p) => `txt/${p}.TXT`);
const SKIP = 'archive ../shared/corpus/kb-archive-txt.tar.gz not found';
const present = existsSync(ARCHIVE);

describe('cards from KB archive articles', () => {
  let dir: string | undefined;
  let kb: KbService;
  before(async () => {
    if (!present) return;
    dir = await writeTempCorpus({}, 'kbbot-archive-cards-');
    await promisify(execFile)('tar', ['-xzf', ARCHIVE, '-C', dir, ...SAMPLES]);
    kb = directKb(await KnowledgeBase.open({ contentDir: dir }));
  });
  after(async () => {
    if (dir) await removeTemp(dir);
  });

  test('the registry warning they share is boilerplate: folded last, not in the resolution', async (t) => {
    if (!present) return t.skip(SKIP);
    const reply = await ask(kb, 'open Q200941');
    assert.ok(reply.kind === 'article' && reply.article);
    assert.ok(
      reply.article.boilerplate?.some((p) => p.startsWith('WARNING: If you use Registry Editor incorrectly')),
    );
    const card = renderAdaptiveCard(reply);
    assert.deepEqual(libraryProblems(card), []);
    const toggle = cardActions(card).find((a) => a.type === 'Action.ToggleVisibility');
    assert.ok(toggle, 'a button shows the standard notices');
    const hidden = walk(card.body).find((e) => e.type === 'Container' && e.isVisible === false);
    assert.ok(
      hidden && hidden.type === 'Container' && JSON.stringify(hidden).includes('Registry Editor incorrectly'),
    );
    const slack = mrkdwnOf(renderArticleModal(reply).blocks);
    assert.match(slack.at(-2) ?? slack.at(-1) ?? '', /Standard notices/);
  });

  test('a registry key stays on its own lines under its step, and the code of Q200074 stays code', async (t) => {
    if (!present) return t.skip(SKIP);
    const reply = await ask(kb, 'open Q200074');
    const slack = mrkdwnOf(renderArticleModal(reply).blocks).join('\n');
    assert.match(slack, /```\n\/\/ IBuildProject\.odl : type library source for IBuildProject\.tlb\n/);
    assert.match(slack, /```\nREGEDIT4\n\n\[HKEY_CLASSES_ROOT\\Interface\\/);
    const card = renderAdaptiveCard(reply);
    assert.ok(texts(card).includes('REGEDIT4'), 'a line of its own in Teams');
    assert.ok(cardBytes(card) <= MAX_CARD_BYTES);
  });

  test('a file table whose columns do not line up is kept in monospace (Q169742), and the fix is the service pack', async (t) => {
    if (!present) return t.skip(SKIP);
    const reply = await ask(kb, 'open Q169742');
    const mono = walk(renderAdaptiveCard(reply).body).filter(
      (e) => e.type === 'RichTextBlock' && e.inlines[0].fontType === 'Monospace',
    );
    assert.ok(
      mono.some(
        (e) =>
          e.type === 'RichTextBlock' &&
          /^05\/29\/97\u00a0\u00a006:20p\u00a0+259,920 Rdr\.sys/.test(e.inlines[0].text),
      ),
    );
    assert.ok(
      reply.kind === 'article' &&
        reply.article?.fix?.[0].kind === 'text' &&
        /^To resolve this problem, obtain the latest service pack/.test(reply.article.fix[0].text),
    );
  });

  test('references open in the chat when the content has the article', async (t) => {
    if (!present) return t.skip(SKIP);
    const reply = await ask(kb, 'open Q169742');
    assert.ok(reply.kind === 'article');
    const inCorpus = reply.article?.refs?.find((r) => r.inCorpus);
    if (!inCorpus) return t.skip('no reference among the samples is in the content');
    const button = cardActions(renderAdaptiveCard(reply)).find(
      (a) => a.type === 'Action.Submit' && a.data.text === `open ${inCorpus.id}`,
    );
    assert.ok(button);
  });
});
