/**
 * Anchor: MiniSearch, the documented usage with fuzzy 0.2 and prefix search:
 *
 *   new MiniSearch({ fields: ['ids', 'title', 'text'], searchOptions: { fuzzy: 0.2, prefix: true } })
 *   miniSearch.search(paste)      // BM25+ over the fields, OR of the terms
 */
import MiniSearch from 'minisearch';
import { runSuite } from '../lib/child.js';
import { streamAnchorDocs } from '../lib/corpus.js';
import { scoreQueries } from '../lib/score.js';

await runSuite(async (req, log) => {
  const t0 = performance.now();
  const mini = new MiniSearch<{ id: string; ids: string; title: string; text: string }>({
    fields: ['ids', 'title', 'text'],
    searchOptions: { fuzzy: 0.2, prefix: true },
  });
  const articles = await streamAnchorDocs(
    req.contentDir,
    req.subset,
    (d) => {
      mini.add({ id: d.id, ids: d.ids, title: d.title, text: d.text });
    },
    log,
  );
  const buildMs = performance.now() - t0;
  log(`indexed ${articles} articles in ${(buildMs / 1000).toFixed(1)} s`);
  const score = scoreQueries(
    req.queries,
    (q) => {
      const ids = mini
        .search(q)
        .slice(0, 10)
        .map((r) => String(r.id));
      return { ids, answered: ids.length > 0 };
    },
    req.queryBudgetMs,
  );
  return {
    articles,
    buildMs,
    score,
    notes: ['MiniSearch: fields ids / title / text, fuzzy 0.2, prefix: true, other options default'],
  };
});
