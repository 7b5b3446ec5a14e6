/**
 * A Reply as an Adaptive Card (schema 1.5), the card Teams and the playground show. Pure.
 * Kept under ~28 KB (Teams refuses messages much over that): when a card would be larger, its
 * texts are shortened step by step until it fits.
 *
 * Buttons: Action.OpenUrl opens the article; Action.Submit's `data` is an ActionPayload
 * (src/conversation/actions.ts) — hand the activity's `value` to `turnFromAction`.
 */
import type { Reply } from '../conversation/types.js';
import { buildView, clip, DEFAULT_LIMITS, type CardView, type Tone, type ViewAction, type ViewLimits } from './view.js';
import type { ActionPayload } from '../conversation/actions.js';

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
export type TextColor = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  weight?: 'Lighter' | 'Default' | 'Bolder';
  color?: TextColor;
  isSubtle?: boolean;
  spacing?: Spacing;
  separator?: boolean;
  style?: 'default' | 'heading';
}

export interface FactSet {
  type: 'FactSet';
  facts: Array<{ title: string; value: string }>;
  spacing?: Spacing;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  spacing?: Spacing;
  separator?: boolean;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: Spacing;
}

export type CardElement = TextBlock | FactSet | Container | ActionSet;

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: ActionPayload;
  style?: 'default' | 'positive' | 'destructive';
}

export type CardAction = OpenUrlAction | SubmitAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  fallbackText?: string;
  msteams?: { width: 'Full' };
}

/** Teams accepts about 28 KB per message; the card keeps below this. */
export const MAX_CARD_BYTES = 27_000;

const TONE_STYLE: Record<Tone, ContainerStyle> = { good: 'good', warning: 'warning', attention: 'attention', default: 'emphasis' };

function text(t: string, extra: Partial<TextBlock> = {}): TextBlock {
  return { type: 'TextBlock', text: t, wrap: true, ...extra };
}

function action(a: ViewAction): CardAction {
  if (a.kind === 'url') return { type: 'Action.OpenUrl', title: a.title, url: a.url };
  const s: SubmitAction = { type: 'Action.Submit', title: a.title, data: a.payload };
  if (a.style) s.style = a.style;
  return s;
}

function viewToCard(v: CardView): AdaptiveCard {
  const body: CardElement[] = [];
  if (v.title) body.push(text(v.title, { size: 'Large', weight: 'Bolder', style: 'heading' }));
  if (v.subtitle) body.push(text(v.subtitle, { isSubtle: true, spacing: 'None' }));
  if (v.notice) body.push({ type: 'Container', style: 'emphasis', items: [text(`ℹ ${v.notice}`, { size: 'Small' })] });
  if (v.status) body.push({ type: 'Container', style: TONE_STYLE[v.status.tone], items: [text(v.status.text)] });
  if (v.facts.length) body.push({ type: 'FactSet', facts: v.facts.map((f) => ({ title: f.label, value: f.value })) });
  for (const s of v.sections) {
    const items: CardElement[] = [];
    if (s.heading) items.push(text(s.heading, { weight: 'Bolder', size: 'Medium' }));
    if (s.text) items.push(text(s.text, { spacing: s.heading ? 'Small' : 'Default' }));
    if (s.steps) s.steps.forEach((step, i) => items.push(text(`${i + 1}. ${step}`, { spacing: 'Small' })));
    if (s.lines) for (const l of s.lines) items.push(text(l, { spacing: 'Small' }));
    body.push({ type: 'Container', items, spacing: 'Medium' });
  }
  if (v.choices && v.choices.items.length) {
    body.push(text(v.choices.heading, { weight: 'Bolder', size: 'Medium', separator: true, spacing: 'Medium' }));
    body.push({
      type: 'ActionSet',
      spacing: 'Small',
      actions: v.choices.items.map((c) => ({ type: 'Action.Submit', title: clip(`${c.title}${c.detail ? ` (${c.detail})` : ''}`, 120), data: c.payload })),
    });
  }
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    fallbackText: v.fallback,
    msteams: { width: 'Full' },
  };
  if (v.actions.length) card.actions = v.actions.map(action);
  return card;
}

export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

export function renderAdaptiveCard(reply: Reply): AdaptiveCard {
  let limits: ViewLimits = DEFAULT_LIMITS;
  let card = viewToCard(buildView(reply, limits));
  // Shrink the texts until the card fits (a huge article, a long paste carried by every button).
  for (let i = 0; i < 6 && cardBytes(card) > MAX_CARD_BYTES; i++) {
    limits = {
      sectionChars: Math.max(200, Math.floor(limits.sectionChars / 2)),
      steps: Math.max(3, Math.floor(limits.steps / 2)),
      stepChars: Math.max(120, Math.floor(limits.stepChars / 2)),
      choices: Math.max(3, limits.choices - 1),
      queryChars: Math.max(200, Math.floor(limits.queryChars / 2)),
    };
    card = viewToCard(buildView(reply, limits));
  }
  return card;
}
