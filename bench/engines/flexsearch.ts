/**
 * Anchor: FlexSearch (0.8) Document index with forward tokenizing:
 *
 *   new Document({ tokenize: 'forward', document: { id: 'id', index: ['content'] } })
 *   index.search(paste, { limit: 10, suggest: true })
 *
 * One indexed field holding the ids, the title and the text (in that order: FlexSearch ranks
 * words found early in a field higher). Separate ids/title/text fields merged with
 * `merge: true` rank far worse, because the merge orders by field, not by relevance (see
 * bench/README.md). `suggest: true` lets a result in when not every word of the paste is
 * found; without it a pasted message with a log prefix finds nothing.
 */
import { Document } from 'flexsearch';
import { runSuite } from '../lib/child.js';
import { streamAnchorDocs } from '../lib/corpus.js';
import { scoreQueries } from '../lib/score.js';

await runSuite(async (req, log) => {
  const t0 = performance.now();
  const index = new Document({
    tokenize: 'forward',
    document: { id: 'id', index: ['content'] },
  });
  const articles = await streamAnchorDocs(
    req.contentDir,
    req.subset,
    (d) => {
      index.add({ id: d.id, content: `${d.ids}\n${d.title}\n${d.text}` });
    },
    log,
  );
  const buildMs = performance.now() - t0;
  log(`indexed ${articles} articles in ${(buildMs / 1000).toFixed(1)} s`);
  const score = scoreQueries(
    req.queries,
    (q) => {
      const res = index.search(q, { limit: 10, suggest: true, merge: true });
      const ids = res.map((r) => String(r.id));
      return { ids, answered: ids.length > 0 };
    },
    req.queryBudgetMs,
  );
  return {
    articles,
    buildMs,
    score,
    notes: [
      'FlexSearch: Document, tokenize forward, one field (ids + title + text), search with suggest: true',
    ],
  };
});
