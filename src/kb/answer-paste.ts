import type { Answer } from '../answer/types.js';
import { buildAnswer } from '../answer/build-answer.js';
import { codeOwner, kindNamedIn, readCode } from '../codes/index.js';
import type { CodeReading } from '../codes/types.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { looksBinary } from '../corpus/decode-text.js';
import { MATCH_DEFAULTS } from '../config/match-defaults.js';
import { applyLearned, closestLearned, learnedConfidence, rerankWithFeedback } from './feedback-rerank.js';
import type { FeedbackEntry } from '../store/types.js';

/**
 * The one way a paste becomes an Answer, for every surface (CLI, playground, Slack, Teams):
 * refuse what is not a question (empty, binary), cut what is too long, match, decode codes.
 */
export interface AnswerOptions {
  /** Feedback from the store: "helpful" on a close paste raises an article, repeated "not helpful" lowers it. */
  feedback?: FeedbackEntry[];
}

export async function answerPaste(
  kb: KnowledgeBase,
  paste: string,
  opts: AnswerOptions = {},
): Promise<Answer> {
  const empty: Answer = {
    query: paste,
    answered: false,
    confidence: 0,
    why: [],
    alternatives: [],
    codes: [],
  };
  if (!paste.trim())
    return {
      ...empty,
      notice:
        'The message was empty: paste an error message, an event id with its source, an error code or a KB number.',
    };
  if (looksBinary(Buffer.from(paste.slice(0, 8192), 'utf8')) || /\uFFFD{4,}/.test(paste.slice(0, 8192))) {
    return { ...empty, notice: 'That looks like binary data, not text: paste the error message as text.' };
  }
  const notice = paste.length > MATCH_DEFAULTS.maxQueryChars ? longPasteNotice(paste.length) : undefined;
  const matched = kb.match(paste);
  // With no close feedback the order and scores are returned unchanged.
  let result = opts.feedback?.length
    ? { ...matched, results: rerankWithFeedback(paste, matched.results, opts.feedback) }
    : matched;
  // A person answered a paste like this one: their article first, confidently.
  const learned = opts.feedback?.length ? closestLearned(paste, opts.feedback) : undefined;
  const learnedArticle = learned ? await kb.article(learned.articleId).catch(() => undefined) : undefined;
  if (learned && learnedArticle) {
    const confidence = Math.max(result.confidence, learnedConfidence(learned.similarity));
    result = {
      ...result,
      results: applyLearned(result.results, learned, learnedArticle.title),
      confidence,
      answered: true,
    };
  }
  const top = result.results[0];
  const article = top ? await kb.article(top.id).catch(() => undefined) : undefined;
  const answer = buildAnswer(
    paste,
    result,
    article,
    decodeCodes(result.query.identifiers.codes, paste),
    notice,
    kb.context,
  );
  // Whose codes these are: what the paste says, else what the article it answers with says.
  const owner = answer.codes.some((c) => c.kind === 'win32')
    ? (codeOwner(paste.slice(0, MATCH_DEFAULTS.maxQueryChars)) ??
      (answer.answered && article
        ? codeOwner(`${article.title}\n${article.sections.symptoms ?? ''}`)
        : undefined))
    : undefined;
  return owner ? { ...answer, codeOwner: owner } : answer;
}

/** What an answer says when only the start of a paste was read. */
export function longPasteNotice(length: number): string {
  return `The paste was long (${length.toLocaleString('en')} characters): only its first ${MATCH_DEFAULTS.maxQueryChars.toLocaleString('en')} were read.`;
}

/**
 * The readings of the paste's codes, each number once (an HRESULT's Win32 part is shown inside it).
 * The paste's words pick the table when a number is in several: "STOP 0x7B" is a bug check.
 */
export function decodeCodes(values: number[], paste = ''): CodeReading[] {
  const prefer = kindNamedIn(paste);
  const out: CodeReading[] = [];
  const shown = new Set<number>();
  for (const v of values) {
    if (shown.has(v)) continue;
    const readings = readCode(v).sort((a, b) => Number(b.kind === prefer) - Number(a.kind === prefer));
    if (!readings.length) continue;
    shown.add(v);
    const w = readings[0].win32?.value;
    if (w !== undefined) shown.add(w);
    out.push(readings[0]);
  }
  return out.slice(0, 3);
}
