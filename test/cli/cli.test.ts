import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/index.js';
import { OCR_FIXTURES } from '../ocr/images.js';
import {
  GOLDEN_CORPUS_DIR,
  MALFORMED,
  REPO_ROOT,
  SEED_CONTENT_DIR,
  archiveTxtBytes,
  removeTemp,
  writeTempCorpus,
} from '../fixtures/fixture-files.js';

const RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-cli.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let cacheDir: string;

/** Run `kbbot <args>` in a child process from source; stdin is written and closed. */
function kbbot(args: string[], stdin = '', env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        KB_CACHE_DIR: cacheDir,
        KB_DATA_DIR: path.join(cacheDir, 'pglite'),
        KB_CONTENT_DIR: '',
        NO_COLOR: '1',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

interface BatchLine {
  qid: unknown;
  answered?: boolean;
  confidence?: number;
  results?: Array<{ id: string; score: number }>;
  error?: string;
}

describe('kbbot CLI', { concurrency: true }, () => {
  before(async () => {
    cacheDir = await writeTempCorpus({}, 'kbbot-cli-cache-');
  });
  after(() => removeTemp(cacheDir));

  test('batch writes one JSON line per input line, in order, with qid, answered, confidence and the top results', async () => {
    const queries = [
      { qid: 'a', query: 'Unable to bind to port 143 on the IMAP4 interface. Error 10048.' },
      { qid: 'b', query: 'KB900112' },
      { qid: 'c', query: 'Error: connect ECONNREFUSED 127.0.0.1:5432' },
      { qid: 'd', query: 'the service failed to start' },
      { qid: 7, query: 'exchange topolgy discovery failed' },
      { qid: 'every-article', query: 'the' },
    ];
    const input = `${queries.map((q) => JSON.stringify(q)).join('\n')}\n`;
    const run = await kbbot(['batch', '--content', GOLDEN_CORPUS_DIR], input);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as BatchLine);
    assert.deepEqual(
      lines.map((l) => l.qid),
      ['a', 'b', 'c', 'd', 7, 'every-article'],
    );
    for (const l of lines) {
      assert.deepEqual(Object.keys(l), ['qid', 'answered', 'confidence', 'results']);
      assert.equal(typeof l.answered, 'boolean');
      assert.ok(typeof l.confidence === 'number' && l.confidence >= 0 && l.confidence <= 1);
      assert.ok(l.results!.length <= 10);
      for (const r of l.results!) {
        assert.deepEqual(Object.keys(r), ['id', 'score']);
        assert.equal(typeof r.score, 'number');
      }
      for (let i = 1; i < l.results!.length; i++) assert.ok(l.results![i - 1].score >= l.results![i].score);
    }
    assert.equal(lines[0].results![0].id, 'Q900101');
    assert.equal(lines[0].answered, true);
    assert.deepEqual(lines[1].results![0], { id: 'Q900112', score: 1000 });
    assert.equal(lines[2].answered, false);
    assert.ok(lines[3].results!.length > 1, 'a vague query still lists candidates');
    assert.equal(lines[4].results![0].id, 'Q900110');
    assert.equal(lines[5].results!.length, 10, 'a word in all 13 articles gives the top 10 only');
  });

  test('batch answers a line that is not JSON with an error line and goes on with the rest', async () => {
    const input = `${['{"qid":"first","query":"KB900107"}', 'this is not json', '{"qid":"third","query":"q900104"}', '{"qid":"no-query"}'].join('\n')}\n`;
    const run = await kbbot(['batch', '--content', GOLDEN_CORPUS_DIR], input);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as BatchLine);
    assert.equal(lines.length, 4);
    assert.equal(lines[0].results![0].id, 'Q900107');
    assert.deepEqual(lines[1], { qid: null, error: 'line 2: not JSON' });
    assert.equal(lines[2].qid, 'third');
    assert.equal(lines[2].results![0].id, 'Q900104');
    assert.deepEqual(lines[3], { qid: 'no-query', answered: false, confidence: 0, results: [] });
  });

  test('ask --json prints the Answer as JSON', async () => {
    const run = await kbbot([
      'ask',
      '--json',
      '--content',
      SEED_CONTENT_DIR,
      'Register LDAP SSL protocol failed with error 0x2741',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const answer = JSON.parse(run.stdout) as {
      query: string;
      answered: boolean;
      article?: { id: string; url?: string };
      codes: Array<{ name?: string; value: number }>;
    };
    assert.equal(answer.query, 'Register LDAP SSL protocol failed with error 0x2741');
    assert.equal(answer.answered, true);
    assert.equal(answer.article?.id, 'Q214864');
    assert.equal(answer.article?.url, 'https://support.microsoft.com/kb/214864');
    assert.deepEqual(
      answer.codes.map((c) => [c.value, c.name]),
      [[10049, 'WSAEADDRNOTAVAIL']],
    );
  });

  test('ask prints the card as text, joining the words of the snippet', async () => {
    const run = await kbbot([
      'ask',
      '--content',
      SEED_CONTENT_DIR,
      'Accept',
      'clients',
      'on',
      'POP3',
      'interface',
      'failed',
      'in',
      'function',
      'HrRegisterProtocol',
      'with',
      'error',
      '0x2741.',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.includes('What this code means: 0x00002741 = 10049 = WSAEADDRNOTAVAIL'), run.stdout);
    assert.ok(
      run.stdout.includes(
        '# Exchange Protocols Fail After Applying Windows NT 4.0 SP4\nQ214864 · https://support.microsoft.com/kb/214864 · confidence ',
      ),
      run.stdout,
    );
    assert.ok(
      run.stdout.includes('\n## Resolution\nTo resolve this problem, obtain the latest service pack'),
      run.stdout,
    );
  });

  test('ask answers other messages as the bots do: help, an article by its number, a code to decode', async () => {
    const help = await kbbot(['ask', '--no-record', '--content', SEED_CONTENT_DIR, 'help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /paste/i);
    const article = await kbbot(['ask', '--no-record', '--content', SEED_CONTENT_DIR, 'KB214864']);
    assert.match(article.stdout, /^# Exchange Protocols Fail After Applying Windows NT 4\.0 SP4/m);
    const code = await kbbot([
      'ask',
      '--no-record',
      '--json',
      '--content',
      SEED_CONTENT_DIR,
      'decode 0x2741',
    ]);
    const reply = JSON.parse(code.stdout) as { kind: string; value: number };
    assert.deepEqual([reply.kind, reply.value], ['code', 10049]);
  });

  test('ask keeps the query in the store, so an unanswered paste shows in the report', async () => {
    const paste = 'the label printer in dock 9 blinks amber twice';
    // A data folder of its own: the other tests' asks run at the same time, and PGlite allows one process.
    const own = { KB_DATA_DIR: path.join(cacheDir, 'pglite-report') };
    const run = await kbbot(['ask', '--content', SEED_CONTENT_DIR, paste], '', own);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /No confident match/i);
    const report = await kbbot(['report'], '', own);
    assert.equal(report.code, 0, report.stderr);
    assert.ok(report.stdout.includes(paste), report.stdout);
  });

  test('forget lists what was learned from the help desk, and forgets it by article', async () => {
    const own = { KB_DATA_DIR: path.join(cacheDir, 'pglite-learned') };
    const store = await openStore({
      dataDir: own.KB_DATA_DIR,
      salt: 'cli-test-salt-0123456789',
      retentionDays: 0,
      keepOnlyIdentifiers: false,
      queueLimit: 100,
      claimTimeoutMs: 500,
    });
    const e = store.escalate({
      id: 'esc-cli',
      key: 'k-cli',
      at: new Date(),
      platform: 'cli',
      queryText: 'VSS writer timed out 0x800423f4',
      guesses: [],
    });
    await store.answerEscalation(e.escalation.id, {
      at: new Date(),
      by: 'Dana',
      kind: 'article',
      articleId: 'Q214864',
    });
    await store.close();
    const list = await kbbot(['forget', '--list-learned'], '', own);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /Q214864 {2}by Dana {2}VSS writer timed out 0x800423f4/);
    const gone = await kbbot(['forget', '--learned-article', 'KB214864'], '', own);
    assert.equal(gone.code, 0, gone.stderr);
    assert.match(gone.stdout, /forgot 1 learned pairings/);
    assert.equal((await kbbot(['forget', '--list-learned'], '', own)).stdout, '');
    const nothing = await kbbot(['forget'], '', own);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /say what to forget/);
  });

  test('lint exits non-zero on a folder with malformed files and prints file:line: reason for each', async () => {
    const root = await writeTempCorpus({
      'archive/Q123456.TXT': archiveTxtBytes(),
      'bad/archive-no-title.TXT': MALFORMED['bad/archive-no-title.TXT'],
      'bad/web-kb-bad-id.txt': MALFORMED['bad/web-kb-bad-id.txt'],
      'dup.md': '---\nid: Q123456\ntitle: Copy\n---\n',
    });
    try {
      const run = await kbbot(['lint', root]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.deepEqual(run.stdout.trimEnd().split('\n'), [
        'bad/archive-no-title.TXT:2: error: missing TITLE: header line',
        'bad/web-kb-bad-id.txt:1: error: no article id: expected an "ID: Q123456" line or "(123456)" at the end of the title',
        'dup.md: error: duplicate id Q123456: already defined in archive/Q123456.TXT; this file is skipped',
        '1 articles (1 archive-txt) in 4 files; 3 errors',
      ]);
    } finally {
      await removeTemp(root);
    }
  });

  test('lint exits zero on a clean folder and counts its articles by format', async () => {
    const run = await kbbot(['lint', GOLDEN_CORPUS_DIR]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(
      run.stdout.trim(),
      '13 articles (5 archive-txt, 4 markdown, 4 web-kb) in 13 files; 0 errors',
    );
  });

  test('code 0x2741 prints WSAEADDRNOTAVAIL', async () => {
    const run = await kbbot(['code', '0x2741']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^0x00002741 = 10049/);
    assert.match(run.stdout, /Win32 error 10049 \(0x2741\): WSAEADDRNOTAVAIL/);
  });

  test('ask --image reads a screenshot, answers it, and says what it read', async () => {
    const image = path.join(OCR_FIXTURES, 'console-1068.png');
    const run = await kbbot([
      'ask',
      '--json',
      '--no-record',
      '--content',
      GOLDEN_CORPUS_DIR,
      '--image',
      image,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const answer = JSON.parse(run.stdout) as {
      article?: { id: string };
      readFromImage?: string;
      notice?: string;
    };
    assert.equal(answer.article?.id, 'RB-SVC-1068');
    assert.match(answer.readFromImage ?? '', /System error 1068 has occurred\./);
    assert.match(answer.notice ?? '', /^Read from your screenshot: "/);
  });

  test('batch takes image lines beside text lines; a bad image gets an error line', async () => {
    const input = [
      { qid: 'shot', image: path.join(OCR_FIXTURES, 'event-dns-4013.jpg') },
      { qid: 'typed', query: 'KB900107' },
      { qid: 'not-an-image', image: path.join(OCR_FIXTURES, 'screenshots.jsonl') },
      { qid: 'missing', image: path.join(OCR_FIXTURES, 'no-such.png') },
    ]
      .map((q) => JSON.stringify(q))
      .join('\n');
    const run = await kbbot(['batch', '--content', GOLDEN_CORPUS_DIR], `${input}\n`);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as BatchLine & { read?: string });
    assert.deepEqual(
      lines.map((l) => l.qid),
      ['shot', 'typed', 'not-an-image', 'missing'],
    );
    assert.equal(lines[0].results![0].id, 'RB-DNS-4013');
    assert.match(lines[0].read ?? '', /^Event ID: 4013\nSource: DNS/);
    assert.equal(lines[1].results![0].id, 'Q900107');
    assert.match(lines[2].error ?? '', /not an image/);
    assert.match(lines[3].error ?? '', /cannot read .*no-such\.png/);
  });
});
