/**
 * A KbService over a KnowledgeBase in this thread (the CLI, tests). The server uses the match
 * pool instead, so matching never blocks its event loop.
 */
import { toAnswerArticle } from '../answer/build-answer.js';
import type { AnswerArticle } from '../answer/types.js';
import { answerPaste } from '../kb/answer-paste.js';
import type { KnowledgeBase } from '../kb/knowledge-base.js';
import type { ContentProblem, CorpusStats, KbService, KbStatus } from './types.js';

/** Most problems a status lists (the count is always given). */
export const MAX_LISTED_PROBLEMS = 200;

export function statsOf(
  kb: KnowledgeBase,
  contentDir: string = kb.root,
  extraProblems: ContentProblem[] = [],
): CorpusStats {
  const problems = [
    ...extraProblems,
    ...kb.report.problems.filter((p) => !extraProblems.some((e) => e.file === p.file)),
  ];
  return {
    articles: kb.size,
    byFormat: kb.report.byFormat,
    problems: problems.slice(0, MAX_LISTED_PROBLEMS),
    problemCount: problems.length,
    loadedAt: kb.loadedAt.toISOString(),
    contentDir,
    fromSnapshot: kb.fromSnapshot,
  };
}

/** The article for an id as a card shows it (first symptom paragraph as the excerpt). */
export async function articleCard(kb: KnowledgeBase, id: string): Promise<AnswerArticle | undefined> {
  const a = await kb.article(id).catch(() => undefined);
  return a ? toAnswerArticle(a, [], kb.context) : undefined;
}

export function directKb(kb: KnowledgeBase): KbService {
  const status: KbStatus = { state: 'ready', stats: statsOf(kb), reloading: false };
  return {
    status: () => status,
    answer: (paste) => answerPaste(kb, paste),
    article: (id) => articleCard(kb, id),
  };
}
