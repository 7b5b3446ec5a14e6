import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { KnowledgeBase } from '../../src/kb/knowledge-base.js';
import { answerPaste, decodeCodes } from '../../src/kb/answer-paste.js';
import { MATCH_DEFAULTS } from '../../src/config/match-defaults.js';
import { removeTemp, seedOnlyCorpus } from '../fixtures/fixture-files.js';

describe('answerPaste on bad input (against the two seed articles)', async () => {
  const root = await seedOnlyCorpus();
  after(() => removeTemp(root));
  const kb = await KnowledgeBase.open({ contentDir: root });

  test('refuses an empty paste with a notice that says what to paste', async () => {
    for (const paste of ['', '   \n\t  ']) {
      const a = await answerPaste(kb, paste);
      assert.equal(a.answered, false);
      assert.equal(a.article, undefined);
      assert.equal(a.confidence, 0);
      assert.equal(
        a.notice,
        'The message was empty: paste an error message, an event id with its source, an error code or a KB number.',
      );
    }
  });

  test('refuses binary junk (control bytes, NULs) with a notice', async () => {
    const junk = String.fromCharCode(...Array.from({ length: 600 }, (_, i) => (i * 37) % 256));
    const a = await answerPaste(kb, junk);
    assert.equal(a.answered, false);
    assert.equal(a.article, undefined);
    assert.equal(a.notice, 'That looks like binary data, not text: paste the error message as text.');
  });

  test('refuses a binary file read as UTF-8 (runs of U+FFFD) with the same notice', async () => {
    const a = await answerPaste(kb, 'PK\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD word');
    assert.equal(a.notice, 'That looks like binary data, not text: paste the error message as text.');
  });

  test('cuts a 1 MB paste to its first characters, says so, and still finds the error at its start', async () => {
    const log = Array.from(
      { length: 20_000 },
      (_, i) => `2024-03-14T10:22:${String(i % 60).padStart(2, '0')}Z INFO worker ${i} heartbeat ok`,
    ).join('\n');
    const paste = `Register LDAP SSL protocol failed with error 0x2741\n${log}`;
    assert.ok(paste.length > 1_000_000);
    const a = await answerPaste(kb, paste);
    assert.equal(
      a.notice,
      `The paste was long (${paste.length.toLocaleString('en')} characters): only its first ${MATCH_DEFAULTS.maxQueryChars.toLocaleString('en')} were read.`,
    );
    assert.equal(a.article?.id, 'Q214864');
    assert.deepEqual(
      a.codes.map((c) => c.name),
      ['WSAEADDRNOTAVAIL'],
    );
  });

  test('answers a 1 MB paste of one repeated character without a crash, unanswered', async () => {
    const a = await answerPaste(kb, 'x'.repeat(1_000_000));
    assert.equal(a.answered, false);
    assert.match(a.notice ?? '', /^The paste was long \(1,000,000 characters\)/);
  });

  test('answers Japanese text without a crash, and still reads its error code', async () => {
    const a = await answerPaste(kb, 'サーバーに接続できません。エラー 0x2741 が発生しました');
    assert.equal(a.notice, undefined);
    assert.equal(a.article?.id, 'Q214864', 'the article of 0x2741 comes first');
    const bare = await answerPaste(kb, 'error 0x2741');
    assert.ok(a.confidence < bare.confidence, 'words the corpus does not know make it less sure');
    assert.deepEqual(
      a.codes.map((c) => c.value),
      [10049],
    );
  });

  test('answers German with umlauts without a crash, and finds the article by its code', async () => {
    const a = await answerPaste(
      kb,
      'Fehler 0x2741: Registrierung des LDAP-SSL-Protokolls fehlgeschlagen. Überprüfen Sie, ob Port 636 frei ist.',
    );
    assert.equal(a.notice, undefined);
    assert.equal(a.article?.id, 'Q214864');
    assert.deepEqual(
      a.codes.map((c) => c.name),
      ['WSAEADDRNOTAVAIL'],
    );
  });

  test('answers a KB number with the article, confident', async () => {
    const a = await answerPaste(kb, 'KB811406');
    assert.equal(a.answered, true);
    assert.equal(a.article?.id, 'Q811406');
    assert.equal(a.article?.url, 'https://support.microsoft.com/kb/811406');
  });
});

describe('decodeCodes', () => {
  test('reads each code once, the Win32 code inside an HRESULT not again', () => {
    const r = decodeCodes([0x80070005, 5, 10049, 10049]);
    assert.deepEqual(
      r.map((c) => c.value),
      [0x80070005, 10049],
    );
  });

  test('reads 0x7B as a bug check when the paste says STOP, and keeps at most three codes', () => {
    assert.equal(decodeCodes([0x7b], 'STOP 0x0000007B')[0].name, 'INACCESSIBLE_BOOT_DEVICE');
    assert.equal(decodeCodes([5, 10049, 0x80004005, 1011]).length, 3);
  });
});
