/**
 * A Reply as a Slack message: `text` (the notification and fallback) and Block Kit `blocks`.
 * Pure. Stays within Slack's limits: header ≤ 150 characters, section text ≤ 3000, button text
 * ≤ 75, button value ≤ 2000, ≤ 25 elements per actions block, ≤ 50 blocks.
 *
 * Buttons: `action_id` is `kbbot:<what>` (unique within the message); a submit button's
 * `value` is the JSON of an ActionPayload (src/conversation/actions.ts) — hand it to
 * `turnFromAction` to get the Turn it stands for. URL buttons open the article.
 */
import type { Reply } from '../conversation/types.js';
import { buildView, clip, DEFAULT_LIMITS, type CardView, type ViewAction } from './view.js';

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

export const SLACK_LIMITS = {
  headerChars: 150,
  sectionChars: 3000,
  fieldChars: 2000,
  contextChars: 3000,
  buttonTextChars: 75,
  buttonValueChars: 2000,
  actionsElements: 25,
  blocks: 50,
  textChars: 3000,
} as const;

/** Escapes the three characters Slack's mrkdwn treats as markup. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function mrkdwn(text: string, max: number = SLACK_LIMITS.sectionChars): MrkdwnObject {
  return { type: 'mrkdwn', text: clipEscaped(text, max) };
}

/** Clips raw text so that, once escaped, it fits `max`. */
function clipEscaped(raw: string, max: number): string {
  let t = raw;
  let out = escapeMrkdwn(t);
  while (out.length > max) {
    t = clip(t, Math.max(1, t.length - (out.length - max) - 8));
    out = escapeMrkdwn(t);
  }
  return out;
}

function plain(text: string, max: number): PlainTextObject {
  return { type: 'plain_text', text: clip(text.replace(/\s+/g, ' '), max) || ' ', emoji: true };
}

function button(a: ViewAction): ButtonElement {
  const b: ButtonElement = { type: 'button', text: plain(a.title, SLACK_LIMITS.buttonTextChars), action_id: `kbbot:${a.id}` };
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

function sectionBlock(s: CardView['sections'][number]): SectionBlock {
  // Escape the body, keep our own *bold* heading markup.
  const heading = s.heading ? `*${escapeMrkdwn(s.heading)}*\n` : '';
  const body = sectionBody(s);
  return { type: 'section', text: { type: 'mrkdwn', text: heading + clipEscaped(body, SLACK_LIMITS.sectionChars - heading.length) } };
}

function viewToBlocks(v: CardView): Block[] {
  const blocks: Block[] = [];
  if (v.title) blocks.push({ type: 'header', text: plain(v.title, SLACK_LIMITS.headerChars) });
  if (v.subtitle) blocks.push({ type: 'context', elements: [mrkdwn(v.subtitle, SLACK_LIMITS.contextChars)] });
  if (v.notice) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:information_source: ${clipEscaped(v.notice, SLACK_LIMITS.contextChars - 30)}` }] });
  if (v.status) {
    const icon = v.status.tone === 'attention' ? ':mag: ' : v.status.tone === 'warning' ? ':warning: ' : '';
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: icon + clipEscaped(v.status.text, SLACK_LIMITS.sectionChars - 20) } });
  }
  if (v.facts.length) {
    const text = v.facts.map((f) => `*${escapeMrkdwn(f.label)}:* ${clipEscaped(f.value, 900)}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, SLACK_LIMITS.sectionChars) } });
  }
  for (const s of v.sections) blocks.push(sectionBlock(s));
  if (v.choices && v.choices.items.length) {
    blocks.push({ type: 'divider' });
    const list = v.choices.items.map((c, i) => `${i + 1}. ${escapeMrkdwn(c.title)}${c.detail ? ` (${escapeMrkdwn(c.detail)})` : ''}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(v.choices.heading)}*\n${list}`.slice(0, SLACK_LIMITS.sectionChars) } });
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
  if (v.actions.length) blocks.push({ type: 'actions', elements: v.actions.slice(0, SLACK_LIMITS.actionsElements).map(button) });
  return blocks.slice(0, SLACK_LIMITS.blocks);
}

export function renderBlockKit(reply: Reply): BlockKitMessage {
  const view = buildView(reply, DEFAULT_LIMITS);
  return { text: clipEscaped(view.fallback, SLACK_LIMITS.textChars), blocks: viewToBlocks(view) };
}
