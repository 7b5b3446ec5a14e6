/**
 * Anchor: fuse.js with its defaults over title / symptoms / cause / resolution:
 *
 *   new Fuse(docs, { keys: ['title', 'symptoms', 'cause', 'resolution'] })
 *   fuse.search(paste, { limit: 10 })
 *
 * Fuse scans every document for every query (approximate string matching, no inverted index),
 * so it only runs on a subset and a sample of queries.
 */
import Fuse from 'fuse.js';
import { runSuite } from '../lib/child.js';
import { streamAnchorDocs, type AnchorDoc } from '../lib/corpus.js';
import { scoreQueries } from '../lib/score.js';

await runSuite(async (req, log) => {
  const t0 = performance.now();
  const docs: Array<Pick<AnchorDoc, 'id' | 'title' | 'symptoms' | 'cause' | 'resolution'>> = [];
  const articles = await streamAnchorDocs(
    req.contentDir,
    req.subset,
    (d) => {
      docs.push({ id: d.id, title: d.title, symptoms: d.symptoms, cause: d.cause, resolution: d.resolution });
    },
    log,
  );
  const fuse = new Fuse(docs, { keys: ['title', 'symptoms', 'cause', 'resolution'] });
  const buildMs = performance.now() - t0;
  log(`indexed ${articles} articles in ${(buildMs / 1000).toFixed(1)} s`);
  const score = scoreQueries(
    req.queries,
    (q) => {
      const ids = fuse.search(q, { limit: 10 }).map((r) => r.item.id);
      return { ids, answered: ids.length > 0 };
    },
    req.queryBudgetMs,
    (n) => {
      if (n % 10 === 0) log(`${n} queries`);
    },
  );
  return {
    articles,
    buildMs,
    score,
    notes: [
      'fuse.js: default options, keys title / symptoms / cause / resolution (no id key, so kbid queries cannot hit)',
    ],
  };
});
