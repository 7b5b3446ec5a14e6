import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat, isContentFile, parseArticle } from '../../src/corpus/parse-article.js';
import { ParseError } from '../../src/corpus/parse-error.js';
import { ARCHIVE_TXT, MALFORMED, MARKDOWN_RUNBOOK, archiveTxtBytes } from '../fixtures/fixture-files.js';

describe('isContentFile', () => {
  test('accepts .txt, .TXT, .md and .markdown files', () => {
    assert.deepEqual(['Q1.TXT', 'a.txt', 'b.md', 'c.markdown'].map(isContentFile), [true, true, true, true]);
  });

  test('ignores README, LICENSE, CHANGELOG and other extensions', () => {
    assert.deepEqual(['README.md', 'license.txt', 'CHANGELOG.md', 'index.bin', 'a.json'].map(isContentFile), [
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('detectFormat', () => {
  test('calls a .md file Markdown whatever it holds', () => {
    assert.equal(detectFormat('x.md', 'DOCUMENT:Q1'), 'markdown');
  });

  test('calls a text starting with DOCUMENT: archive TXT', () => {
    assert.equal(detectFormat('Q123456.TXT', ARCHIVE_TXT), 'archive-txt');
  });

  test('calls a text with an ID: line or a "(123456)" title web KB', () => {
    assert.equal(detectFormat('a.txt', 'A title\n\nID: Q214864\n'), 'web-kb');
    assert.equal(detectFormat('b.txt', 'A title (811406)\n\nSYMPTOMS\n'), 'web-kb');
  });

  test('recognises none of them in free text', () => {
    assert.equal(detectFormat('c.txt', 'remember to restart the server\n'), undefined);
  });
});

describe('parseArticle', () => {
  const lineOf = (bytes: Uint8Array, name: string): { line?: number; message: string } => {
    try {
      parseArticle(bytes, name);
    } catch (e) {
      assert.ok(e instanceof ParseError, `a ParseError, got ${String(e)}`);
      return { line: e.line, message: e.message };
    }
    return assert.fail('expected a ParseError');
  };

  test('parses each format from bytes', () => {
    assert.equal(parseArticle(archiveTxtBytes(), 'Q123456.TXT').format, 'archive-txt');
    assert.equal(parseArticle(Buffer.from(MARKDOWN_RUNBOOK), 'rb.md').format, 'markdown');
    assert.equal(parseArticle(Buffer.from('T (811406)\n\nSYMPTOMS\n\nx\n'), 'w.txt').format, 'web-kb');
  });

  test('refuses an empty file on line 1', () => {
    assert.deepEqual(lineOf(MALFORMED['bad/empty.md'], 'empty.md'), { line: 1, message: 'file is empty' });
  });

  test('refuses a binary file on line 1', () => {
    assert.deepEqual(lineOf(MALFORMED['bad/image.txt'], 'image.txt'), {
      line: 1,
      message: 'file is binary, not text',
    });
  });

  test('refuses a text in no known format on line 1, naming the formats', () => {
    const e = lineOf(MALFORMED['bad/notes.txt'], 'notes.txt');
    assert.equal(e.line, 1);
    assert.match(e.message, /unrecognised format/);
  });
});
