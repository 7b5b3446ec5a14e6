/**
 * A Reply as Slack Block Kit, pure (no I/O):
 *
 *   renderBlockKit(reply, opts)    a message: `text` (notification and fallback) and `blocks` (≤ 50)
 *
 * and the pieces Slack's own views (src/slack/views.ts: modals, App Home, unfurls) are built of.
 *
 * Within Slack's limits: header ≤ 150 characters, section text ≤ 3000, button text ≤ 75, button
 * value ≤ 2000, ≤ 25 elements per actions block, view title ≤ 24. Longer text is cut with "…";
 * the "Full article" button then shows all of it.
 *
 * Buttons: `action_id` is `kbbot:<what>` (unique within the message); a submit button's
 * `value` is the JSON of an ActionPayload (src/conversation/actions.ts) — hand it to
 * `turnFromAction` to get the Turn it stands for. "Full article" carries `open <id>` (the
 * adapter opens it in a modal); "Share in channel" carries the words to answer in the channel.
 */
import type { AnswerArticle } from '../answer/types.js';
import { actionPayload } from '../conversation/actions.js';
import type { Reply } from '../conversation/types.js';
import { buildView, clip, DEFAULT_LIMITS, type CardView, type ViewAction, type ViewBlock } from './view.js';

export interface PlainTextObject {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnObject {
  type: 'mrkdwn';
  text: string;
}

export interface HeaderBlock {
  type: 'header';
  text: PlainTextObject;
}

export interface SectionBlock {
  type: 'section';
  text?: MrkdwnObject;
  fields?: MrkdwnObject[];
}

export interface ContextBlock {
  type: 'context';
  elements: Array<MrkdwnObject | PlainTextObject>;
}

export interface DividerBlock {
  type: 'divider';
}

export interface ButtonElement {
  type: 'button';
  text: PlainTextObject;
  action_id: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

export interface ActionsBlock {
  type: 'actions';
  elements: ButtonElement[];
}

export type Block = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock;

export interface BlockKitMessage {
  text: string;
  blocks: Block[];
}

/** A modal (views.open) or the App Home tab (views.publish). */
export interface ModalView {
  type: 'modal';
  title: PlainTextObject;
  close: PlainTextObject;
  blocks: Block[];
}

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

export interface BlockKitOptions {
  /** Adds a "Share in channel" button that answers these words again, for everyone (ephemeral answers). */
  shareText?: string;
  /** A Slack user id: the card says who shared it in the channel. */
  sharedBy?: string;
}

export const SLACK_LIMITS = {
  headerChars: 150,
  sectionChars: 3000,
  fieldChars: 2000,
  contextChars: 3000,
  buttonTextChars: 75,
  buttonValueChars: 2000,
  actionsElements: 25,
  blocks: 50,
  viewBlocks: 100,
  viewTitleChars: 24,
  textChars: 3000,
} as const;

/** The action_id of each button the adapter handles specially (the others are answered as words). */
export const ACTION_IDS = {
  fullArticle: 'kbbot:full-article',
  share: 'kbbot:share',
  helpful: 'kbbot:helpful',
  notHelpful: 'kbbot:not-helpful',
  escalate: 'kbbot:escalate',
} as const;

/** Escapes the three characters Slack's mrkdwn treats as markup. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function mrkdwn(text: string, max: number = SLACK_LIMITS.sectionChars): MrkdwnObject {
  return { type: 'mrkdwn', text: clipEscaped(text, max) };
}

/** Clips raw text so that, once escaped, it fits `max`. */
export function clipEscaped(raw: string, max: number): string {
  let t = raw;
  let out = escapeMrkdwn(t);
  while (out.length > max) {
    t = clip(t, Math.max(1, t.length - (out.length - max) - 8));
    out = escapeMrkdwn(t);
  }
  return out;
}

export function plain(text: string, max: number): PlainTextObject {
  return { type: 'plain_text', text: clip(text.replace(/\s+/g, ' '), max) || ' ', emoji: true };
}

function button(a: ViewAction): ButtonElement {
  const b: ButtonElement = {
    type: 'button',
    text: plain(a.title, SLACK_LIMITS.buttonTextChars),
    action_id: `kbbot:${a.id}`,
  };
  if (a.kind === 'url') b.url = a.url;
  else {
    b.value = JSON.stringify(a.payload).slice(0, SLACK_LIMITS.buttonValueChars);
    if (a.style === 'positive') b.style = 'primary';
    if (a.style === 'destructive') b.style = 'danger';
  }
  return b;
}

/** A section's body as raw text (escaped later): prose, numbered steps, or lines. */
function sectionBody(s: CardView['sections'][number]): string {
  const parts: string[] = [];
  if (s.text) parts.push(s.text);
  if (s.steps) parts.push(s.steps.map((t, i) => `${i + 1}. ${t}`).join('\n'));
  if (s.lines) parts.push(s.lines.map((l) => `• ${l}`).join('\n'));
  return parts.join('\n');
}

/** Preformatted text as a Slack code block, cut by lines to fit `max` characters once escaped. */
function fence(raw: string, max: number): string {
  const lines: string[] = [];
  let size = 8;
  for (const line of escapeMrkdwn(raw).split('\n')) {
    if (size + line.length + 1 > max) {
      lines.push('…');
      break;
    }
    lines.push(line);
    size += line.length + 1;
  }
  // Backticks inside would end the block early.
  return `\`\`\`\n${lines.join('\n').replace(/```/g, "'''")}\n\`\`\``;
}

/** One block of article text as escaped mrkdwn parts (each fits a section). */
function blockParts(b: ViewBlock, max: number): string[] {
  if (b.kind === 'text') return splitEscaped(b.text, max);
  if (b.kind === 'pre') return [fence(b.text, max)];
  return b.items.flatMap((s, i) => {
    const line = splitEscaped(`${i + 1}. ${s.text}`, max);
    return s.pre ? [...line, fence(s.pre, max)] : line;
  });
}

/** Parts packed into as few section blocks as fit; the first one carries the heading. */
function packSections(heading: string, parts: string[]): SectionBlock[] {
  const out: SectionBlock[] = [];
  let current = heading;
  const max = SLACK_LIMITS.sectionChars;
  for (const part of parts) {
    if (current.trim() && current.length + part.length + 1 > max) {
      out.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = '';
    }
    current = current && current !== heading ? `${current}\n${part}` : current + part;
  }
  if (current.trim()) out.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  return out;
}

/**
 * A section as blocks: its text in as many sections as it needs (a card's views are already
 * cut to size; a modal shows everything), code blocks for preformatted text, buttons for the
 * articles it refers to that open here and links for those that do not, boilerplate as small print.
 */
function sectionBlocks(s: CardView['sections'][number]): Block[] {
  const heading = s.heading ? `*${escapeMrkdwn(s.heading)}*\n` : '';
  const max = SLACK_LIMITS.sectionChars - heading.length;
  if (s.folded) {
    const text = (s.blocks ?? [])
      .map((b) => (b.kind === 'text' ? b.text : ''))
      .filter(Boolean)
      .join('\n');
    return [
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: heading + clipEscaped(text, SLACK_LIMITS.contextChars - heading.length) },
        ],
      },
    ];
  }
  const parts: string[] = [];
  const body = sectionBody(s);
  if (body) parts.push(...splitEscaped(body, max));
  for (const b of s.blocks ?? []) {
    // A blank line between paragraphs, tables and step lists.
    const p = blockParts(b, max - 1);
    if (parts.length && p.length) p[0] = `\n${p[0]}`;
    parts.push(...p);
  }
  const urls = (s.links ?? []).filter((l) => l.kind === 'url');
  if (urls.length) parts.push(urls.map((l) => `• ${link(l.url, l.title)}`).join('\n'));
  const out: Block[] = packSections(heading, parts);
  const buttons = (s.links ?? []).filter((l) => l.kind === 'submit');
  if (buttons.length)
    out.push({ type: 'actions', elements: buttons.slice(0, SLACK_LIMITS.actionsElements).map(button) });
  return out;
}

export function viewToBlocks(v: CardView): Block[] {
  const blocks: Block[] = [];
  if (v.title) blocks.push({ type: 'header', text: plain(v.title, SLACK_LIMITS.headerChars) });
  if (v.subtitle) blocks.push({ type: 'context', elements: [mrkdwn(v.subtitle, SLACK_LIMITS.contextChars)] });
  if (v.notice)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:information_source: ${clipEscaped(v.notice, SLACK_LIMITS.contextChars - 30)}`,
        },
      ],
    });
  if (v.status) {
    const icon = v.status.tone === 'attention' ? ':mag: ' : v.status.tone === 'warning' ? ':warning: ' : '';
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: icon + clipEscaped(v.status.text, SLACK_LIMITS.sectionChars - 20) },
    });
  }
  if (v.facts.length) {
    const text = v.facts.map((f) => `*${escapeMrkdwn(f.label)}:* ${clipEscaped(f.value, 900)}`).join('\n');
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: text.slice(0, SLACK_LIMITS.sectionChars) },
    });
  }
  for (const s of v.sections) blocks.push(...sectionBlocks(s));
  if (v.choices?.items.length) {
    blocks.push({ type: 'divider' });
    const list = v.choices.items
      .map((c, i) => `${i + 1}. ${escapeMrkdwn(c.title)}${c.detail ? ` (${escapeMrkdwn(c.detail)})` : ''}`)
      .join('\n');
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${escapeMrkdwn(v.choices.heading)}*\n${list}`.slice(0, SLACK_LIMITS.sectionChars),
      },
    });
    const items = v.choices.items.slice(0, SLACK_LIMITS.actionsElements);
    blocks.push({
      type: 'actions',
      elements: items.map((c, i) => ({
        type: 'button',
        text: plain(c.title, SLACK_LIMITS.buttonTextChars),
        action_id: `kbbot:choice:${i}`,
        value: JSON.stringify(c.payload).slice(0, SLACK_LIMITS.buttonValueChars),
      })),
    });
  }
  if (v.actions.length)
    blocks.push({ type: 'actions', elements: v.actions.slice(0, SLACK_LIMITS.actionsElements).map(button) });
  return blocks;
}

/** Keeps at most `max` blocks; the buttons (the last actions block) are kept when something is dropped. */
export function fitBlocks(blocks: Block[], max: number, note: string): Block[] {
  if (blocks.length <= max) return blocks;
  const last = blocks[blocks.length - 1];
  const keepLast = last.type === 'actions';
  const head = blocks.slice(0, max - (keepLast ? 2 : 1));
  head.push({ type: 'context', elements: [{ type: 'mrkdwn', text: note }] });
  if (keepLast) head.push(last);
  return head;
}

/** The article a card shows in full (a confident answer, an article opened by id), if any. */
export function articleShown(reply: Reply): AnswerArticle | undefined {
  if (reply.kind === 'answer') return reply.answer.answered ? reply.answer.article : undefined;
  if (reply.kind === 'article') return reply.article;
  return undefined;
}

/**
 * The card's buttons in Slack: "Full article" opens the modal (so it works for runbooks without a
 * URL, and the card stays short), and "Share in channel" when the answer is private.
 */
function slackActions(view: CardView, reply: Reply, opts: BlockKitOptions): ViewAction[] {
  const actions = view.actions.filter((a) => a.id !== 'full-article');
  const art = articleShown(reply);
  const query = reply.kind === 'answer' ? reply.answer.query.slice(0, DEFAULT_LIMITS.queryChars) : undefined;
  if (art)
    actions.unshift({
      kind: 'submit',
      id: 'full-article',
      title: 'Full article',
      payload: actionPayload(`open ${art.id}`, query, { intent: 'article', articleId: art.id }),
    });
  if (opts.shareText?.trim())
    actions.push({
      kind: 'submit',
      id: 'share',
      title: 'Share in channel',
      payload: actionPayload(opts.shareText),
    });
  return actions;
}

export function renderBlockKit(reply: Reply, opts: BlockKitOptions = {}): BlockKitMessage {
  const view = buildView(reply, DEFAULT_LIMITS);
  const blocks = viewToBlocks({ ...view, actions: slackActions(view, reply, opts) });
  if (opts.sharedBy && /^[UW][A-Z0-9]+$/.test(opts.sharedBy))
    blocks.unshift({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Shared by <@${opts.sharedBy}>` }],
    });
  return {
    text: clipEscaped(view.fallback, SLACK_LIMITS.textChars),
    blocks: fitBlocks(blocks, SLACK_LIMITS.blocks, '… more in the full article'),
  };
}

/** Escaped mrkdwn split into chunks of at most `max` characters, at line breaks where possible. */
export function splitEscaped(raw: string, max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of escapeMrkdwn(raw).split('\n')) {
    let rest = line;
    while (rest.length > max) {
      if (current) chunks.push(current);
      current = '';
      const cut = rest.lastIndexOf(' ', max) > max * 0.6 ? rest.lastIndexOf(' ', max) : max;
      chunks.push(rest.slice(0, cut));
      rest = rest.slice(cut).trimStart();
    }
    if (current && current.length + 1 + rest.length > max) {
      chunks.push(current);
      current = rest;
    } else current = current ? `${current}\n${rest}` : rest;
  }
  if (current.trim()) chunks.push(current);
  // A cut must not leave an entity ("&amp;") in halves.
  return chunks.map((c) => c.replace(/&[a-z]{0,3}$/, '')).filter((c) => c.trim());
}

/** Link text for a URL in mrkdwn (`<url|label>`); a URL with `|` or `>` in it is shown as text. */
export function link(url: string, label: string): string {
  return /^https?:\/\/[^\s|<>]+$/.test(url) ? `<${url}|${escapeMrkdwn(label)}>` : escapeMrkdwn(url);
}
