import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { IndexBuilder, indexedText } from '../../src/match/build-index.js';
import { identifierKeys } from '../../src/match/identifier-keys.js';
import { parseArticle } from '../../src/corpus/parse-article.js';
import { parseMarkdown } from '../../src/corpus/parse-markdown.js';
import { tokenize } from '../../src/match/tokenize.js';
import { MARKDOWN_RUNBOOK, archiveTxtBytes } from '../fixtures/fixture-files.js';

describe('IndexBuilder', () => {
  const archive = parseArticle(archiveTxtBytes(), 'archive/Q123456.TXT');
  const runbook = parseMarkdown(MARKDOWN_RUNBOOK, 'runbooks/spooler.md');
  const builder = new IndexBuilder();
  builder.add(archive);
  builder.add(runbook);
  const ix = builder.finish();
  const termId = (t: string): number => {
    const id = ix.terms.indexOf(t);
    assert.ok(id >= 0, `term ${t}`);
    return id;
  };
  const postings = (p: { offsets: Uint32Array; docs: Uint32Array }, id: number): number[] =>
    Array.from(p.docs.subarray(p.offsets[id], p.offsets[id + 1]));

  test('keeps id, title, source and format of each document, in the order added', () => {
    assert.deepEqual(ix.docs, [
      { id: 'Q123456', title: archive.title, source: 'archive/Q123456.TXT', format: 'archive-txt' },
      {
        id: 'RB-0042',
        title: 'Print Spooler Stops With Event 7031',
        source: 'runbooks/spooler.md',
        format: 'markdown',
      },
    ]);
  });

  test('indexes title, sections and keywords as the body text', () => {
    const text = indexedText(archive);
    assert.ok(text.startsWith(`${archive.title}\n`));
    assert.ok(text.includes(archive.sections.cause!));
    assert.ok(text.endsWith('kbExchange550 kbbug restore café kbClient'));
  });

  test('lists each word once per document, documents ascending, with its count', () => {
    assert.deepEqual(postings(ix.body, termId('service')), [0, 1]);
    assert.deepEqual(postings(ix.body, termId('isinteg')), [0]);
    assert.deepEqual(postings(ix.body, termId('spooler')), [1]);
    const id = termId('spooler');
    const tf = ix.body.tf[ix.body.offsets[id]];
    assert.equal(tf, tokenize(indexedText(runbook)).filter((t) => t === 'spooler').length);
  });

  test('counts words (not punctuation) in body lengths and title lengths', () => {
    assert.deepEqual(Array.from(ix.body.lengths), [
      tokenize(indexedText(archive)).length,
      tokenize(indexedText(runbook)).length,
    ]);
    assert.deepEqual(Array.from(ix.title.lengths), [
      tokenize(archive.title).length,
      tokenize(runbook.title).length,
    ]);
  });

  test('keeps every body as a sequence of term ids for phrases', () => {
    assert.equal(ix.seqOffsets.length, 3);
    assert.equal(ix.seqOffsets[0], 0);
    assert.equal(ix.seqOffsets[2], ix.seq.length);
    const words = Array.from(
      ix.seq.subarray(ix.seqOffsets[1], ix.seqOffsets[2]),
      (id) => ix.terms[id],
    ).filter((t) => /\w/.test(t));
    assert.deepEqual(words, tokenize(indexedText(runbook)));
  });

  test('knows where each article states its problem: the title, and the symptoms when they come first', () => {
    const first = Object.keys(archive.sections)[0];
    const problem = first === 'symptoms' ? `${archive.title}\n${archive.sections.symptoms}` : archive.title;
    assert.equal(ix.problemLengths[0], tokenize(problem, { punctuation: true }).length);
    assert.ok(ix.problemLengths[0] < ix.seqOffsets[1] - ix.seqOffsets[0]);
    const start = Array.from(ix.seq.subarray(0, ix.problemLengths[0]), (id) => ix.terms[id]);
    assert.deepEqual(start, tokenize(problem, { punctuation: true }));
  });

  test('indexes the problem as a field of its own: its words, their counts and its length', () => {
    const problem = tokenize(`${archive.title}\n${archive.sections.symptoms}`);
    assert.equal(Object.keys(archive.sections)[0], 'symptoms');
    assert.equal(ix.problem.lengths[0], problem.length);
    assert.ok(ix.problem.lengths[1] > tokenize(runbook.title).length);
    const word = problem.find((t) => problem.filter((x) => x === t).length > 1)!;
    const id = termId(word);
    assert.equal(postings(ix.problem, id)[0], 0);
    assert.equal(ix.problem.tf[ix.problem.offsets[id]], problem.filter((t) => t === word).length);
    // A word of the body only (the cause, the resolution) is not in the problem field.
    const bodyOnly = tokenize(indexedText(archive)).find((t) => !problem.includes(t))!;
    assert.deepEqual(postings(ix.problem, termId(bodyOnly)), []);
  });

  test('links words of the same family, and nothing else', () => {
    const family = (t: string) => {
      const out: string[] = [];
      for (let x = ix.stemRings[termId(t)]; x !== termId(t); x = ix.stemRings[x]) out.push(ix.terms[x]);
      return out.sort();
    };
    assert.deepEqual(family('restored'), ['restore', 'restoring']);
    assert.deepEqual(family('isinteg'), []);
  });

  test('indexes identifiers under the same keys a paste produces', () => {
    assert.deepEqual(identifierKeys(archive.identifiers).sort(), [
      'c:2147746077',
      'e:1025',
      'es:1025:msexchangeis',
      'f:isinteg.exe',
    ]);
    for (const key of ['c:2147746077', 'es:1025:msexchangeis', 'f:isinteg.exe'])
      assert.deepEqual(postings(ix.ident, ix.identKeys.indexOf(key)), [0], key);
    assert.deepEqual(postings(ix.ident, ix.identKeys.indexOf('e:7031')), [1]);
  });
});
