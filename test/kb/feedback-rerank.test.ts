import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  applyLearned,
  closestLearned,
  learnedConfidence,
  rerankWithFeedback,
  type Ranked,
} from '../../src/kb/feedback-rerank.js';
import type { FeedbackEntry } from '../../src/store/types.js';

const VOCAB = [
  'outlook',
  'smtp',
  'server',
  'connect',
  'printer',
  'spooler',
  'driver',
  'update',
  'install',
  'timeout',
  'network',
  'dns',
  'exchange',
  'mta',
  'database',
  'disk',
  '0x80070005',
  '0x800CCC0E',
  '4283',
  '1035',
  'c0000005',
  'kernel',
];
const OTHER = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  '9911',
  '0xdeadbeef',
];
const IDS = ['KB1', 'KB2', 'KB3', 'KB4', 'KB5', 'KB6'];

const textOf = (words: string[]) =>
  fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
const resultsArb: fc.Arbitrary<Ranked[]> = fc
  .uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: IDS.length })
  .chain((ids) =>
    fc
      .array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: ids.length, maxLength: ids.length })
      .map((scores) =>
        ids
          .map((id, i) => ({
            id,
            title: `title of ${id}`,
            score: scores[i]!,
            reasons: [{ kind: 'terms', detail: 'x' }],
          }))
          .sort((a, b) => b.score - a.score),
      ),
  );
const feedbackArb = (words: string[]): fc.Arbitrary<FeedbackEntry[]> =>
  fc.array(
    fc.record({
      queryText: textOf(words),
      articleId: fc.constantFrom(...IDS, 'KB-absent'),
      helpful: fc.nat(6),
      notHelpful: fc.nat(6),
    }),
    { maxLength: 12 },
  );

function results(...scores: Array<[string, number]>): Ranked[] {
  return scores.map(([id, score]) => ({ id, title: id, score, reasons: [] }));
}
const entry = (queryText: string, articleId: string, helpful: number, notHelpful = 0): FeedbackEntry => ({
  queryText,
  articleId,
  helpful,
  notHelpful,
});

describe('re-ranking with feedback, as properties', () => {
  test('with no feedback the results come back unchanged (the same array)', () => {
    fc.assert(
      fc.property(textOf(VOCAB), resultsArb, (q, rs) => {
        assert.equal(rerankWithFeedback(q, rs, []), rs);
      }),
    );
  });

  test('feedback on unrelated pastes leaves the results unchanged', () => {
    fc.assert(
      fc.property(textOf(VOCAB), resultsArb, feedbackArb(OTHER), (q, rs, fb) => {
        assert.equal(rerankWithFeedback(q, rs, fb), rs);
      }),
    );
  });

  test('every score moves by at most maxBoost × the top score, never below zero, and the list is the same articles best first', () => {
    fc.assert(
      fc.property(
        textOf(VOCAB),
        resultsArb,
        feedbackArb(VOCAB),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (q, rs, fb, maxBoost, minSimilarity) => {
          const before = structuredClone(rs);
          const out = rerankWithFeedback(q, rs, fb, { maxBoost, minSimilarity });
          assert.deepEqual(rs, before, 'the input must not be mutated');
          const top = Math.max(...rs.map((r) => r.score));
          assert.deepEqual(out.map((r) => r.id).sort(), rs.map((r) => r.id).sort());
          for (const r of out) {
            const old = rs.find((x) => x.id === r.id)!;
            assert.ok(
              Math.abs(r.score - old.score) <= maxBoost * top + 1e-9,
              `${r.id} moved ${r.score - old.score}`,
            );
            assert.ok(r.score >= 0);
            if (r.score === old.score) assert.equal(r, old, 'an unchanged result keeps its object');
            else assert.equal(r.reasons.at(-1)?.kind, 'feedback', 'a changed score says why');
          }
          for (let i = 1; i < out.length; i++) assert.ok(out[i - 1]!.score >= out[i]!.score);
        },
      ),
    );
  });

  test('one more helpful vote for an article on this very paste never lowers it', () => {
    fc.assert(
      fc.property(
        textOf(VOCAB),
        resultsArb,
        feedbackArb(VOCAB),
        fc.nat(IDS.length - 1),
        (q, rs, fb, pick) => {
          const id = rs[pick % rs.length]!.id;
          const score = (list: Ranked[]) => list.find((r) => r.id === id)!.score;
          const without = rerankWithFeedback(q, rs, fb);
          const withVote = rerankWithFeedback(q, rs, [...fb, entry(q, id, 1)]);
          assert.ok(score(withVote) >= score(without) - 1e-9);
        },
      ),
    );
  });
});

describe('re-ranking with feedback, by example', () => {
  const paste = 'Event 4283 from MSExchangeMTA: the MTA database server is unavailable';
  const base = results(['KB-A', 10], ['KB-B', 9], ['KB-C', 5]);

  test('a helpful vote on the same paste lifts the second article to the top, and says why', () => {
    const out = rerankWithFeedback(paste, base, [entry(paste, 'KB-B', 1)]);
    assert.deepEqual(
      out.map((r) => r.id),
      ['KB-B', 'KB-A', 'KB-C'],
    );
    assert.equal(out[0]!.score, 9 + 0.5 * 10 * 0.5);
    assert.deepEqual(out[0]!.reasons, [
      { kind: 'feedback', detail: '1 person found this helpful for a similar paste' },
    ]);
  });

  test('more helpful votes weigh more, but the lift never exceeds maxBoost × the top score', () => {
    const lift = (n: number) =>
      rerankWithFeedback(paste, base, [entry(paste, 'KB-C', n)]).find((r) => r.id === 'KB-C')!.score - 5;
    assert.ok(lift(1) < lift(3) && lift(3) < lift(100));
    assert.ok(lift(1_000_000) <= 5);
  });

  test('one not-helpful vote does not lower an article; repeated ones do', () => {
    assert.equal(rerankWithFeedback(paste, base, [entry(paste, 'KB-A', 0, 1)]), base);
    const out = rerankWithFeedback(paste, base, [entry(paste, 'KB-A', 0, 3)]);
    assert.deepEqual(
      out.map((r) => r.id),
      ['KB-B', 'KB-A', 'KB-C'],
    );
    assert.equal(out[1]!.reasons.at(-1)!.detail, '3 people found this not helpful for a similar paste');
  });

  test('a close paraphrase counts; an unrelated paste and a weak overlap do not', () => {
    const paraphrase = 'MSExchangeMTA event 4283 — MTA database server unavailable';
    assert.equal(rerankWithFeedback(paraphrase, base, [entry(paste, 'KB-B', 2)])[0]!.id, 'KB-B');
    assert.equal(
      rerankWithFeedback('printer spooler crashed with 0x0000007e', base, [entry(paste, 'KB-B', 2)]),
      base,
    );
    assert.equal(rerankWithFeedback('the database is slow', base, [entry(paste, 'KB-B', 2)]), base);
  });

  test('an identical paste is weighted more than a paraphrase', () => {
    const paraphrase = 'MSExchangeMTA event 4283: MTA database server unavailable again today';
    const same = rerankWithFeedback(paste, base, [entry(paste, 'KB-C', 1)]).find(
      (r) => r.id === 'KB-C',
    )!.score;
    const close = rerankWithFeedback(paraphrase, base, [entry(paste, 'KB-C', 1)]).find(
      (r) => r.id === 'KB-C',
    )!.score;
    assert.ok(same > close && close > 5, `same ${same}, close ${close}`);
  });

  test('feedback kept as identifiers only still matches a paste with the same identifiers', () => {
    const out = rerankWithFeedback(paste, base, [entry('4283 MSExchangeMTA MTA', 'KB-C', 3)]);
    const c = out.find((r) => r.id === 'KB-C')!;
    assert.ok(c.score > 5 && c.reasons.at(-1)?.kind === 'feedback', `KB-C at ${c.score}`);
    assert.equal(rerankWithFeedback(paste, base, [entry('0x80070005 setup.exe', 'KB-C', 3)]), base);
  });

  test('options: maxBoost 0 or a similarity threshold above the match change nothing', () => {
    assert.equal(rerankWithFeedback(paste, base, [entry(paste, 'KB-B', 5)], { maxBoost: 0 }), base);
    const paraphrase = 'MSExchangeMTA event 4283: MTA database server unavailable again today';
    assert.notEqual(
      rerankWithFeedback(paraphrase, base, [entry(paste, 'KB-B', 5)], { minSimilarity: 0.8 }),
      base,
    );
    assert.equal(
      rerankWithFeedback(paraphrase, base, [entry(paste, 'KB-B', 5)], { minSimilarity: 0.95 }),
      base,
    );
  });
});

describe('closestLearned and applyLearned (help-desk answers)', () => {
  const learnedAt = '2026-11-30T10:00:00.000Z';
  const paste =
    'Backup job NightlyFS failed: VSS writer SqlServerWriter timed out, error 0x800423f4 at 02:14:07';
  const entries: FeedbackEntry[] = [
    { queryText: paste, articleId: 'KB-L', helpful: 1, notHelpful: 0, learnedAt },
    { queryText: paste, articleId: 'KB-V', helpful: 50, notHelpful: 0 },
  ];
  const results: Ranked[] = [
    { id: 'KB-A', title: 'A', score: 10, reasons: [] },
    { id: 'KB-V', title: 'V', score: 4, reasons: [] },
  ];

  test('finds the pairing for the same paste, the same error at another time, and a paraphrase', () => {
    for (const q of [
      paste,
      paste.replace('02:14:07', '23:59:01'),
      'nightly backup failed because vss writer SqlServerWriter timed out 0x800423f4',
    ]) {
      const m = closestLearned(q, entries);
      assert.equal(m?.articleId, 'KB-L', q);
      assert.equal(m?.learnedAt, learnedAt);
    }
    assert.equal(closestLearned(paste, entries)?.similarity, 1);
    assert.equal(closestLearned('Printer queue on PRN07 stuck', entries), undefined);
  });

  test('puts the learned article first (added when the matcher missed it) with the reason first', () => {
    const m = closestLearned(paste, entries)!;
    const out = applyLearned(results, m, 'Learned title');
    assert.deepEqual(
      out.map((r) => r.id),
      ['KB-L', 'KB-A', 'KB-V'],
    );
    assert.ok(out[0]!.score > 10);
    assert.deepEqual(out[0]!.reasons[0], {
      kind: 'learned',
      detail: 'answered by the help desk on 2026-11-30',
    });
    const moved = applyLearned(results, { ...m, articleId: 'KB-V' }, 'unused');
    assert.deepEqual(
      moved.map((r) => r.id),
      ['KB-V', 'KB-A'],
    );
    assert.equal(moved[0]!.title, 'V');
    assert.ok(learnedConfidence(1) > learnedConfidence(0.5) && learnedConfidence(0.5) >= 0.8);
  });

  test('votes are counted by rerankWithFeedback, learned pairings are not', () => {
    const ranked = rerankWithFeedback(paste, results, entries);
    assert.ok(ranked.every((r) => r.reasons.every((x) => x.kind !== 'learned')));
  });
});
