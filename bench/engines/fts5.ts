/**
 * Anchor: SQLite FTS5 ranked by bm25(), through better-sqlite3.
 *
 * One FTS5 table with the columns ids / title / symptoms / text (unicode61 tokenizer), in a
 * database file in the temp folder (so the page cache, not the process, holds the data).
 * A query is every distinct word of the paste, each quoted (FTS5 query syntax would otherwise
 * choke on punctuation, `NEAR`, `AND`, `-`, `:`), joined with OR, ranked by bm25 with column
 * weights. Several column weightings are tried on a stratified sample of the queries; every
 * query is then run with the best one.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSuite } from '../lib/child.js';
import { streamAnchorDocs } from '../lib/corpus.js';
import { scoreQueries } from '../lib/score.js';
import type { Score } from '../lib/types.js';

/** Column weights for bm25(kb, ids, title, symptoms, text). */
const WEIGHTINGS: number[][] = [
  [1, 1, 1, 1],
  [1, 2, 1, 1],
  [2, 5, 2, 1],
  [10, 10, 3, 1],
  [5, 3, 2, 1],
];

/** Every distinct word, quoted for FTS5 (a `"` inside a token is doubled; our split leaves none). */
function ftsQuery(text: string): string {
  const words = new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 0),
  );
  return [...words].map((w) => `"${w.replace(/"/g, '""')}"`).join(' OR ');
}

await runSuite(async (req, log) => {
  const file = path.join(os.tmpdir(), `kbbot-bench-fts5-${process.pid}.db`);
  rmSync(file, { force: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    const t0 = performance.now();
    db.exec(`CREATE VIRTUAL TABLE kb USING fts5(ids, title, symptoms, text, tokenize = 'unicode61')`);
    const insert = db.prepare('INSERT INTO kb(rowid, ids, title, symptoms, text) VALUES (?, ?, ?, ?, ?)');
    const idOf: string[] = [''];
    db.exec('BEGIN');
    const articles = await streamAnchorDocs(
      req.contentDir,
      req.subset,
      (d) => {
        idOf.push(d.id);
        insert.run(idOf.length - 1, d.ids, d.title, d.symptoms, d.text);
      },
      log,
    );
    db.exec('COMMIT');
    db.exec(`INSERT INTO kb(kb) VALUES ('optimize')`);
    const buildMs = performance.now() - t0;
    log(`indexed ${articles} articles in ${(buildMs / 1000).toFixed(1)} s`);

    const search = (w: number[]) => {
      const stmt = db
        .prepare(`SELECT rowid FROM kb WHERE kb MATCH ? ORDER BY bm25(kb, ${w.join(', ')}) LIMIT 10`)
        .pluck();
      return (q: string) => {
        const m = ftsQuery(q);
        const ids = m ? (stmt.all(m) as number[]).map((r) => idOf[r]) : [];
        return { ids, answered: ids.length > 0 };
      };
    };
    // Choose the weighting on the tuning queries (a stratified sample), then run every query with it.
    const tune = req.tuneQueries ?? req.queries;
    const runs: Array<{ w: number[]; score: Score }> = [];
    for (const w of WEIGHTINGS) {
      const score = scoreQueries(tune, search(w), req.queryBudgetMs);
      log(
        `weights ${w.join('/')}: top-1 ${score.overall.top1.toFixed(3)} on ${score.run} queries, p50 ${score.latency.p50.toFixed(1)} ms`,
      );
      runs.push({ w, score });
    }
    const best = runs.reduce((a, b) => (b.score.overall.top1 > a.score.overall.top1 ? b : a));
    const score = req.tuneQueries ? scoreQueries(req.queries, search(best.w), req.queryBudgetMs) : best.score;
    const notes = [
      'SQLite FTS5: the ids column holds the id and its aliases (Q214864 KB214864 214864), so an article number in any spelling is a word of it',
      `SQLite FTS5: column weights (ids/title/symptoms/text) ${best.w.join('/')}, the best of ${runs.length} by top-1 on ` +
        `${req.tuneQueries ? `the ${tune.length}-query sample` : 'all queries'}: ` +
        runs.map((r) => `${r.w.join('/')} ${r.score.overall.top1.toFixed(3)}`).join(', '),
    ];
    return { articles, buildMs, score, notes };
  } finally {
    db.close();
    rmSync(file, { force: true });
  }
});
