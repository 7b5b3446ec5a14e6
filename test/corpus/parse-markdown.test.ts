import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseMarkdown } from '../../src/corpus/parse-markdown.js';
import { ParseError } from '../../src/corpus/parse-error.js';
import { MALFORMED, MARKDOWN_RUNBOOK } from '../fixtures/fixture-files.js';

function parseError(text: string): ParseError {
  try {
    parseMarkdown(text, 'x.md');
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  assert.fail('expected a ParseError');
}

describe('parseMarkdown', () => {
  const a = parseMarkdown(MARKDOWN_RUNBOOK, 'runbooks/spooler.md');

  test('reads id, title, applies_to, products, keywords, url and date from the YAML front matter', () => {
    assert.equal(a.format, 'markdown');
    assert.equal(a.id, 'RB-0042');
    assert.equal(a.title, 'Print Spooler Stops With Event 7031');
    assert.deepEqual(a.appliesTo, ['Windows Server 2019 print servers', 'Windows Server 2022 print servers']);
    assert.deepEqual(a.products, ['Windows Server']);
    assert.deepEqual(a.keywords, ['spooler', 'printing', 'event 7031']);
    assert.equal(a.url, 'https://wiki.example/runbooks/spooler-7031');
    assert.equal(a.dates.published, '2024-02-01');
    assert.equal(a.source, 'runbooks/spooler.md');
  });

  test('keeps a runbook id as written and adds the front matter aliases', () => {
    assert.deepEqual(a.aliases, ['spooler-crash']);
  });

  test('maps ## headings to sections and skips the top-level # title', () => {
    assert.deepEqual(Object.keys(a.sections), ['symptoms', 'cause', 'workaround', 'resolution']);
    assert.equal(a.sections.workaround, 'Restart the Print Spooler service.');
    assert.ok(!Object.values(a.sections).some((s) => s!.startsWith('# Print Spooler')));
  });

  test('keeps a "##" line inside a code fence as text of its section', () => {
    assert.match(a.sections.resolution!, /^1\. Remove the printer that uses badprint\.dll\./);
    assert.match(a.sections.resolution!, /## this line is code, not a heading\nRemove-Item/);
    assert.match(a.sections.resolution!, /3\. Start the Print Spooler service\.$/);
  });

  test('extracts event 7031 and the driver file from the body', () => {
    assert.ok(a.identifiers.events.some((e) => e.id === 7031));
    assert.ok(a.identifiers.files.includes('badprint.dll'));
  });

  test('finds a file name written as inline code (`spoolsv.exe`)', () => {
    assert.ok(a.identifiers.files.includes('spoolsv.exe'), `files: ${a.identifiers.files.join(', ')}`);
  });

  test('does not take a title-case word before "Event 7031" as its source', () => {
    assert.ok(!a.identifiers.events.some((e) => e.source === 'with'), JSON.stringify(a.identifiers.events));
  });

  test('turns a KB number id (KB900104) into the canonical Q id with its aliases', () => {
    const kb = parseMarkdown('---\nid: KB900104\ntitle: T\n---\n## Symptoms\nx\n', 'kb.md');
    assert.equal(kb.id, 'Q900104');
    assert.deepEqual(kb.aliases, ['KB900104', '900104']);
  });

  test('accepts a comma-separated string for keywords', () => {
    const kb = parseMarkdown('---\nid: RB-1\ntitle: T\nkeywords: a, b ,c\n---\n', 'k.md');
    assert.deepEqual(kb.keywords, ['a', 'b', 'c']);
  });

  test('refuses a file without front matter on line 1', () => {
    const e = parseError(MALFORMED['bad/runbook-no-front-matter.md'].toString('utf8'));
    assert.equal(e.line, 1);
    assert.match(e.message, /no YAML front matter/);
  });

  test('refuses front matter without a title, on line 2', () => {
    const e = parseError('---\nid: RB-1\n---\n');
    assert.equal(e.line, 2);
    assert.match(e.message, /no "title"/);
  });

  test('refuses front matter without an id', () => {
    assert.match(parseError('---\ntitle: T\n---\n').message, /no "id"/);
  });

  test('refuses front matter that is a list, not a mapping', () => {
    assert.match(parseError('---\n- a\n- b\n---\n').message, /mapping/);
  });

  test('says the front matter is not valid YAML', () => {
    assert.match(
      parseError(MALFORMED['bad/runbook-bad-yaml.md'].toString('utf8')).message,
      /front matter is not valid YAML/,
    );
  });

  test('reports the file line of a YAML error (the unclosed list on line 4, or the line after it)', () => {
    const e = parseError(MALFORMED['bad/runbook-bad-yaml.md'].toString('utf8'));
    assert.ok(e.line === 4 || e.line === 5, `line ${e.line}`);
  });
});
