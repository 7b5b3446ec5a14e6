/**
 * Every pattern family that reads a paste or an article grows linearly with its input: each
 * function is timed on a hostile shape of n and of 4n characters (long whitespace runs, repeated
 * fragments, newline floods, a megabyte of words). Linear work grows about 4×, a quadratic
 * pattern 16×, a cubic one 64×; the bound below is generous so a loaded machine does not fail it,
 * and the fastest of a few runs is compared.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractIdentifiers } from '../../src/corpus/extract-identifiers.js';
import { analyzeQuery } from '../../src/match/analyze-query.js';
import { tokenize } from '../../src/match/tokenize.js';
import { normalizeMessage } from '../../src/conversation/intents.js';
import { messageText as slackText } from '../../src/slack/turns.js';
import { messageText as teamsText } from '../../src/teams/activity.js';
import { groupingKey, identifierText, similarityTokens } from '../../src/store/text.js';
import { maskSecrets } from '../../src/store/mask-secrets.js';
import {
  MAX_CONTENT_FILE_BYTES,
  MAX_CONTENT_LINE_CHARS,
  parseArticle,
} from '../../src/corpus/parse-article.js';

const N = 25_000;

/** Hostile shapes of about n characters. */
export const HOSTILE_SHAPES: Record<string, (n: number) => string> = {
  'a keyword then a long whitespace run': (n) => `error${' '.repeat(n)}x`,
  'event then a long whitespace run': (n) => `event id${' \t'.repeat(n / 2)}:x`,
  'mixed whitespace with newlines': (n) => `error${' \t\n'.repeat(n / 3)}x`,
  'a newline flood': (n) => `${'\n'.repeat(n)}x`,
  'a CRLF flood of labels': (n) => 'source:\r\n'.repeat(n / 9),
  'repeated unclosed mentions': (n) => '<@A|'.repeat(n / 4),
  'repeated unclosed links': (n) => '<http:a|'.repeat(n / 8),
  'repeated KB URLs': (n) => 'support.microsoft.com/'.repeat(n / 22),
  'dotted labels': (n) => 'a.'.repeat(n / 2),
  'dashed words': (n) => 'a-'.repeat(n / 2),
  'at signs': (n) => 'a@'.repeat(n / 2),
  'one long word': (n) => 'a'.repeat(n),
  'a run of markup': (n) => `a${'*'.repeat(n)}a`,
  'glued codes': (n) => 'error1'.repeat(n / 6),
  'a code then underscores': (n) => `error 1${'_'.repeat(n)}`,
  'events with source lines': (n) => 'event 1 source: x\n'.repeat(n / 18),
  'a source line with a space run': (n) => `source: x${' '.repeat(n)}y`,
  'repeated lead-ins': (n) => `${'hi '.repeat(n / 3)}x`,
  'quote marks': (n) => '\n>'.repeat(n / 2),
  'dotted numbers': (n) => '1.'.repeat(n / 2),
  'password assignments': (n) => 'password='.repeat(n / 9),
  'key-like runs': (n) => 'AKIA'.repeat(n / 4),
  'a megabyte of words': (n) =>
    'the quick brown fox jumps over the lazy dog error 0x80070005 '.repeat(n / 60),
};

function fastest(f: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** Times `f` on the shape at n and 4n; fails when the larger took far more than 4× as long. */
function assertLinear(name: string, f: (s: string) => unknown, shape: (n: number) => string, n = N): void {
  const small = shape(n);
  const large = shape(4 * n);
  f(small); // warm up the compiled patterns
  let a = 0;
  let b = 0;
  // A busy machine (GC, other processes) can slow one measurement; super-linear work is slow every time.
  for (let attempt = 0; attempt < 3; attempt++) {
    a = fastest(() => f(small));
    b = fastest(() => f(large));
    // Linear: b ≈ 4a. Quadratic: 16a; cubic: 64a. The constant absorbs timer and GC noise on small times.
    if (b < 8 * a + 60) return;
  }
  assert.fail(
    `${name}: ${a.toFixed(1)} ms at ${small.length} characters but ${b.toFixed(1)} ms at ${large.length}`,
  );
}

const FUNCTIONS: Record<string, (s: string) => unknown> = {
  extractIdentifiers,
  // The matcher cuts a paste to 20,000 characters; the patterns themselves are tested beyond it.
  analyzeQuery: (s) => analyzeQuery(s, Infinity, 256),
  tokenize,
  'the intent router normaliser': normalizeMessage,
  'Slack message text': slackText,
  'Teams message text': (s) =>
    teamsText({ text: s, conversation: { conversationType: 'channel', id: 'c', isGroup: true, name: '' } }),
  groupingKey,
  identifierText,
  similarityTokens,
  maskSecrets,
};

/** Content files: a line may be at most MAX_CONTENT_LINE_CHARS long, so the parsers are timed below it. */
const PARSERS: Record<string, (s: string) => unknown> = {
  'the Markdown runbook parser': (s) =>
    parseArticle(Buffer.from(`---\nid: RB-1\ntitle: T\n---\n## Symptoms\n${s}\n`), 'x.md'),
  'the archive TXT parser': (s) =>
    parseArticle(
      Buffer.from(`DOCUMENT:Q100001  01-JAN-2000  [x]\r\nTITLE   :T\r\n\r\n${s}\r\n=${s}\r\n`),
      'x.txt',
    ),
  'the web KB parser': (s) =>
    parseArticle(Buffer.from(`T ${s} (100001)\nID: Q100001\nSYMPTOMS\n${s}\nLast Reviewed: ${s}\n`), 'x.txt'),
};

describe('every pattern family grows linearly on hostile input', () => {
  for (const [fname, f] of Object.entries(FUNCTIONS)) {
    it(`${fname} stays linear on every hostile shape`, () => {
      for (const [sname, shape] of Object.entries(HOSTILE_SHAPES))
        assertLinear(`${fname} on ${sname}`, f, shape);
    });
  }

  for (const [fname, f] of Object.entries(PARSERS)) {
    it(`${fname} stays linear on every hostile shape`, () => {
      for (const [sname, shape] of Object.entries(HOSTILE_SHAPES)) {
        const parse = (s: string) => {
          try {
            return f(s);
          } catch (e) {
            return e;
          }
        };
        assertLinear(`${fname} on ${sname}`, parse, shape, MAX_CONTENT_LINE_CHARS / 4 - 100);
      }
    });
  }

  it('"error" + 2,000 spaces + "x" (5.9 s before) takes milliseconds', () => {
    const t = fastest(() => extractIdentifiers(`error${' '.repeat(2000)}x`), 1);
    assert.ok(t < 200, `${t} ms`);
  });

  it('a content file with a line too long or too large is reported with its line, not parsed', () => {
    const long = Buffer.from(`---\nid: RB-1\ntitle: T\n---\n## Symptoms\nok\n${'error '.repeat(2_000)}\n`);
    assert.throws(
      () => parseArticle(long, 'x.md'),
      (e: Error & { line?: number }) => /line is longer/.test(e.message) && e.line === 7,
    );
    const huge = Buffer.alloc(MAX_CONTENT_FILE_BYTES + 1, 'a');
    assert.throws(() => parseArticle(huge, 'x.md'), /file is larger/);
  });

  it('the timing check itself catches a quadratic pattern', () => {
    const quadratic = (s: string) => s.replace(/[\w.+-]+@x/g, '');
    assert.throws(() => assertLinear('quadratic', quadratic, (n) => 'a'.repeat(n), 8000), /ms at/);
  });
});
