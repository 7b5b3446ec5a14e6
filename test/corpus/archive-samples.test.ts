import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadCorpus, type LoadedCorpus } from '../../src/corpus/load-corpus.js';
import type { Article } from '../../src/corpus/types.js';
import { REPO_ROOT, SEED_CONTENT_DIR, removeTemp, writeTempCorpus } from '../fixtures/fixture-files.js';

/**
 * A few real articles from the KB archive, when it is there (it is not committed): extracted by
 * known path (listing the archive is slow) into a temporary folder and parsed.
 */
const ARCHIVE = path.resolve(REPO_ROOT, '../shared/corpus/kb-archive-txt.tar.gz');
const SAMPLES = [
  'txt/214/Q214864.TXT',
  'txt/219/Q219377.TXT',
  'txt/220/Q220952.TXT',
  'txt/193/Q193339.TXT',
  'txt/321/Q321407.TXT',
];
const SKIP = `archive ../shared/corpus/kb-archive-txt.tar.gz not found`;
const present = existsSync(ARCHIVE);

describe('articles from the KB archive', () => {
  let dir: string | undefined;
  let loaded: LoadedCorpus;
  const byId = (id: string): Article => {
    const a = loaded.articles.find((x) => x.id === id);
    assert.ok(a, `${id} loaded`);
    return a;
  };

  before(async () => {
    if (!present) return;
    dir = await writeTempCorpus({}, 'kbbot-archive-');
    await promisify(execFile)('tar', ['-xzf', ARCHIVE, '-C', dir, ...SAMPLES]);
    loaded = await loadCorpus(dir);
  });
  after(async () => {
    if (dir) await removeTemp(dir);
  });

  test('parses every sample without a problem', (t) => {
    if (!present) return t.skip(SKIP);
    assert.deepEqual(loaded.report.problems, []);
    assert.deepEqual(loaded.articles.map((a) => a.id).sort(), [
      'Q193339',
      'Q214864',
      'Q219377',
      'Q220952',
      'Q321407',
    ]);
    assert.deepEqual(loaded.report.byFormat, { 'archive-txt': 5 });
  });

  test('reads Q219377 field by field: header, applies-to, sections, keywords, footer dropped', (t) => {
    if (!present) return t.skip(SKIP);
    const a = byId('Q219377');
    assert.equal(a.title, 'Problems Importing Security Certificates in E-Mail Program');
    assert.deepEqual(a.products, ['Microsoft Windows NT']);
    assert.equal(a.dates.published, '2002-05-16');
    assert.deepEqual(a.appliesTo, [
      'Microsoft Windows NT Workstation version 4.0',
      'Microsoft Windows NT Server version 4.0',
      'Microsoft Windows NT Server, Enterprise Edition version 4.0',
    ]);
    assert.deepEqual(Object.keys(a.sections), ['symptoms', 'cause', 'resolution', 'status']);
    assert.match(
      a.sections.symptoms!,
      /^When you import a Security Certificate in Microsoft Outlook or Microsoft Outlook\nExpress/,
    );
    assert.ok(a.keywords.includes('kbWinNT400sp5fix') && a.keywords.includes('crypt32.dll'));
    const all = Object.values(a.sections).join('\n');
    assert.ok(
      !all.includes('THE INFORMATION PROVIDED') &&
        !all.includes('Copyright Microsoft') &&
        !all.includes('Solution Type'),
    );
  });

  test('reads the archive copy of Q214864 with the same events, sources and codes as the web seed', (t) => {
    if (!present) return t.skip(SKIP);
    const a = byId('Q214864');
    assert.equal(a.title, 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4');
    assert.deepEqual(
      a.identifiers.events.filter((e) => e.source),
      [
        { id: 1309, source: 'msexchangeds' },
        { id: 11508, source: 'msexchangepop3' },
        { id: 1194, source: 'msexchangeis' },
        { id: 11506, source: 'msexchangeimap4' },
      ],
    );
    assert.deepEqual(
      [...a.identifiers.codes].sort((x, y) => x - y),
      [10049, 0x80004005],
    );
    assert.ok(a.identifiers.functions.includes('hrregisterprotocol'));
  });

  test('maps a WORKAROUND heading (Q220952) to the workaround section', (t) => {
    if (!present) return t.skip(SKIP);
    assert.ok(byId('Q220952').sections.workaround);
  });

  test('reports the archive Q214864 beside the web seed Q214864 as a duplicate id', async (t) => {
    if (!present) return t.skip(SKIP);
    const both = await writeTempCorpus({}, 'kbbot-archive-dup-');
    try {
      await copyFile(path.join(dir!, 'txt/214/Q214864.TXT'), path.join(both, 'a-archive-Q214864.TXT'));
      await copyFile(
        path.join(SEED_CONTENT_DIR, 'Q214864-exchange-protocols-fail-nt4-sp4.txt'),
        path.join(both, 'b-web-Q214864.txt'),
      );
      const { articles, report } = await loadCorpus(both);
      assert.deepEqual(
        articles.map((a) => [a.id, a.format]),
        [['Q214864', 'archive-txt']],
      );
      assert.deepEqual(
        report.problems.map((p) => [p.file, p.reason]),
        [
          [
            'b-web-Q214864.txt',
            'duplicate id Q214864: already defined in a-archive-Q214864.TXT; this file is skipped',
          ],
        ],
      );
    } finally {
      await removeTemp(both);
    }
  });
});
