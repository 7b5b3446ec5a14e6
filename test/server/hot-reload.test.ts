import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  eventually,
  getJson,
  postJson,
  startTestServer,
  tempContent,
  type TestServer,
} from '../helpers/http.js';

let server: TestServer;
let content: Awaited<ReturnType<typeof tempContent>>;
let file: string;

const QUERY = 'Spooler service terminated unexpectedly: error 0x000006BA RPC server unavailable on PRINT01';

function runbook(
  title: string,
  cause = 'The print spooler crashes when a third-party driver fails to load.',
): string {
  return [
    '---',
    'id: RB-PRINT-1',
    `title: ${title}`,
    'applies_to: [Windows Server print servers]',
    'keywords: [spooler, print, 0x6ba]',
    'url: https://wiki.example.com/runbooks/print-spooler',
    '---',
    '',
    '## Symptoms',
    '',
    'The event log shows: Spooler service terminated unexpectedly: error 0x000006BA, the RPC server is unavailable.',
    'Print queues on PRINT01 disappear.',
    '',
    '## Cause',
    '',
    cause,
    '',
    '## Resolution',
    '',
    '1. Remove the third-party driver.',
    '2. Restart the Print Spooler service.',
    '',
  ].join('\n');
}

async function ask(text: string) {
  return (await postJson(`${server.url}/api/ask`, { text })).body;
}

/**
 * The same behaviour for a small corpus (articles and their bytes in memory) and for a large one
 * (index snapshot + article pack on disk; here forced with snapshotMinFiles: 1).
 */
for (const mode of ['in memory', 'snapshot and article pack'] as const)
  describe(`live content (${mode})`, () => {
    let cacheDir: string | undefined;
    before(async () => {
      content = await tempContent();
      file = path.join(content.dir, 'runbooks', 'print-spooler.md');
      cacheDir =
        mode === 'in memory' ? undefined : await mkdtemp(path.join(os.tmpdir(), 'kbbot-test-cache-'));
      server = await startTestServer({
        contentDir: content.dir,
        watch: true,
        debounceMs: 100,
        cacheDir,
        snapshotMinFiles: cacheDir ? 1 : undefined,
        poolSize: 2,
      });
    });

    after(async () => {
      await server.close();
      await content.remove();
      if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
    });

    if (mode !== 'in memory') {
      test('the corpus is served from its snapshot, with the article pack beside it', async () => {
        const files = await readdir(cacheDir!);
        assert.ok(
          files.some((f) => f.endsWith('.bin')) && files.some((f) => f.endsWith('.articles')),
          files.join(', '),
        );
      });
    }

    test('a runbook added while the server runs is answered without a restart', async () => {
      await writeFile(file, runbook('Print spooler stops after a driver update'));
      const body = await eventually(
        async () => {
          const b = await ask(QUERY);
          return b.reply.answer?.article?.id === 'RB-PRINT-1' ? b : undefined;
        },
        10_000,
        'the new runbook to answer',
      );
      assert.equal(body.reply.answer.article.title, 'Print spooler stops after a driver update');
      const c = await getJson(`${server.url}/api/content`);
      assert.equal(c.body.articles, 4);
      assert.ok(c.body.watch.reloads >= 1);
    });

    test('a runbook broken by an edit keeps its previous version in service, and the error is reported on the page and in the log', async () => {
      // An unclosed front-matter list: the YAML does not parse.
      await writeFile(
        file,
        runbook('Print spooler stops after a driver update (edited)').replace(
          'keywords: [spooler, print, 0x6ba]',
          'keywords: [spooler, print',
        ),
      );
      const problem = await eventually(
        async () => {
          const c = await getJson(`${server.url}/api/content`);
          return c.body.problems.find((p: { file: string }) => p.file === 'runbooks/print-spooler.md');
        },
        10_000,
        'the problem to be reported',
      );
      assert.match(problem.reason, /front matter is not valid YAML/);
      assert.equal(typeof problem.line, 'number');
      assert.equal(problem.keptPrevious, true);
      const b = await ask(QUERY);
      assert.equal(b.reply.answer.article.id, 'RB-PRINT-1');
      assert.equal(
        b.reply.answer.article.title,
        'Print spooler stops after a driver update',
        'the previous good version answers',
      );
      const logged = server.logs.find((l) => l.level === 'warn' && l.file === 'runbooks/print-spooler.md');
      assert.ok(logged, 'the log has a warning naming the file');
      assert.equal(logged.keptPrevious, true);
    });

    test('fixing the file serves the new version and clears the problem', async () => {
      await writeFile(
        file,
        runbook(
          'Print spooler stops after a driver update (fixed)',
          'A faulty driver from the vendor, version 3.1.',
        ),
      );
      await eventually(
        async () =>
          (await ask(QUERY)).reply.answer?.article?.title ===
          'Print spooler stops after a driver update (fixed)'
            ? true
            : undefined,
        10_000,
        'the fixed version',
      );
      const c = await getJson(`${server.url}/api/content`);
      assert.deepEqual(c.body.problems, []);
    });

    test('a new file that never parsed is reported and left out; removing a folder removes its articles', async () => {
      await mkdir(path.join(content.dir, 'drafts'), { recursive: true });
      await writeFile(path.join(content.dir, 'drafts', 'half-written.md'), '# no front matter yet\n');
      const problem = await eventually(
        async () => {
          const c = await getJson(`${server.url}/api/content`);
          return c.body.problems.find((p: { file: string }) => p.file === 'drafts/half-written.md');
        },
        10_000,
        'the draft problem',
      );
      assert.equal(problem.keptPrevious, false);
      assert.match(problem.reason, /no YAML front matter/);
      await rm(path.join(content.dir, 'runbooks'), { recursive: true, force: true });
      await rm(path.join(content.dir, 'drafts'), { recursive: true, force: true });
      await eventually(
        async () => ((await getJson(`${server.url}/api/content`)).body.articles === 2 ? true : undefined),
        10_000,
        'the folder removal',
      );
      assert.notEqual((await ask(QUERY)).reply.answer?.article?.id, 'RB-PRINT-1');
      assert.deepEqual((await getJson(`${server.url}/api/content`)).body.problems, []);
    });
  });
