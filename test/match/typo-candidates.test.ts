import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { distance as levenshtein } from 'fastest-levenshtein';
import { typoCandidates } from '../../src/match/typo-candidates.js';

/**
 * Naive reference: optimal string alignment (restricted Damerau–Levenshtein) distance, the
 * textbook dynamic programme. Levenshtein counts a transposition of two neighbours as 2 edits;
 * typing "teh" for "the" is one typo, so the reference counts it as 1.
 */
function osaDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** One adjacent transposition turns a into b. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return (
    diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]
  );
}

/** All vocabulary words one typo away, the slow way. */
function naiveCandidates(word: string, vocabulary: string[]): string[] {
  return vocabulary.filter((v) => v !== word && (levenshtein(word, v) === 1 || isTransposition(word, v)));
}

function lookupOf(vocabulary: string[]): (w: string) => number | undefined {
  const ids = new Map(vocabulary.map((w, i) => [w, i] as const));
  return (w) => ids.get(w);
}

const sorted = (xs: string[]): string[] => [...new Set(xs)].sort();

describe('typoCandidates', () => {
  test('finds a deletion, an insertion, a substitution and a transposition', () => {
    const vocab = ['service', 'servce', 'services', 'servise', 'sevrice', 'server', 'device'];
    assert.deepEqual(sorted(typoCandidates('service', lookupOf(vocab)).map((c) => c.term)), [
      'servce',
      'services',
      'servise',
      'sevrice',
    ]);
  });

  test('returns each word once with its id, and never the word itself', () => {
    const vocab = ['aab', 'ab', 'aa'];
    const out = typoCandidates('aa', lookupOf(vocab));
    assert.deepEqual(out.map((c) => [c.term, c.id]).sort(), [
      ['aab', 0],
      ['ab', 1],
    ]);
  });

  test('the reference distance agrees with Levenshtein except on transpositions', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 }),
        (a, b) => {
          const osa = osaDistance(a, b);
          assert.ok(osa <= levenshtein(a, b));
          assert.equal(osa === 1, levenshtein(a, b) === 1 || isTransposition(a, b));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('returns exactly the vocabulary words at Damerau–Levenshtein distance 1 (property, against a naive scan)', () => {
    // A small alphabet makes words one edit apart common; vocabulary words are lower-case a–z like index terms.
    const letter = fc.constantFrom('a', 'b', 'c', 'd', 'z');
    const word = fc.string({ unit: letter, minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(
        word,
        fc.uniqueArray(word, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (typed, vocab, picks) => {
          // Plant neighbours of the typed word so that every run has hits, not only misses.
          const planted = picks.map((p) => {
            const i = p % (typed.length + 1);
            const insertion = `${typed.slice(0, i)}b${typed.slice(i)}`;
            const deletion = typed.slice(0, i) + typed.slice(i + 1);
            const transposition =
              typed.slice(0, i) + typed.slice(i + 1, i + 2) + typed.slice(i, i + 1) + typed.slice(i + 2);
            return [insertion, deletion, transposition][p % 3];
          });
          const vocabulary = [...new Set([...vocab, ...planted].filter(Boolean))];
          const got = typoCandidates(typed, lookupOf(vocabulary));
          assert.deepEqual(sorted(got.map((c) => c.term)), sorted(naiveCandidates(typed, vocabulary)));
          assert.deepEqual(
            sorted(got.map((c) => c.term)),
            sorted(vocabulary.filter((v) => v !== typed && osaDistance(typed, v) === 1)),
          );
          assert.equal(new Set(got.map((c) => c.term)).size, got.length, 'no duplicates');
          for (const c of got) assert.equal(vocabulary[c.id], c.term);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('handles a typed word with a letter outside a–z (deleting or replacing it)', () => {
    const vocab = ['uberprufen', 'berprufen', 'xberprufen'];
    assert.deepEqual(
      sorted(typoCandidates('überprufen', lookupOf(vocab)).map((c) => c.term)),
      sorted(naiveCandidates('überprufen', vocab)),
    );
  });
});
