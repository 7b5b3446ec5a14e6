/**
 * Learning from feedback, as a pure function: feedback given on pastes close to this one
 * raises the articles people found helpful and lowers those repeatedly found not helpful.
 * No I/O; `Store.feedback()` supplies the entries.
 */
import { CONFIDENCE_BANDS } from '../config/confidence-bands.js';
import { FEEDBACK_DEFAULTS } from '../config/feedback-defaults.js';
import { similarityTokens, tokenSimilarity, identifierText, type TokenSet } from '../store/text.js';
import type { FeedbackEntry } from '../store/types.js';

export interface Ranked {
  id: string;
  title: string;
  score: number;
  reasons: Array<{ kind: string; detail: string }>;
}

/** Overrides of FEEDBACK_DEFAULTS (config/feedback-defaults.ts), where each is described. */
export interface RerankOptions {
  minSimilarity?: number;
  maxBoost?: number;
  minNotHelpful?: number;
}

const IDENTICAL = 0.999;

// Token sets of feedback texts, reused across calls (the aggregate's texts change rarely).
const tokenCache = new Map<string, TokenSet>();
const TOKEN_CACHE_LIMIT = 20_000;

function tokensOf(text: string): TokenSet {
  let t = tokenCache.get(text);
  if (!t) {
    if (tokenCache.size >= TOKEN_CACHE_LIMIT) tokenCache.clear();
    t = similarityTokens(text);
    tokenCache.set(text, t);
  }
  return t;
}

/**
 * How close stored feedback pastes are to `query`: the weighted token Jaccard of the two, or,
 * when the store kept only the identifiers of pastes, of the query's identifiers and them. The
 * query's token sets are made once, for comparing it with many pastes.
 */
export function similarityTo(query: string): (feedbackText: string) => number {
  const q = similarityTokens(query);
  let ids: TokenSet | undefined;
  return (feedbackText) => {
    const f = tokensOf(feedbackText);
    if (f.size === 0) return 0;
    const direct = tokenSimilarity(q, f);
    if (direct >= IDENTICAL) return 1;
    ids ??= similarityTokens(identifierText(query));
    return Math.max(direct, ids.size ? tokenSimilarity(ids, f) : 0);
  };
}

interface Signal {
  pos: number;
  neg: number;
  helpfulVotes: number;
  notHelpfulVotes: number;
}

function plural(n: number): string {
  return n === 1 ? '1 person' : `${n} people`;
}

/**
 * Re-ranks `results` with the feedback on pastes close to `query`. Each article's change is
 * `±cap · net/(net+1)`, `net` being the similarity-weighted helpful minus not-helpful votes and
 * `cap = maxBoost × top score`: bounded, saturating, strongest for identical pastes. A lowered
 * article needs at least `minNotHelpful` not-helpful votes. Changed articles get a
 * `{ kind: 'feedback' }` reason; the list is re-sorted (stably) by score.
 *
 * When no feedback is close to the query, `results` itself is returned (same order, same scores).
 */
export function rerankWithFeedback<T extends Ranked>(
  query: string,
  results: T[],
  feedback: FeedbackEntry[],
  opts: RerankOptions = {},
): T[] {
  if (results.length === 0 || feedback.length === 0) return results;
  const minSimilarity = opts.minSimilarity ?? FEEDBACK_DEFAULTS.minSimilarity;
  const maxBoost = Math.max(0, opts.maxBoost ?? FEEDBACK_DEFAULTS.maxBoost);
  const minNotHelpful = opts.minNotHelpful ?? FEEDBACK_DEFAULTS.minNotHelpful;

  const ids = new Set(results.map((r) => r.id));
  const qTokens = similarityTokens(query);
  const qIdTokens = similarityTokens(identifierText(query));
  const signals = new Map<string, Signal>();
  for (const e of feedback) {
    // Learned pairings are `applyLearned`'s: stronger than any number of votes.
    if (e.learnedAt !== undefined) continue;
    if (!ids.has(e.articleId) || (e.helpful <= 0 && e.notHelpful <= 0)) continue;
    const f = tokensOf(e.queryText);
    let sim = tokenSimilarity(qTokens, f);
    if (sim < IDENTICAL && qIdTokens.size) sim = Math.max(sim, tokenSimilarity(qIdTokens, f));
    if (!(sim >= minSimilarity) || sim <= 0) continue;
    let s = signals.get(e.articleId);
    if (!s) {
      s = { pos: 0, neg: 0, helpfulVotes: 0, notHelpfulVotes: 0 };
      signals.set(e.articleId, s);
    }
    s.pos += sim * Math.max(0, e.helpful);
    s.neg += sim * Math.max(0, e.notHelpful);
    s.helpfulVotes += Math.max(0, e.helpful);
    s.notHelpfulVotes += Math.max(0, e.notHelpful);
  }
  if (signals.size === 0) return results;

  let top = 0;
  for (const r of results) if (Number.isFinite(r.score) && r.score > top) top = r.score;
  const cap = maxBoost * top;
  if (!(cap > 0)) return results;

  let changed = false;
  const out = results.map((r) => {
    const s = signals.get(r.id);
    if (!s) return r;
    let net = s.pos - s.neg;
    if (net < 0 && s.notHelpfulVotes < minNotHelpful) net = 0;
    if (net === 0) return r;
    const delta = Math.sign(net) * cap * (Math.abs(net) / (Math.abs(net) + 1));
    const score = Math.max(0, r.score + delta);
    if (score === r.score) return r;
    changed = true;
    const paste = 'a similar paste';
    const detail =
      net > 0
        ? `${plural(s.helpfulVotes)} found this helpful for ${paste}` +
          (s.notHelpfulVotes > 0 ? ` (${s.notHelpfulVotes} did not)` : '')
        : `${plural(s.notHelpfulVotes)} found this not helpful for ${paste}` +
          (s.helpfulVotes > 0 ? ` (${s.helpfulVotes} did)` : '');
    return { ...r, score, reasons: [...r.reasons, { kind: 'feedback', detail }] };
  });
  if (!changed) return results;
  return out
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.score - a.r.score || a.i - b.i)
    .map((x) => x.r);
}

// ---------------------------------------------------------------------------------------------
// Learned pairings: a paste a person answered with an article (the help desk)

export interface LearnedMatch {
  articleId: string;
  /** How close the learned paste is to the query, as `similarityTo` measures it. */
  similarity: number;
  /** When it was learned (ISO 8601). */
  learnedAt: string;
}

/** The learned pairing whose paste is closest to `query` (at least `minSimilarity`), if any. */
export function closestLearned(
  query: string,
  feedback: FeedbackEntry[],
  minSimilarity = FEEDBACK_DEFAULTS.minSimilarity,
): LearnedMatch | undefined {
  let best: LearnedMatch | undefined;
  const toQuery = similarityTo(query);
  for (const e of feedback) {
    if (e.learnedAt === undefined) continue;
    const similarity = toQuery(e.queryText);
    if (similarity < minSimilarity || similarity <= 0) continue;
    if (
      !best ||
      similarity > best.similarity ||
      (similarity === best.similarity && e.learnedAt > best.learnedAt)
    ) {
      best = { articleId: e.articleId, similarity, learnedAt: e.learnedAt };
    }
  }
  return best;
}

/** The words a card shows when a learned pairing is why an article matched. */
export function learnedReason(m: LearnedMatch): { kind: 'learned'; detail: string } {
  return { kind: 'learned', detail: `answered by the help desk on ${m.learnedAt.slice(0, 10)}` };
}

/**
 * A person's answer is trusted over the matcher: the learned article goes first (added when the
 * matcher did not find it; `title` names it then), scored above the rest, with a `learned` reason
 * first among its reasons.
 */
export function applyLearned<T extends Ranked>(results: T[], m: LearnedMatch, title: string): T[] {
  let top = 0;
  for (const r of results) if (Number.isFinite(r.score) && r.score > top) top = r.score;
  const found = results.find((r) => r.id === m.articleId);
  // T adds nothing a ranked article needs (a matcher result is a Ranked with typed reason kinds).
  const promoted = {
    ...(found ?? { id: m.articleId, title, reasons: [] }),
    score: Math.max(found?.score ?? 0, top * (1 + FEEDBACK_DEFAULTS.maxBoost * m.similarity), 1e-6),
    reasons: [learnedReason(m), ...(found?.reasons ?? [])],
  } as unknown as T;
  return [promoted, ...results.filter((r) => r.id !== m.articleId)];
}

/** The confidence of an answer a person gave for a paste this close: high, highest for the same paste. */
export function learnedConfidence(similarity: number): number {
  const [low, high] = [CONFIDENCE_BANDS.high, FEEDBACK_DEFAULTS.learnedConfidenceMax];
  return Math.round((low + (high - low) * Math.max(0, Math.min(1, similarity))) * 1000) / 1000;
}
