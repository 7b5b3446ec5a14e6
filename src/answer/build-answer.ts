import type { Article } from '../corpus/types.js';
import type { MatchResult } from '../match/types.js';
import type { CodeReading } from '../codes/types.js';
import type { Answer, AnswerArticle, ArticleBlock, ArticleContext, ResolutionStep } from './types.js';
import { tokenize } from '../match/tokenize.js';
import { findRefs, kbUrl, resolveRefs } from './article-refs.js';
import { pickFix } from './fix.js';
import { splitBlocks } from './text-blocks.js';

/** Longest symptom excerpt a card shows; the full article is one click away. */
const EXCERPT_CHARS = 700;

/** A match result and the article it chose → the neutral Answer every renderer draws. */
export function buildAnswer(
  paste: string,
  result: MatchResult,
  article: Article | undefined,
  codes: CodeReading[] = [],
  notice?: string,
  ctx?: ArticleContext,
): Answer {
  const top = result.results[0];
  return {
    query: paste,
    answered: result.answered && article !== undefined,
    confidence: result.confidence,
    article: article ? toAnswerArticle(article, result.query.tokens, ctx) : undefined,
    why: top?.reasons ?? [],
    alternatives: result.results.slice(1).map((r) => ({
      id: r.id,
      title: r.title,
      confidence: relative(r.score, top?.score ?? 1, result.confidence),
    })),
    codes,
    notice,
    ...(result.outOfScope ? { outOfScope: result.outOfScope.map(productName) } : {}),
  };
}

/** "windows 10" → "Windows 10". */
function productName(words: string): string {
  return words.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

/** "This looks like Windows 10, which no article here covers." for a declined paste, if it named such a product. */
export function scopeNote(a: Answer): string | undefined {
  if (a.answered || !a.outOfScope?.length) return undefined;
  return `This looks like ${a.outOfScope.join(' and ')}, which no article in this knowledge base covers.`;
}

/** Alternatives get a share of the top confidence in proportion to their score. */
function relative(score: number, topScore: number, confidence: number): number {
  return Math.round(Math.max(0, Math.min(1, (score / Math.max(topScore, 1e-9)) * confidence)) * 100) / 100;
}

/** The sections the full article shows, in the order it shows them. */
const BLOCK_SECTIONS = [
  'symptoms',
  'cause',
  'resolution',
  'workaround',
  'status',
  'moreInformation',
] as const;

/**
 * An article as cards draw it. With a context (the corpus's boilerplate and ids), the fix is
 * picked out, boilerplate paragraphs are set apart, and references know whether they open here.
 */
export function toAnswerArticle(a: Article, queryTokens: string[], ctx?: ArticleContext): AnswerArticle {
  const s = a.sections;
  const resolutionText = s.resolution ?? s.workaround ?? '';
  const isCommon = (t: string) => ctx?.isBoilerplate(t) ?? false;
  const blocks: NonNullable<AnswerArticle['blocks']> = {};
  const boilerplate: string[] = [];
  const raw: Partial<Record<(typeof BLOCK_SECTIONS)[number], ArticleBlock[]>> = {};
  for (const name of BLOCK_SECTIONS) {
    const text = name === 'symptoms' ? (s.symptoms ?? s.summary) : s[name];
    if (!text?.trim()) continue;
    raw[name] = splitBlocks(text);
    const kept = raw[name].filter(
      (b) => !(b.kind === 'text' && isCommon(b.text) && boilerplate.push(b.text)),
    );
    if (kept.length) blocks[name] = kept;
  }
  const fix = pickFix([raw.resolution ?? [], raw.workaround ?? []], s.status, isCommon);
  const refs = resolveRefs(
    findRefs(
      [s.resolution, s.workaround, s.status, s.cause, s.symptoms ?? s.summary, s.moreInformation]
        .filter(Boolean)
        .join('\n\n'),
      a.id,
    ),
    ctx,
  );
  return {
    id: a.id,
    title: a.title,
    appliesTo: a.appliesTo,
    url: a.url ?? kbUrl(a.id),
    symptomExcerpt: bestExcerpt(
      [s.symptoms, s.summary, s.moreInformation, s.cause].filter((x): x is string => !!x),
      queryTokens,
    ),
    cause: s.cause,
    resolution: splitSteps(resolutionText),
    status: s.status,
    workaround: s.resolution ? s.workaround : undefined,
    symptoms: s.symptoms ?? s.summary,
    moreInformation: s.moreInformation,
    fix,
    blocks,
    boilerplate: boilerplate.length ? boilerplate : undefined,
    refs: refs.length ? refs : undefined,
  };
}

/** The paragraph that shares the most words with the paste, from the first section that has one. */
export function bestExcerpt(sections: string[], queryTokens: string[]): string {
  const wanted = new Set(queryTokens);
  let best = '';
  let bestScore = -1;
  for (const [si, text] of sections.entries()) {
    for (const para of text.split(/\n\s*\n/)) {
      const words = tokenize(para);
      if (!words.length) continue;
      let hits = 0;
      for (const w of new Set(words)) if (wanted.has(w)) hits++;
      // Prefer the symptoms: a later section must match clearly better to win.
      const score = hits - si * 0.5;
      if (score > bestScore) {
        bestScore = score;
        best = para;
      }
    }
  }
  return clip(unwrap(best), EXCERPT_CHARS);
}

/**
 * Resolution text → intro and steps. Numbered lines ("1.", "2)") and bullets ("-", "•") become
 * steps; their wrapped continuation lines join them; prose before the first step is the intro.
 */
export function splitSteps(text: string): AnswerArticle['resolution'] {
  const steps: ResolutionStep[] = [];
  const intro: string[] = [];
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const m = /^\s*(?:\d{1,2}[.)]|[-•*])\s+(.*)$/.exec(line);
    if (m) {
      if (current) steps.push({ text: unwrap(current.join(' ')) });
      current = [m[1]];
    } else if (current && line.trim() && /^\s{2,}/.test(line)) {
      current.push(line.trim());
    } else if (current && line.trim() === '') {
      steps.push({ text: unwrap(current.join(' ')) });
      current = undefined;
    } else if (!steps.length && !current) {
      intro.push(line);
    }
  }
  if (current) steps.push({ text: unwrap(current.join(' ')) });
  const introText = unwrap(intro.join('\n').split(/\n\s*\n/)[0] ?? '');
  return { intro: introText || undefined, steps, text };
}

/** Join hard-wrapped lines into one paragraph. */
function unwrap(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
