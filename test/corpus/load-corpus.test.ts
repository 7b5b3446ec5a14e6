import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { listContentFiles, loadCorpus, readArticle } from '../../src/corpus/load-corpus.js';
import type { LoadProblem } from '../../src/corpus/types.js';
import {
  MALFORMED,
  MARKDOWN_RUNBOOK,
  archiveTxtBytes,
  removeTemp,
  writeTempCorpus,
} from '../fixtures/fixture-files.js';

describe('loadCorpus on a folder with good, malformed, duplicate, binary and empty files', () => {
  let root: string;
  before(async () => {
    root = await writeTempCorpus({
      'archive/Q123456.TXT': archiveTxtBytes(),
      'runbooks/spooler.md': MARKDOWN_RUNBOOK,
      'web/Q811406.txt':
        'Event ID 4283, MTA May Stop Accepting Incoming Connections (811406)\n\nSYMPTOMS\n\nThe MTA logs event 4283.\n',
      // Same article number as archive/Q123456.TXT, sorted after it: reported, the first one kept.
      'zz-duplicate.md': '---\nid: KB123456\ntitle: A second copy\n---\n## Symptoms\nx\n',
      ...MALFORMED,
      'README.md': '# not an article\n',
      '.hidden/Q999999.TXT': archiveTxtBytes(),
      'notes.json': '{}',
    });
  });
  after(() => removeTemp(root));

  const problemFor = (problems: LoadProblem[], file: string): LoadProblem => {
    const p = problems.find((x) => x.file === file);
    assert.ok(p, `a problem for ${file}; got ${problems.map((x) => x.file).join(', ')}`);
    return p;
  };

  test('lists content files sorted by path, skipping README, hidden folders and other extensions', async () => {
    const files = await listContentFiles(root);
    assert.deepEqual(
      files.map((f) => f.source),
      [
        'archive/Q123456.TXT',
        'bad/archive-no-title.TXT',
        'bad/empty.md',
        'bad/image.txt',
        'bad/notes.txt',
        'bad/runbook-bad-yaml.md',
        'bad/runbook-no-front-matter.md',
        'bad/web-kb-bad-id.txt',
        'runbooks/spooler.md',
        'web/Q811406.txt',
        'zz-duplicate.md',
      ],
    );
    assert.equal(files[0].size, archiveTxtBytes().length);
    assert.ok(files.every((f) => f.mtimeMs > 0));
  });

  test('loads the good articles, in file order, counted by format', async () => {
    const { articles, report } = await loadCorpus(root);
    assert.deepEqual(
      articles.map((a) => a.id),
      ['Q123456', 'RB-0042', 'Q811406'],
    );
    assert.equal(report.articles, 3);
    assert.deepEqual(report.byFormat, { 'archive-txt': 1, markdown: 1, 'web-kb': 1 });
    assert.equal(report.root, root);
  });

  test('reports every bad file with file, line and reason', async () => {
    const { report } = await loadCorpus(root);
    assert.equal(report.problems.length, 8);
    assert.ok(report.problems.every((p) => p.severity === 'error'));
    const expect: Array<[string, number, RegExp]> = [
      ['bad/archive-no-title.TXT', 2, /missing TITLE/],
      ['bad/empty.md', 1, /file is empty/],
      ['bad/image.txt', 1, /binary/],
      ['bad/notes.txt', 1, /unrecognised format/],
      ['bad/runbook-bad-yaml.md', 1, /not valid YAML/],
      ['bad/runbook-no-front-matter.md', 1, /no YAML front matter/],
      ['bad/web-kb-bad-id.txt', 1, /no article id/],
    ];
    for (const [file, line, reason] of expect) {
      const p = problemFor(report.problems, file);
      assert.ok(p.line !== undefined && p.line >= line, `${file}: line ${p.line}`);
      if (!file.endsWith('bad-yaml.md')) assert.equal(p.line, line, file);
      assert.match(p.reason, reason, file);
    }
  });

  test('reports a duplicate id naming the first file, and keeps the first', async () => {
    const { articles, report } = await loadCorpus(root);
    const p = problemFor(report.problems, 'zz-duplicate.md');
    assert.equal(
      p.reason,
      'duplicate id Q123456: already defined in archive/Q123456.TXT; this file is skipped',
    );
    assert.equal(articles.find((a) => a.id === 'Q123456')?.source, 'archive/Q123456.TXT');
  });

  test('streams articles to onArticle in file order without keeping them when keep is false', async () => {
    const seen: string[] = [];
    const progress: Array<[number, number]> = [];
    const { articles, report } = await loadCorpus(root, {
      keep: false,
      onArticle: (a) => seen.push(a.id),
      onProgress: (d, t) => progress.push([d, t]),
    });
    assert.deepEqual(seen, ['Q123456', 'RB-0042', 'Q811406']);
    assert.deepEqual(articles, []);
    assert.equal(report.articles, 3);
    assert.deepEqual(progress.at(-1), [11, 11]);
  });

  test('reports a listed file that disappeared before reading as "cannot read"', async () => {
    const files = [...(await listContentFiles(root)), { source: 'gone/Q1.TXT', size: 1, mtimeMs: 1 }];
    const { report } = await loadCorpus(root, { files });
    assert.match(problemFor(report.problems, 'gone/Q1.TXT').reason, /^cannot read: ENOENT/);
  });

  test('reads one article again from its file', async () => {
    const a = await readArticle(root, 'runbooks/spooler.md');
    assert.equal(a.id, 'RB-0042');
  });

  test('loads an empty folder as no articles and no problems', async () => {
    const empty = await writeTempCorpus({});
    try {
      const { articles, report } = await loadCorpus(empty);
      assert.deepEqual(articles, []);
      assert.deepEqual(report.problems, []);
      assert.equal(report.articles, 0);
    } finally {
      await removeTemp(empty);
    }
  });
});
