/**
 * Slack's own views, pure (no I/O), built from the Block Kit renderer's pieces (src/render/block-kit.ts):
 *
 *   renderArticleModal(reply)      the "Full article" modal: every section, cut into blocks (≤ 100)
 *   renderReplyModal(reply)        any reply as a modal
 *   renderUnfurl(article)          a KB link's unfurl
 *   renderHomeView(home)           the App Home tab: what kbbot does, the corpus, examples (≤ 100)
 *   acknowledgeInPlace(blocks, …)  a card whose feedback buttons became "Thanks, noted…"
 *
 * Teams' counterparts are in src/teams/cards.ts.
 */
import type { AnswerArticle } from '../answer/types.js';
import { actionPayload } from '../conversation/actions.js';
import { articleFormatsText } from '../conversation/format.js';
import type { Reply } from '../conversation/types.js';
import {
  ACTION_IDS,
  articleShown,
  clipEscaped,
  escapeMrkdwn,
  fitBlocks,
  link,
  mrkdwn,
  plain,
  renderBlockKit,
  SLACK_LIMITS,
  viewToBlocks,
  type Block,
  type ButtonElement,
  type ContextBlock,
  type HomeView,
  type ModalView,
} from '../render/block-kit.js';
import { buildView, clip, displayId, linkView, type ViewLimits } from '../render/view.js';

/** Generous enough that a modal shows every section whole; blocks are then cut at 3,000 characters. */
const MODAL_LIMITS: ViewLimits = {
  sectionChars: 60_000,
  steps: 200,
  stepChars: 2_900,
  choices: 5,
  queryChars: 1000,
};

/** The "Full article" modal: the article's every section, no buttons but a link to its source. */
export function renderArticleModal(reply: Reply): ModalView {
  const view = buildView(reply, MODAL_LIMITS);
  const art = articleShown(reply);
  const blocks = viewToBlocks({ ...view, choices: undefined, actions: [] });
  if (art?.url)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Source: ${link(art.url, art.url)}` }],
    });
  const note = art?.url ? `… the rest is at ${link(art.url, art.url)}` : '… the rest did not fit in Slack.';
  return {
    type: 'modal',
    title: plain(art ? displayId(art.id) : 'kbbot', SLACK_LIMITS.viewTitleChars),
    close: plain('Close', SLACK_LIMITS.viewTitleChars),
    blocks: fitBlocks(blocks, SLACK_LIMITS.viewBlocks, note),
  };
}

/** A KB link's unfurl (chat.unfurl): the article's title, its fix, a button that opens it here. */
export function renderUnfurl(article: AnswerArticle): { blocks: Block[] } {
  return { blocks: fitBlocks(viewToBlocks(linkView(article)), SLACK_LIMITS.blocks, '…') };
}

/** Any reply as a modal (a button pressed in the App Home or in a modal has no message to answer under). */
export function renderReplyModal(reply: Reply): ModalView {
  const m = renderBlockKit(reply);
  return {
    type: 'modal',
    title: plain('kbbot', SLACK_LIMITS.viewTitleChars),
    close: plain('Close', SLACK_LIMITS.viewTitleChars),
    blocks: m.blocks,
  };
}

/** What the App Home tab shows: the `about` and `help` replies of the conversation, and the slash command's name. */
export interface HomeContent {
  about: Extract<Reply, { kind: 'about' }>;
  help: Extract<Reply, { kind: 'help' }>;
  command: string;
  /** Example pastes people can try. */
  examples: string[];
}

export function renderHomeView(home: HomeContent): HomeView {
  const cmd = escapeMrkdwn(home.command);
  const blocks: Block[] = [
    { type: 'header', text: plain('kbbot: the KB article that fixes your error', SLACK_LIMITS.headerChars) },
    {
      type: 'section',
      text: mrkdwn(
        'Paste an error (an Event Viewer entry, a log line, an error code, a KB number) and kbbot answers with the knowledge-base article that fixes it: symptoms, cause and the resolution steps, with how confident it is.',
      ),
    },
    { type: 'header', text: plain('How to ask', SLACK_LIMITS.headerChars) },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          `• \`${cmd} &lt;paste&gt;\` in any channel: the answer only you see, with *Share in channel*.`,
          '• Mention `@kbbot &lt;paste&gt;` in a channel: the answer in the thread.',
          '• Send kbbot a direct message: every message is a question.',
          '• On any message: ⋯ → *Find KB fix*, and the answer comes to you privately.',
          `• \`${cmd} help\` for usage, \`${cmd} KB214864\` to open an article.`,
        ].join('\n'),
      },
    },
    { type: 'header', text: plain('What I know', SLACK_LIMITS.headerChars) },
  ];
  const c = home.about.corpus;
  if (c) {
    blocks.push({
      type: 'section',
      fields: [
        mrkdwn(`*Articles*\n${c.articles.toLocaleString('en')}`, SLACK_LIMITS.fieldChars),
        mrkdwn(`*Formats*\n${articleFormatsText(c.byFormat)}`, SLACK_LIMITS.fieldChars),
        mrkdwn(`*Loaded*\n${c.loadedAt}`, SLACK_LIMITS.fieldChars),
        mrkdwn(`*Version*\n${home.about.version}`, SLACK_LIMITS.fieldChars),
      ],
    });
  } else {
    blocks.push({ type: 'section', text: mrkdwn(home.about.text) });
  }
  if (home.examples.length) {
    blocks.push({ type: 'header', text: plain('Try a paste', SLACK_LIMITS.headerChars) });
    for (const [i, e] of home.examples.slice(0, 10).entries()) {
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: `\`\`\`${clipEscaped(e, SLACK_LIMITS.sectionChars - 10)}\`\`\`` },
      });
      blocks.push({
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: plain('Try it', SLACK_LIMITS.buttonTextChars),
            action_id: `kbbot:example:${i}`,
            value: JSON.stringify(actionPayload(e)).slice(0, SLACK_LIMITS.buttonValueChars),
          },
        ],
      });
    }
  }
  blocks.push(
    { type: 'divider' },
    {
      type: 'context',
      elements: [mrkdwn(clip(home.help.text.replace(/\n/g, '  '), 2900), SLACK_LIMITS.contextChars)],
    },
  );
  return { type: 'home', blocks: fitBlocks(blocks, SLACK_LIMITS.viewBlocks, '…') };
}

/**
 * A card after a "Helpful"/"Not helpful" press: both feedback buttons go (a vote is given once)
 * and the acknowledgement takes their place; everything else stays as it was.
 */
export function acknowledgeInPlace(
  blocks: Block[],
  ackText: string,
  replaced: readonly string[] = [ACTION_IDS.helpful, ACTION_IDS.notHelpful],
): Block[] {
  const ack: ContextBlock = {
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `:white_check_mark: ${clipEscaped(ackText, SLACK_LIMITS.contextChars - 20)}` },
    ],
  };
  const isFeedback = (e: ButtonElement) => replaced.includes(e.action_id);
  const out: Block[] = [];
  let placed = false;
  for (const b of blocks) {
    if (b.type !== 'actions' || !b.elements.some(isFeedback)) {
      out.push(b);
      continue;
    }
    const rest = b.elements.filter((e) => !isFeedback(e));
    if (rest.length) out.push({ ...b, elements: rest });
    if (!placed) out.push(ack);
    placed = true;
  }
  return placed ? out : [...out, ack].slice(0, SLACK_LIMITS.blocks);
}
