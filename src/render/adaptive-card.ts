/**
 * A Reply as an Adaptive Card (schema 1.5), the card Teams and the playground show. Pure.
 * Kept under ~28 KB (Teams refuses messages much over that): when a card would be larger, its
 * texts are shortened step by step until it fits, and the card says that "Full article" shows
 * them whole.
 *
 * Buttons: Action.Submit's `data` is an ActionPayload (src/conversation/actions.ts) — hand the
 * activity's `value` to `turnFromAction`. "Full article" carries `open <id>`, whose card shows
 * every section (so it works for runbooks without a URL too); Action.OpenUrl opens the source.
 */
import type { AnswerArticle } from '../answer/types.js';
import type { Reply } from '../conversation/types.js';
import { actionPayload, type ActionPayload } from '../conversation/actions.js';
import {
  buildView,
  clip,
  DEFAULT_LIMITS,
  linkView,
  type CardView,
  type Tone,
  type ViewAction,
  type ViewBlock,
  type ViewLimits,
} from './view.js';

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
  id?: string;
  isVisible?: boolean;
}

/** Text drawn as it is (no Markdown): preformatted lines, one block per line, in a monospace font. */
export interface RichTextBlock {
  type: 'RichTextBlock';
  inlines: Array<{
    type: 'TextRun';
    text: string;
    fontType?: 'Default' | 'Monospace';
    size?: 'Small' | 'Default';
  }>;
  spacing?: Spacing;
}

/** A file-version table and the like: columns kept. */
export interface Table {
  type: 'Table';
  columns: Array<{ width: number }>;
  rows: Array<{ type: 'TableRow'; cells: Array<{ type: 'TableCell'; items: CardElement[] }> }>;
  firstRowAsHeader?: boolean;
  showGridLines?: boolean;
  gridStyle?: ContainerStyle;
  spacing?: Spacing;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: Spacing;
}

export type CardElement = TextBlock | FactSet | Container | ActionSet | RichTextBlock | Table;

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

/** Shows or hides elements in place (the folded boilerplate). */
export interface ToggleVisibilityAction {
  type: 'Action.ToggleVisibility';
  title: string;
  targetElements: string[];
}

export type CardAction = OpenUrlAction | SubmitAction | ToggleVisibilityAction;

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

/** An article opened by its id ("Full article") shows its sections whole, as far as the size allows. */
export const FULL_ARTICLE_LIMITS: ViewLimits = {
  sectionChars: 24_000,
  steps: 100,
  stepChars: 4_000,
  choices: 5,
  queryChars: 1000,
};

export interface AdaptiveCardOptions {
  /** After a Helpful / Not helpful button: the card says this in place of those buttons. */
  acknowledgement?: string;
}

export const SHORTENED_NOTE = 'Long sections are shortened here: "Full article" shows them whole.';
export const ARTICLE_SHORTENED_NOTE =
  'This article is longer than a Teams message holds: the rest is in the source.';

const TONE_STYLE: Record<Tone, ContainerStyle> = {
  good: 'good',
  warning: 'warning',
  attention: 'attention',
  default: 'emphasis',
};

function text(t: string, extra: Partial<TextBlock> = {}): TextBlock {
  return { type: 'TextBlock', text: t, wrap: true, ...extra };
}

function action(a: ViewAction): CardAction {
  if (a.kind === 'url') return { type: 'Action.OpenUrl', title: a.title, url: a.url };
  const s: SubmitAction = { type: 'Action.Submit', title: a.title, data: a.payload };
  if (a.style) s.style = a.style;
  return s;
}

/** The article a card shows (a confident answer, an article opened by id), if any. */
function articleShown(reply: Reply): AnswerArticle | undefined {
  if (reply.kind === 'answer') return reply.answer.answered ? reply.answer.article : undefined;
  if (reply.kind === 'article') return reply.article;
  return undefined;
}

/**
 * The card's buttons: on an answer, "Full article" opens the article in the conversation (every
 * section); on the full article itself, "Open source" links to where it came from.
 */
function cardActions(view: CardView, reply: Reply, limits: ViewLimits): ViewAction[] {
  const art = articleShown(reply);
  const rest = view.actions.filter((a) => a.id !== 'full-article');
  if (!art) return rest;
  if (reply.kind === 'answer') {
    const query = reply.answer.query.slice(0, limits.queryChars);
    return [
      {
        kind: 'submit',
        id: 'full-article',
        title: 'Full article',
        payload: actionPayload(`open ${art.id}`, query),
      },
      ...rest,
    ];
  }
  return art.url ? [{ kind: 'url', id: 'source', title: 'Open source', url: art.url }, ...rest] : rest;
}

/** The view as this card draws it: its buttons, the acknowledgement, and a note when sections were cut. */
/** A CardView and the note under it. */
type DrawnView = CardView & { footnote?: string };

function cardView(reply: Reply, limits: ViewLimits, opts: AdaptiveCardOptions): DrawnView {
  const view = buildView(reply, limits);
  let actions = cardActions(view, reply, limits);
  let status = view.status;
  if (opts.acknowledgement) {
    actions = actions.filter((a) => a.id !== 'helpful' && a.id !== 'not-helpful');
    status = { tone: 'good', text: `✓ ${opts.acknowledgement}` };
  }
  const art = articleShown(reply);
  let footnote: string | undefined;
  if (
    art &&
    JSON.stringify(view.sections) !== JSON.stringify(buildView(reply, FULL_ARTICLE_LIMITS).sections)
  ) {
    footnote =
      reply.kind === 'answer'
        ? SHORTENED_NOTE
        : art.url
          ? ARTICLE_SHORTENED_NOTE
          : 'This article is longer than a Teams message holds: long sections are shortened.';
  }
  return { ...view, actions, status, footnote };
}

/** Spaces a renderer would collapse, kept (no-break spaces). */
function keepSpaces(line: string): string {
  return line.replace(/^ +| {2,}/g, (m) => '\u00a0'.repeat(m.length)) || '\u00a0';
}

/** Preformatted text whose lines split into the same number of columns (2+ spaces apart), as rows. */
export function tableRows(pre: string): { rows: string[][]; header: boolean } | undefined {
  const lines = pre.split('\n');
  const ruleAfterFirst = lines.length > 2 && /^\s*[-=_]{5,}\s*$/.test(lines[1]);
  const rows = lines
    .filter((l) => l.trim() && !/^\s*[-=_]{5,}\s*$/.test(l))
    .map((l) => l.trim().split(/\s{2,}/));
  const n = rows[0]?.length ?? 0;
  if (rows.length < 2 || n < 2 || n > 8 || rows.some((r) => r.length !== n)) return undefined;
  return { rows, header: ruleAfterFirst };
}

function preElements(pre: string): CardElement[] {
  const t = tableRows(pre);
  if (t) {
    return [
      {
        type: 'Table',
        columns: t.rows[0].map(() => ({ width: 1 })),
        rows: t.rows.map((r) => ({
          type: 'TableRow',
          cells: r.map((c) => ({ type: 'TableCell', items: [text(c, { size: 'Small' })] })),
        })),
        firstRowAsHeader: t.header,
        showGridLines: t.header,
        spacing: 'Small',
      },
    ];
  }
  const lines = pre.split('\n').map(
    (l): RichTextBlock => ({
      type: 'RichTextBlock',
      inlines: [{ type: 'TextRun', text: keepSpaces(l), fontType: 'Monospace', size: 'Small' }],
      spacing: 'None',
    }),
  );
  return [{ type: 'Container', style: 'emphasis', spacing: 'Small', items: lines }];
}

function blockElements(b: ViewBlock): CardElement[] {
  if (b.kind === 'text') return [text(b.text, { spacing: 'Small' })];
  if (b.kind === 'pre') return preElements(b.text);
  return b.items.flatMap((s, i) => [
    text(`${i + 1}. ${s.text}`, { spacing: 'Small' }),
    ...(s.pre ? preElements(s.pre) : []),
  ]);
}

/** Boilerplate: a button that shows it, and the text itself, hidden until then. */
function foldedElements(s: CardView['sections'][number], id: string): CardElement[] {
  const items = (s.blocks ?? []).flatMap((b) =>
    b.kind === 'text' ? [text(b.text, { size: 'Small', isSubtle: true, spacing: 'Small' })] : [],
  );
  return [
    {
      type: 'ActionSet',
      spacing: 'Medium',
      actions: [
        {
          type: 'Action.ToggleVisibility',
          title: `${s.heading ?? 'More'} (${items.length})`,
          targetElements: [id],
        },
      ],
    },
    { type: 'Container', id, isVisible: false, items },
  ];
}

function viewToCard(v: DrawnView): AdaptiveCard {
  const body: CardElement[] = [];
  if (v.title) body.push(text(v.title, { size: 'Large', weight: 'Bolder', style: 'heading' }));
  if (v.subtitle) body.push(text(v.subtitle, { isSubtle: true, spacing: 'None' }));
  if (v.notice)
    body.push({ type: 'Container', style: 'emphasis', items: [text(`ℹ ${v.notice}`, { size: 'Small' })] });
  if (v.status)
    body.push({ type: 'Container', style: TONE_STYLE[v.status.tone], items: [text(v.status.text)] });
  if (v.facts.length)
    body.push({ type: 'FactSet', facts: v.facts.map((f) => ({ title: f.label, value: f.value })) });
  for (const [n, s] of v.sections.entries()) {
    if (s.folded) {
      body.push(...foldedElements(s, `folded-${n}`));
      continue;
    }
    const items: CardElement[] = [];
    if (s.heading) items.push(text(s.heading, { weight: 'Bolder', size: 'Medium' }));
    if (s.text)
      items.push(
        ...s.text.split(/\n\s*\n/).map((p, i) => text(p, { spacing: s.heading || i ? 'Small' : 'Default' })),
      );
    for (const b of s.blocks ?? []) items.push(...blockElements(b));
    for (const [i, step] of (s.steps ?? []).entries())
      items.push(text(`${i + 1}. ${step}`, { spacing: 'Small' }));
    if (s.lines) for (const l of s.lines) items.push(text(s.bullets ? `• ${l}` : l, { spacing: 'Small' }));
    if (s.links?.length) items.push({ type: 'ActionSet', spacing: 'Small', actions: s.links.map(action) });
    body.push({ type: 'Container', items, spacing: 'Medium' });
  }
  if (v.choices?.items.length) {
    body.push(
      text(v.choices.heading, { weight: 'Bolder', size: 'Medium', separator: true, spacing: 'Medium' }),
    );
    body.push({
      type: 'ActionSet',
      spacing: 'Small',
      actions: v.choices.items.map((c) => ({
        type: 'Action.Submit',
        title: clip(`${c.title}${c.detail ? ` (${c.detail})` : ''}`, 120),
        data: c.payload,
      })),
    });
  }
  if (v.footnote) body.push(text(v.footnote, { size: 'Small', isSubtle: true, spacing: 'Medium' }));
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

/** A KB link's preview card (Teams link unfurling): the article's title, its fix, a button that opens it. */
export function renderLinkCard(article: AnswerArticle): AdaptiveCard {
  const view = linkView(article);
  return viewToCard({
    ...view,
    actions: article.url
      ? [...view.actions, { kind: 'url', id: 'source', title: 'Open source', url: article.url }]
      : view.actions,
  });
}

export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

export function renderAdaptiveCard(reply: Reply, opts: AdaptiveCardOptions = {}): AdaptiveCard {
  let limits: ViewLimits = reply.kind === 'article' ? FULL_ARTICLE_LIMITS : DEFAULT_LIMITS;
  let card = viewToCard(cardView(reply, limits, opts));
  // Shrink the texts until the card fits (a huge article, a long paste carried by every button).
  for (let i = 0; i < 10 && cardBytes(card) > MAX_CARD_BYTES; i++) {
    limits = {
      sectionChars: Math.max(200, Math.floor(limits.sectionChars / 2)),
      steps: Math.max(3, Math.floor(limits.steps / 2)),
      stepChars: Math.max(120, Math.floor(limits.stepChars / 2)),
      choices: Math.max(3, limits.choices - 1),
      queryChars: Math.max(200, Math.floor(limits.queryChars / 2)),
    };
    card = viewToCard(cardView(reply, limits, opts));
  }
  return card;
}
