import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sameStem, stemOf, stemRings } from '../../src/match/stems.js';

describe('word families', () => {
  test('a word and its inflections share a stem; short words, numbers and codes have none', () => {
    assert.equal(stemOf('crashes'), stemOf('crashed'));
    assert.equal(stemOf('printing'), stemOf('print'));
    assert.equal(stemOf('connection'), stemOf('connects'));
    assert.notEqual(stemOf('printer'), stemOf('print'));
    for (const w of ['win', 'nt', '0x2741', 'lnk2001', '4283']) assert.equal(stemOf(w), undefined, w);
  });

  test("a ring visits each of a word's siblings once and comes back", () => {
    const terms = ['crash', 'print', 'crashes', 'nt', 'printing', 'crashed', '0x2741'];
    const ring = stemRings(terms);
    const family = (t: string) => sameStem(ring, terms.indexOf(t), 10).map((i) => terms[i]);
    assert.deepEqual(family('crash').sort(), ['crashed', 'crashes']);
    assert.deepEqual(family('crashed').sort(), ['crash', 'crashes']);
    assert.deepEqual(family('printing'), ['print']);
    assert.deepEqual(family('nt'), []);
    assert.deepEqual(family('0x2741'), []);
    assert.deepEqual(sameStem(ring, terms.indexOf('crash'), 1).length, 1);
  });

  test('every ring is a permutation whose cycles are exactly the stem groups (property)', () => {
    const word = fc.constantFrom(
      'stop',
      'stops',
      'stopped',
      'stopping',
      'run',
      'runs',
      'running',
      'file',
      'files',
      'fx',
      '42',
    );
    fc.assert(
      fc.property(fc.uniqueArray(word, { maxLength: 11 }), (terms) => {
        const ring = stemRings(terms);
        assert.deepEqual(
          [...ring].sort((a, b) => a - b),
          terms.map((_, i) => i),
        );
        terms.forEach((t, i) => {
          const family = sameStem(ring, i, terms.length).map((j) => terms[j]);
          const expected = terms.filter((u) => u !== t && stemOf(u) !== undefined && stemOf(u) === stemOf(t));
          assert.deepEqual(family.sort(), expected.sort());
        });
      }),
    );
  });
});
