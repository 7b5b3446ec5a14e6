/**
 * A Reply as a neutral card: title, facts, sections, clickable choices, buttons. Both platform
 * renderers (Block Kit, Adaptive Card) draw this view, so a Slack message and a Teams card
 * always carry the same content; only the markup differs. Pure: no I/O.
 */
import type { Alternative, Answer, AnswerArticle, ArticleBlock, ArticleRef } from '../answer/types.js';
import { scopeNote } from '../answer/build-answer.js';
import { formatReadingLine } from '../codes/index.js';
import type { CodeReading } from '../codes/types.js';
import { actionPayload, type ActionPayload } from '../conversation/actions.js';
import { articleFormatsText } from '../conversation/format.js';
import type { Reply } from '../conversation/types.js';
import { durationText } from '../store/report.js';
import type { Escalation } from '../store/types.js';
import { CONFIDENCE_BANDS } from '../config/confidence-bands.js';

export type Tone = 'good' | 'warning' | 'attention' | 'default';

export type ViewAction =
  | { kind: 'url'; id: string; title: string; url: string }
  | { kind: 'submit'; id: string; title: string; payload: ActionPayload; style?: 'positive' | 'destructive' };

/** Text a section shows in order: prose, preformatted text (lines and columns kept), steps. */
export type ViewBlock = ArticleBlock;

export interface ViewSection {
  heading?: string;
  text?: string;
  /** Prose, preformatted text and steps in article order (drawn after `text`). */
  blocks?: ViewBlock[];
  /** Buttons that belong to the section (the articles it refers to). */
  links?: ViewAction[];
  /** Standard text the corpus repeats (support-phone paragraphs, hotfix disclaimers): drawn last, small, folded where possible. */
  folded?: boolean;
  /** Numbered steps (a resolution). */
  steps?: string[];
  /** Separate lines (decoded codes). */
  lines?: string[];
  /** The lines are a bulleted list. */
  bullets?: boolean;
}

export interface ViewChoice {
  id: string;
  title: string;
  /** "45%" or a short note. */
  detail?: string;
  payload: ActionPayload;
}

export interface CardView {
  /** The whole reply in a line or two of plain text (notifications, screen readers, fallback). */
  fallback: string;
  title?: string;
  /** Under the title: the article id and what it applies to. */
  subtitle?: string;
  status?: { tone: Tone; text: string };
  notice?: string;
  facts: Array<{ label: string; value: string }>;
  sections: ViewSection[];
  choices?: { heading: string; items: ViewChoice[] };
  actions: ViewAction[];
}

/** How much text a view keeps; the renderers shrink these when a card would be too big. */
export interface ViewLimits {
  /** Longest text of one section (symptoms, cause, resolution prose). */
  sectionChars: number;
  /** Most resolution steps shown, and the longest one. */
  steps: number;
  stepChars: number;
  /** Most alternatives listed. */
  choices: number;
  /** Longest paste a button carries back ("more", "helpful" refer to it). */
  queryChars: number;
}

export const DEFAULT_LIMITS: ViewLimits = {
  sectionChars: 1000,
  steps: 12,
  stepChars: 500,
  choices: 5,
  queryChars: 1000,
};

/** The button that hands a question over to people; it sends these words (the `escalate` intent). */
export const ESCALATE_TEXT = 'ask the help desk';
export const ESCALATE_TITLE = 'Ask the help desk';

function escalateAction(query: string): ViewAction {
  return {
    kind: 'submit',
    id: 'escalate',
    title: ESCALATE_TITLE,
    payload: actionPayload(ESCALATE_TEXT, query),
  };
}

export const NO_MATCH_HINT = 'Try the exact error text, the event id with its source, or the error code.';

export function confidenceLabel(c: number): 'high' | 'medium' | 'low' {
  return c >= CONFIDENCE_BANDS.high ? 'high' : c >= CONFIDENCE_BANDS.medium ? 'medium' : 'low';
}

/** A confidence as a whole percentage; only a certainty shows as 100%. */
export function percent(c: number): string {
  const p = Math.round(Math.max(0, Math.min(1, c)) * 100);
  return `${c < 1 ? Math.min(p, 99) : p}%`;
}

export function confidenceText(c: number): string {
  return `${percent(c)} (${confidenceLabel(c)})`;
}

export function clip(text: string, max: number): string {
  const t = text.trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** How people write an article number: KB811406 for the canonical Q811406; other ids as they are. */
export function displayId(id: string): string {
  const m = /^Q(\d+)$/.exec(id);
  return m ? `KB${m[1]}` : id;
}

function oneLine(text: string, max: number): string {
  return clip(text.replace(/\s+/g, ' '), max);
}

export function codeLines(codes: CodeReading[]): string[] {
  return codes.map((c) => formatReadingLine(c));
}

/**
 * The codes of an answer: decoded as Windows codes, or — when the paste or article says whose
 * code it is — only as what the number would be as a Windows error.
 */
export function codesSection(a: Answer): ViewSection | undefined {
  if (!a.codes.length) return undefined;
  if (!a.codeOwner) return { heading: 'What this code means', lines: codeLines(a.codes) };
  const lines = a.codes.map((c) =>
    c.kind === 'win32'
      ? `As a Windows error, ${c.value} would be ${formatReadingLine(c).replace(/^0x[0-9A-F]+ = \d+ = /, '')}`
      : formatReadingLine(c),
  );
  return {
    heading: 'What the code might mean',
    text: `This looks like ${a.codeOwner}'s own code; the article says what it means there.`,
    lines,
  };
}

/** An alternative is worth a click when it comes this close to the answer (a share of its confidence)… */
export const CLOSE_SHARE = 0.5;
/** …and is at least this likely itself. */
export const CLOSE_MIN = 0.2;

/** The other matches worth showing under a confident answer: the unrelated ones (1 %, 12 %) are left out. */
export function closeAlternatives(a: Answer): Alternative[] {
  return a.alternatives.filter(
    (alt) => alt.confidence >= CLOSE_MIN && alt.confidence >= a.confidence * CLOSE_SHARE,
  );
}

/** Blocks cut to a budget of characters: prose clipped, preformatted text cut by lines, steps by count and length. */
export function clipBlocks(
  blocks: ViewBlock[],
  limits: ViewLimits,
  budget = limits.sectionChars,
): ViewBlock[] {
  const out: ViewBlock[] = [];
  let left = budget;
  for (const b of blocks) {
    if (left <= 40) {
      out.push({ kind: 'text', text: '…' });
      break;
    }
    if (b.kind === 'text') {
      const text = clip(b.text, left);
      out.push({ kind: 'text', text });
      left -= text.length;
    } else if (b.kind === 'pre') {
      const lines: string[] = [];
      for (const line of b.text.split('\n')) {
        if (left - line.length - 1 < 0) {
          lines.push('…');
          left = 0;
          break;
        }
        lines.push(line.slice(0, limits.stepChars));
        left -= line.length + 1;
      }
      out.push({ kind: 'pre', text: lines.join('\n') });
    } else {
      const items = b.items.slice(0, limits.steps).map((s) => {
        const text = clip(s.text, Math.min(limits.stepChars, Math.max(40, left)));
        left -= text.length;
        const pre = s.pre
          ? clipBlocks(
              [{ kind: 'pre', text: s.pre }],
              limits,
              Math.min(limits.stepChars, Math.max(40, left)),
            )[0]
          : undefined;
        if (pre?.kind === 'pre') left -= pre.text.length;
        return pre?.kind === 'pre' ? { text, pre: pre.text } : { text };
      });
      if (b.items.length > limits.steps)
        items.push({ text: `… ${b.items.length - limits.steps} more steps in the full article` });
      out.push({ kind: 'steps', items });
    }
  }
  return out;
}

/** Buttons for the articles an article refers to: opened here when the corpus has them, else their public page. */
export function refLinks(refs: ArticleRef[], query: string | undefined, max = 5): ViewAction[] {
  const out: ViewAction[] = [];
  for (const [i, r] of refs.slice(0, max).entries()) {
    const title = clip(r.label, 70);
    if (r.inCorpus)
      out.push({
        kind: 'submit',
        id: `ref-${i}`,
        title,
        payload: actionPayload(`open ${r.id}`, query, { intent: 'article', articleId: r.id }),
      });
    else if (r.url && /^https?:\/\//.test(r.url))
      out.push({ kind: 'url', id: `ref-${i}`, title, url: r.url });
  }
  return out;
}

function choicesOf(alts: Alternative[], query: string | undefined, limits: ViewLimits): ViewChoice[] {
  return alts.slice(0, limits.choices).map((a) => ({
    id: a.id,
    title: `${displayId(a.id)} · ${a.title}`,
    detail: percent(a.confidence),
    payload: actionPayload(`open ${a.id}`, query, { intent: 'article', articleId: a.id }),
  }));
}

/**
 * The sections of an article's card: symptoms, cause, resolution (steps as a list), workaround,
 * status; for the full article (`whole`) the whole symptoms and "More information" too.
 */
function articleSections(
  art: AnswerArticle,
  limits: ViewLimits,
  whole = false,
  query?: string,
): ViewSection[] {
  const out: ViewSection[] = [];
  const fix = art.fix?.length ? { heading: 'Fix', blocks: clipBlocks(art.fix, limits) } : undefined;
  if (fix) out.push(fix);
  if (whole && art.blocks) return [...out, ...wholeSections(art, limits, query)];
  const symptoms = whole && art.symptoms ? unwrap(art.symptoms) : art.symptomExcerpt;
  if (symptoms) out.push({ heading: 'Symptoms', text: clip(symptoms, limits.sectionChars) });
  if (art.cause) out.push({ heading: 'Cause', text: clip(unwrap(art.cause), limits.sectionChars) });
  const r = art.resolution;
  if (fix) {
    // The rest of the resolution is in the full article.
  } else if (r.steps.length) {
    const steps = r.steps.slice(0, limits.steps).map((s) => clip(s.text, limits.stepChars));
    if (r.steps.length > limits.steps)
      steps.push(`… ${r.steps.length - limits.steps} more steps in the full article`);
    out.push({
      heading: 'Resolution',
      text: r.intro ? clip(r.intro, limits.sectionChars) : undefined,
      steps,
    });
  } else if (r.text.trim()) {
    out.push({ heading: 'Resolution', text: clip(unwrap(r.text), limits.sectionChars) });
  }
  if (art.workaround && !fix)
    out.push({ heading: 'Workaround', text: clip(unwrap(art.workaround), limits.sectionChars) });
  if (art.status && (whole || !r.text.trim()))
    out.push({ heading: 'Status', text: clip(unwrap(art.status), limits.sectionChars) });
  if (whole && art.moreInformation)
    out.push({ heading: 'More information', text: clip(unwrap(art.moreInformation), limits.sectionChars) });
  return out;
}

const WHOLE_HEADINGS = [
  ['symptoms', 'Symptoms'],
  ['cause', 'Cause'],
  ['resolution', 'Resolution'],
  ['workaround', 'Workaround'],
  ['status', 'Status'],
  ['moreInformation', 'More information'],
] as const;

/** The full article: every section with its layout, the articles it refers to, then its boilerplate, folded. */
function wholeSections(art: AnswerArticle, limits: ViewLimits, query?: string): ViewSection[] {
  const out: ViewSection[] = [];
  for (const [name, heading] of WHOLE_HEADINGS) {
    const blocks = art.blocks?.[name];
    if (blocks?.length) out.push({ heading, blocks: clipBlocks(blocks, limits) });
  }
  const links = refLinks(art.refs ?? [], query, 8);
  if (links.length) out.push({ heading: 'Related articles', links });
  if (art.boilerplate?.length) {
    out.push({
      heading: 'Standard notices',
      folded: true,
      blocks: clipBlocks(
        art.boilerplate.map((text) => ({ kind: 'text' as const, text })),
        limits,
      ),
    });
  }
  return out;
}

/** Paragraphs kept, hard-wrapped lines joined. */
function unwrap(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .replace(/\s*\n\s*/g, ' ')
        .replace(/[ \t]{2,}/g, ' ')
        .trim(),
    )
    .filter(Boolean)
    .join('\n\n');
}

function subtitleOf(art: AnswerArticle): string {
  const id = displayId(art.id);
  return art.appliesTo.length ? `${id} · Applies to: ${clip(art.appliesTo.join('; '), 280)}` : id;
}

function answerView(a: Answer, limits: ViewLimits, escalate = false): CardView {
  const query = a.query.slice(0, limits.queryChars);
  const codeSection = codesSection(a);
  const codes = codeSection ? [codeSection] : [];
  if (a.article && a.answered) {
    const art = a.article;
    const close = closeAlternatives(a);
    const actions: ViewAction[] = [];
    if (art.url) actions.push({ kind: 'url', id: 'full-article', title: 'Full article', url: art.url });
    if (close.length)
      actions.push({
        kind: 'submit',
        id: 'more',
        title: 'Other matches',
        payload: actionPayload('more', query),
      });
    const links = refLinks(art.fix?.length ? (art.refs ?? []) : [], query, 3);
    actions.push({
      kind: 'submit',
      id: 'helpful',
      title: 'Helpful',
      payload: actionPayload(`helpful ${art.id}`, query, {
        intent: 'feedback',
        articleId: art.id,
        helpful: true,
      }),
      style: 'positive',
    });
    actions.push({
      kind: 'submit',
      id: 'not-helpful',
      title: 'Not helpful',
      payload: actionPayload(`not helpful ${art.id}`, query, {
        intent: 'feedback',
        articleId: art.id,
        helpful: false,
      }),
      style: 'destructive',
    });
    return {
      fallback: `${displayId(art.id)}: ${art.title} (confidence ${percent(a.confidence)})`,
      title: art.title,
      subtitle: subtitleOf(art),
      notice: a.notice,
      facts: [
        { label: 'Confidence', value: confidenceText(a.confidence) },
        ...(a.why.length
          ? [{ label: 'Why it matched', value: clip(a.why.map((w) => w.detail).join('; '), 500) }]
          : []),
      ],
      sections: [
        ...articleSections(art, limits),
        ...codes,
        ...(links.length ? [{ heading: 'Related articles', links }] : []),
      ],
      choices: close.length
        ? { heading: 'Other matches', items: choicesOf(close, query, limits) }
        : undefined,
      actions,
    };
  }
  if (!a.article && a.notice && !a.codes.length && !a.alternatives.length) {
    return statusView('warning', a.notice);
  }
  // No confident match: say so, list the closest suggestions, invite rephrasing.
  const suggestions: Alternative[] = a.article
    ? [{ id: a.article.id, title: a.article.title, confidence: a.confidence }, ...a.alternatives]
    : a.alternatives;
  const scope = scopeNote(a);
  const statusText = scope
    ? `${scope} ${suggestions.length ? 'The closest articles are below, in case one fits.' : ''}`.trim()
    : suggestions.length
      ? `I am not sure any article fixes this (best guess ${percent(a.confidence)}). ${NO_MATCH_HINT}`
      : a.codes.length
        ? `No article in this knowledge base matches. Here is what the code means. ${NO_MATCH_HINT}`
        : `No article in this knowledge base matches. ${NO_MATCH_HINT}`;
  return {
    fallback: `No confident match. ${NO_MATCH_HINT}`,
    title: 'No confident match',
    status: { tone: 'attention', text: statusText },
    notice: a.notice,
    facts:
      a.why.length && a.article
        ? [{ label: 'Closest because', value: clip(a.why.map((w) => w.detail).join('; '), 500) }]
        : [],
    sections: codes,
    choices: suggestions.length
      ? { heading: 'Closest suggestions', items: choicesOf(suggestions, query, limits) }
      : undefined,
    actions: escalate && query.trim() ? [escalateAction(query)] : [],
  };
}

/**
 * Help text as sections: paragraphs stay text, "•" or "-" lines become a real list, and a
 * short line ending in ":" just before a list is that list's heading.
 */
export function textSections(text: string): ViewSection[] {
  const out: ViewSection[] = [];
  for (const para of text.trim().split(/\n\s*\n/)) {
    const lines = para
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const first = lines.findIndex((l) => /^[•\-*]\s+/.test(l));
    if (first < 0) {
      out.push({ text: lines.join(' ') });
      continue;
    }
    const lead = lines.slice(0, first);
    const heading =
      lead.length && /:$/.test(lead.at(-1)!) && lead.at(-1)!.length <= 60
        ? lead.pop()!.replace(/:$/, '')
        : undefined;
    if (lead.length) out.push({ text: lead.join(' ') });
    out.push({ heading, lines: lines.slice(first).map((l) => l.replace(/^[•\-*]\s+/, '')), bullets: true });
  }
  return out;
}

/** Longest text of a link preview's section: a preview is a glance, the full article a click away. */
const LINK_LIMITS: ViewLimits = { sectionChars: 400, steps: 5, stepChars: 200, choices: 0, queryChars: 0 };

/**
 * A KB link posted in a conversation, previewed (Slack unfurl, Teams link unfurling): the
 * article's title, its fix (or its symptoms when it has none), and a button that opens it here.
 */
export function linkView(art: AnswerArticle): CardView {
  const sections: ViewSection[] = art.fix?.length
    ? [{ heading: 'Fix', blocks: clipBlocks(art.fix, LINK_LIMITS) }]
    : art.symptomExcerpt
      ? [{ heading: 'Symptoms', text: clip(art.symptomExcerpt, LINK_LIMITS.sectionChars) }]
      : [];
  const actions: ViewAction[] = [
    { kind: 'submit', id: 'full-article', title: 'Open in kbbot', payload: actionPayload(`open ${art.id}`) },
  ];
  return {
    fallback: `${displayId(art.id)}: ${art.title}`,
    title: art.title,
    subtitle: subtitleOf(art),
    facts: [],
    sections,
    actions,
  };
}

/** A view that only says one thing, in the tone of a status line. */
function statusView(tone: Tone, text: string, title?: string): CardView {
  const view: CardView = { fallback: text, status: { tone, text }, facts: [], sections: [], actions: [] };
  return title ? { ...view, title } : view;
}

/** The neutral card for any Reply. */
export function buildView(reply: Reply, limits: ViewLimits = DEFAULT_LIMITS): CardView {
  switch (reply.kind) {
    case 'answer':
      return answerView(reply.answer, limits, reply.escalate);
    case 'escalated':
      return statusView('good', reply.text);
    case 'article': {
      const art = reply.article;
      if (!art) {
        const text = `There is no article ${reply.id} in this knowledge base. Paste the error text instead and I will search for it.`;
        return statusView('warning', text, `No article ${oneLine(reply.id, 60)}`);
      }
      return {
        fallback: `${displayId(art.id)}: ${art.title}`,
        title: art.title,
        subtitle: subtitleOf(art),
        facts: [
          reply.answeredBy
            ? { label: 'Answered by', value: `${oneLine(reply.answeredBy, 80)}, from the help desk` }
            : { label: 'Why', value: `opened by id ${oneLine(reply.id, 60)}` },
        ],
        sections: articleSections(art, limits, true),
        actions: art.url ? [{ kind: 'url', id: 'full-article', title: 'Full article', url: art.url }] : [],
      };
    }
    case 'help':
      return {
        fallback: reply.text.split('\n')[0] ?? reply.text,
        title: 'How to use kbbot',
        facts: [],
        sections: textSections(reply.text),
        choices: reply.examples.length
          ? {
              heading: 'Try',
              items: reply.examples.map((e, i) => ({
                id: `example-${i}`,
                title: e,
                payload: actionPayload(e),
              })),
            }
          : undefined,
        actions: [],
      };
    case 'feedback-ack':
      return {
        fallback: reply.text,
        facts: [],
        sections: [{ text: reply.text }],
        actions:
          reply.escalate && reply.query ? [escalateAction(reply.query.slice(0, limits.queryChars))] : [],
      };
    case 'greeting':
    case 'text':
      return { fallback: reply.text, facts: [], sections: [{ text: reply.text }], actions: [] };
    case 'about': {
      const c = reply.corpus;
      const facts = [{ label: 'Version', value: reply.version }];
      if (c) {
        facts.push(
          { label: 'Articles', value: c.articles.toLocaleString('en') },
          { label: 'Formats', value: articleFormatsText(c.byFormat) },
          { label: 'Loaded', value: c.loadedAt },
          { label: 'Content', value: c.contentDir },
          { label: 'Load problems', value: String(c.problemCount) },
        );
      }
      return {
        fallback: reply.text,
        title: 'About kbbot',
        facts,
        sections: [{ text: reply.text }],
        actions: [],
      };
    }
    case 'code':
      return {
        fallback: reply.readings.length ? formatReadingLine(reply.readings[0]) : reply.text,
        title: `What ${oneLine(reply.input, 60)} means`,
        facts: [],
        sections: reply.readings.length ? [{ lines: codeLines(reply.readings) }] : [{ text: reply.text }],
        status: reply.readings.length ? undefined : { tone: 'warning', text: 'Unknown code' },
        actions: reply.readings.length
          ? [
              {
                kind: 'submit',
                id: 'search-code',
                title: 'Search articles',
                payload: actionPayload(`search ${oneLine(reply.input, 100)}`),
              },
            ]
          : [],
      };
    case 'more':
      return {
        fallback: reply.text,
        title: reply.alternatives.length ? 'Other matches' : 'No other matches',
        facts: [],
        sections: [{ text: reply.text }],
        choices: reply.alternatives.length
          ? {
              heading: 'Open one',
              items: choicesOf(reply.alternatives, reply.query?.slice(0, limits.queryChars), {
                ...limits,
                choices: Math.max(limits.choices, 8),
              }),
            }
          : undefined,
        actions: [],
      };
  }
}

/** "Answered by Dana in 3 min with KB214864" or "… in words: …"; the name passes through `escapeName` (Slack's mrkdwn). */
export function answeredText(e: Escalation, escapeName: (s: string) => string = (s) => s): string {
  const a = e.answer;
  if (!a) return 'Open';
  const took = durationText(Math.max(0, a.at.getTime() - e.at.getTime()));
  const what =
    a.kind === 'article' && a.articleId
      ? `with ${displayId(a.articleId)}`
      : `in words: ${clip((a.text ?? '').replace(/\s+/g, ' '), 300)}`;
  return `Answered by ${escapeName(a.by)} in ${took} ${what}`;
}
