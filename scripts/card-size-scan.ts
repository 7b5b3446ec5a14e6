/**
 * Card sizes over a whole corpus: every article drawn as an answer card, as its full article
 * and as a link preview, in Teams (Adaptive Card bytes) and Slack (blocks, longest text), against
 * the platforms' limits. Prints the largest and every card over a limit.
 *
 *   KB_CACHE_DIR=.cache node --import tsx scripts/card-size-scan.ts <content dir> [--limit N]
 */
import { toAnswerArticle } from '../src/answer/build-answer.js';
import type { Answer, AnswerArticle } from '../src/answer/types.js';
import type { Reply } from '../src/conversation/types.js';
import { KnowledgeBase } from '../src/kb/knowledge-base.js';
import {
  cardBytes,
  MAX_CARD_BYTES,
  renderAdaptiveCard,
  renderLinkCard,
  type AdaptiveCard,
} from '../src/render/adaptive-card.js';
import { renderBlockKit, SLACK_LIMITS, type Block } from '../src/render/block-kit.js';
import { renderArticleModal, renderUnfurl } from '../src/slack/views.js';

/** What Teams accepts in one message (the renderer keeps cards under MAX_CARD_BYTES). */
const TEAMS_LIMIT_BYTES = 28 * 1024;

interface Worst {
  value: number;
  id: string;
}

class Stat {
  values: number[] = [];
  worst: Worst = { value: -1, id: '' };
  over: string[] = [];
  constructor(
    readonly name: string,
    readonly limit: number,
  ) {}
  add(value: number, id: string): void {
    this.values.push(value);
    if (value > this.worst.value) this.worst = { value, id };
    if (value > this.limit) this.over.push(id);
  }
  line(): string {
    const v = [...this.values].sort((a, b) => a - b);
    const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
    return `${this.name.padEnd(34)} median ${String(q(0.5)).padStart(6)}  p99 ${String(q(0.99)).padStart(6)}  max ${String(this.worst.value).padStart(6)} (${this.worst.id})  limit ${this.limit}  over ${this.over.length}${this.over.length ? ` e.g. ${this.over.slice(0, 5).join(', ')}` : ''}`;
  }
}

/** Slack limits a message or view must keep: the longest text of any one block element. */
function longestText(blocks: Block[]): number {
  let max = 0;
  for (const b of blocks) {
    if (b.type === 'section')
      max = Math.max(max, b.text?.text.length ?? 0, ...(b.fields ?? []).map((f) => f.text.length));
    if (b.type === 'context') max = Math.max(max, ...b.elements.map((e) => e.text.length));
    if (b.type === 'header') max = Math.max(max, b.text.text.length);
  }
  return max;
}

function slackButtonProblems(blocks: Block[]): number {
  let n = 0;
  for (const b of blocks) {
    if (b.type !== 'actions') continue;
    if (b.elements.length > SLACK_LIMITS.actionsElements) n++;
    for (const e of b.elements)
      if (
        e.text.text.length > SLACK_LIMITS.buttonTextChars ||
        (e.value?.length ?? 0) > SLACK_LIMITS.buttonValueChars
      )
        n++;
  }
  return n;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: card-size-scan.ts <content dir> [--limit N]');
  const limitAt = process.argv.indexOf('--limit');
  const limit = limitAt > 0 ? Number(process.argv[limitAt + 1]) : Infinity;
  const t0 = Date.now();
  const kb = await KnowledgeBase.open({ contentDir: dir, cacheDir: process.env.KB_CACHE_DIR });
  console.log(
    `${kb.size.toLocaleString('en')} articles (${kb.fromSnapshot ? 'snapshot' : 'parsed'}, ${Date.now() - t0} ms)`,
  );
  const stats = {
    answerBytes: new Stat('Teams answer card (bytes)', TEAMS_LIMIT_BYTES),
    articleBytes: new Stat('Teams full article (bytes)', TEAMS_LIMIT_BYTES),
    linkBytes: new Stat('Teams link preview (bytes)', TEAMS_LIMIT_BYTES),
    answerBlocks: new Stat('Slack answer message (blocks)', SLACK_LIMITS.blocks),
    answerText: new Stat('Slack answer longest text (chars)', SLACK_LIMITS.sectionChars),
    modalBlocks: new Stat('Slack full-article modal (blocks)', SLACK_LIMITS.viewBlocks),
    modalText: new Stat('Slack modal longest text (chars)', SLACK_LIMITS.sectionChars),
    unfurlBlocks: new Stat('Slack unfurl (blocks)', SLACK_LIMITS.blocks),
    buttons: new Stat('Slack buttons over a limit', 0),
  };
  let withFix = 0;
  let withBoilerplate = 0;
  let withPre = 0;
  let shortened = 0;
  const count = Math.min(kb.size, limit);
  for (let d = 0; d < count; d++) {
    const id = kb.index.docs[d].id;
    const raw = await kb.article(id);
    if (!raw) continue;
    const art: AnswerArticle = toAnswerArticle(raw, [], kb.context);
    if (art.fix?.length) withFix++;
    if (art.boilerplate?.length) withBoilerplate++;
    if (JSON.stringify(art.blocks ?? {}).includes('"kind":"pre"')) withPre++;
    const answer: Answer = {
      query: art.title,
      answered: true,
      confidence: 1,
      article: art,
      why: [],
      alternatives: [],
      codes: [],
    };
    const answerReply: Reply = { kind: 'answer', answer };
    const articleReply: Reply = { kind: 'article', id, article: art };
    const card: AdaptiveCard = renderAdaptiveCard(answerReply);
    stats.answerBytes.add(cardBytes(card), id);
    const full = renderAdaptiveCard(articleReply);
    stats.articleBytes.add(cardBytes(full), id);
    if (JSON.stringify(full.body.at(-1)).includes('longer than a Teams message holds')) shortened++;
    stats.linkBytes.add(cardBytes(renderLinkCard(art)), id);
    const message = renderBlockKit(answerReply, { shareText: art.title });
    stats.answerBlocks.add(message.blocks.length, id);
    stats.answerText.add(longestText(message.blocks), id);
    const modal = renderArticleModal(articleReply);
    stats.modalBlocks.add(modal.blocks.length, id);
    stats.modalText.add(longestText(modal.blocks), id);
    stats.unfurlBlocks.add(renderUnfurl(art).blocks.length, id);
    stats.buttons.add(slackButtonProblems([...message.blocks, ...modal.blocks]), id);
    if ((d + 1) % 5000 === 0) console.error(`… ${d + 1}`);
  }
  console.log(`scanned ${count.toLocaleString('en')} articles in ${Math.round((Date.now() - t0) / 1000)} s`);
  console.log(
    `with a Fix: ${withFix} · with boilerplate folded: ${withBoilerplate} · with preformatted text: ${withPre} · full article cut to fit Teams: ${shortened}`,
  );
  console.log(
    `Teams cards are kept under ${MAX_CARD_BYTES} bytes by the renderer; Teams refuses about ${TEAMS_LIMIT_BYTES}.`,
  );
  for (const s of Object.values(stats)) console.log(s.line());
  kb.close();
}

await main();
