import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseArchiveTxt } from '../../src/corpus/parse-archive-txt.js';
import { parseArticle } from '../../src/corpus/parse-article.js';
import { decodeText } from '../../src/corpus/decode-text.js';
import { ParseError } from '../../src/corpus/parse-error.js';
import { archiveTxtBytes, cp1252Crlf } from '../fixtures/fixture-files.js';

describe('parseArchiveTxt', () => {
  const article = parseArticle(archiveTxtBytes(), 'archive/Q123456.TXT');

  test('the fixture really is CRLF Windows-1252 (0x92 and 0xE9 bytes, no UTF-8)', () => {
    const bytes = archiveTxtBytes();
    assert.ok(bytes.includes(0x92) && bytes.includes(0xe9));
    assert.ok(bytes.includes(Buffer.from('\r\n')));
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  });

  test('parses the archive TXT header into id, aliases, title and products', () => {
    assert.equal(article.format, 'archive-txt');
    assert.equal(article.id, 'Q123456');
    assert.deepEqual(article.aliases, ['KB123456', '123456']);
    assert.equal(article.title, 'XCLN: Outlook Can’t Open the Café Mailbox After a Restore');
    assert.deepEqual(article.products, ['Microsoft Exchange']);
    assert.equal(article.source, 'archive/Q123456.TXT');
  });

  test('reads the DOCUMENT date as an ISO publication date', () => {
    assert.equal(article.dates.published, '1999-04-07');
  });

  test('decodes Windows-1252 0x92 as ’ and 0xE9 as é in title and body', () => {
    assert.match(article.title, /Can’t/);
    assert.match(article.title, /Café/);
    assert.equal(
      article.sections.cause,
      'The restored store’s mailbox table still points at the old server.',
    );
  });

  test('leaves no carriage return anywhere in the article', () => {
    assert.ok(!JSON.stringify(article).includes('\\r'));
  });

  test('collects applies-to bullets, joining a wrapped bullet into one line', () => {
    assert.deepEqual(article.appliesTo, [
      'Microsoft Exchange Server version 5.5',
      'Microsoft Outlook 98, when it is used with Microsoft Exchange Server',
    ]);
  });

  test('splits the `=`-underlined sections under their canonical names, in file order', () => {
    assert.deepEqual(Object.keys(article.sections), [
      'symptoms',
      'cause',
      'resolution',
      'status',
      'moreInformation',
    ]);
    assert.equal(
      article.sections.symptoms,
      'When a user opens the mailbox of the Café team after the store was restored,\nOutlook reports:\n\n   The operation failed. (0x8004011D)\n\nand MSExchangeIS event 1025 is logged on the server.',
    );
    assert.equal(
      article.sections.resolution,
      '1. Run isinteg.exe -fix against the restored store.\n2. Restart the Microsoft Exchange Information Store service.',
    );
    assert.equal(
      article.sections.status,
      'Microsoft has confirmed this to be a problem in Exchange Server 5.5.',
    );
    assert.equal(article.sections.moreInformation, 'For more about restoring a store, see article 155216.');
  });

  test('merges KEYWORDS, "Additional query words" and the Keywords metadata line, once each', () => {
    assert.deepEqual(article.keywords, ['kbExchange550', 'kbbug', 'restore', 'café', 'kbClient']);
  });

  test('drops the metadata block and the legal footer', () => {
    const all = Object.values(article.sections).join('\n');
    for (const gone of [
      'WARRANTY',
      'Copyright',
      'Technology',
      'Solution Type',
      'Hardware',
      'Additional query words',
    ]) {
      assert.ok(!all.includes(gone), `"${gone}" should not be in any section`);
    }
  });

  test('extracts the identifiers of title and sections', () => {
    assert.deepEqual(article.identifiers.codes, [0x8004011d]);
    assert.deepEqual(article.identifiers.events, [{ id: 1025, source: 'msexchangeis' }, { id: 1025 }]);
    assert.deepEqual(article.identifiers.files, ['isinteg.exe']);
    assert.deepEqual(article.identifiers.kbRefs, ['155216']);
  });

  test('strips leading zeros and a missing Q from the DOCUMENT number', () => {
    const a = parseArchiveTxt(
      'DOCUMENT:0012345  01-JAN-2000\nTITLE   :A title\n\nSYMPTOMS\n========\n\nText.\n',
      'x.TXT',
    );
    assert.equal(a.id, 'Q12345');
    assert.equal(a.sections.symptoms, 'Text.');
  });

  test('throws a ParseError on line 2 when the TITLE line is missing', () => {
    const text = decodeText(
      cp1252Crlf('DOCUMENT:Q555555  01-JAN-2000  [winnt]\nPRODUCT :Microsoft Windows NT\n'),
    );
    assert.throws(
      () => parseArchiveTxt(text, 'x.TXT'),
      (e: unknown) => e instanceof ParseError && e.line === 2 && /missing TITLE/.test(e.message),
    );
  });

  test('throws a ParseError on line 1 when DOCUMENT has no article number', () => {
    assert.throws(
      () => parseArchiveTxt('DOCUMENT:  [winnt]\nTITLE   :Something\n', 'x.TXT'),
      (e: unknown) => e instanceof ParseError && e.line === 1 && /no article number/.test(e.message),
    );
  });
});
