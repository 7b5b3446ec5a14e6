import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KnowledgeBase } from '../../src/kb/knowledge-base.js';
import { GOLDEN_CORPUS_DIR, GOLDEN_QUERIES_FILE, type GoldenQuery } from '../fixtures/fixture-files.js';

/**
 * The golden file: queries written for the fixture corpus in test/fixtures/golden-corpus/
 * (13 short articles in the three formats, several deliberately close to each other), each
 * with the article that must come first and, where close articles compete, the order of the
 * first two. Out-of-corpus errors must come back unanswered.
 */
const golden = JSON.parse(readFileSync(GOLDEN_QUERIES_FILE, 'utf8')) as GoldenQuery[];

describe('golden queries against the fixture corpus', async () => {
  const kb = await KnowledgeBase.open({ contentDir: GOLDEN_CORPUS_DIR });

  test('the fixture corpus loads whole: 13 articles in three formats, no problems', () => {
    assert.equal(kb.size, 13);
    assert.deepEqual(kb.report.byFormat, { 'archive-txt': 5, 'web-kb': 4, markdown: 4 });
    assert.deepEqual(kb.report.problems, []);
  });

  test('the golden file has at least 15 queries, every expected article exists, negatives included', () => {
    assert.ok(golden.length >= 15);
    assert.equal(new Set(golden.map((g) => g.qid)).size, golden.length, 'qids are unique');
    for (const g of golden)
      for (const id of [g.top, ...(g.order ?? [])].filter((x): x is string => !!x))
        assert.notEqual(kb.matcher.docOf(id), undefined, `${g.qid}: ${id}`);
    assert.ok(golden.filter((g) => g.kind === 'negative').length >= 3);
  });

  for (const g of golden) {
    const name =
      g.kind === 'negative'
        ? `${g.qid}: leaves an out-of-corpus error unanswered`
        : `${g.qid}: ranks ${g.order ? g.order.join(' > ') : g.top} first`;
    test(name, g.todo ? { todo: g.todo } : {}, () => {
      const r = kb.match(g.query);
      const got = r.results.map((x) => `${x.id}:${x.score}`).join(' ');
      if (g.kind === 'negative') {
        assert.equal(r.answered, false, `confidence ${r.confidence}; got ${got}`);
        return;
      }
      assert.equal(r.results[0]?.id, g.top, `got ${got}`);
      if (g.order)
        assert.deepEqual(
          r.results.slice(0, g.order.length).map((x) => x.id),
          g.order,
          `got ${got}`,
        );
    });
  }
});
