import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Command, Option } from 'commander';
import dotenv from 'dotenv';
import { KnowledgeBase } from '../kb/knowledge-base.js';
import { defaultCacheDir, defaultContentDir } from '../config/paths.js';
import { loadProgress } from './progress.js';
import { formatEval, runEval, type EvalQuery } from './eval.js';
import { listContentFiles, loadCorpus } from '../corpus/load-corpus.js';
import { formatCodeReport } from '../codes/index.js';
import { DataDirInUseError, formatGapReport, openStore, storeOptionsFromSettings } from '../store/index.js';
import { loadSettings } from '../config/settings.js';
import { canonicalId } from '../corpus/article-id.js';
import type { Escalation, GapReport, Platform, Store } from '../store/types.js';

/** An escalation as the server's JSON carries it: dates are strings. */
type EscalationJson = Omit<Escalation, 'at' | 'answer'> & {
  at: string;
  paste?: string;
  answer?: Omit<NonNullable<Escalation['answer']>, 'at'> & { at: string };
};
import os from 'node:os';
import { respond } from '../conversation/respond.js';
import { directKb } from '../conversation/direct-kb.js';
import { renderReplyText } from '../render/text.js';
import { VERSION } from '../config/version.js';
import {
  createImageReader,
  imageProblem,
  OCR_LIMITS,
  pasteWithImage,
  type ImageFailure,
  type ImageReader,
  type ImageReading,
} from '../ocr/index.js';

async function openKb(content: string | undefined, quiet = false): Promise<KnowledgeBase> {
  const progress = loadProgress();
  try {
    return await KnowledgeBase.open({
      contentDir: content ?? defaultContentDir(),
      cacheDir: defaultCacheDir(),
      onProgress: quiet ? undefined : progress.onProgress,
      onInfo: quiet ? undefined : (m) => process.stderr.write(`${m}\n`),
    });
  } finally {
    progress.stop();
  }
}

/** kbbot's settings (.env and the environment, read by main()); a bad one ends the command with the schema's message. */
function settingsOrExit() {
  const loaded = loadSettings(process.env);
  if (loaded.ok) return loaded.settings;
  process.stderr.write(`${loaded.message}\n`);
  process.exit(2);
}

/** The store, to keep this query as the bots keep theirs; undefined (with a note) when it cannot open, e.g. while the server holds the embedded database. */
async function openStoreForRecording(): Promise<Store | undefined> {
  try {
    return await openStore({
      ...storeOptionsFromSettings(settingsOrExit()),
      retentionIntervalMs: 0,
      refreshIntervalMs: 0,
    });
  } catch (e) {
    process.stderr.write(
      `kbbot: this query is not recorded (${e instanceof Error ? e.message : String(e)}); --no-record skips the store\n`,
    );
    return undefined;
  }
}

/** Asks the kbbot server on this machine to forget a person (DELETE /api/users/…); undefined when none answers. */
async function forgetViaServer(
  port: number,
  platform: string,
  user: string,
  token?: string,
): Promise<number | undefined> {
  const url = `http://127.0.0.1:${port}/api/users/${encodeURIComponent(platform)}/${encodeURIComponent(user)}`;
  try {
    const res = await fetch(url, {
      method: 'DELETE',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) return undefined;
    return ((await res.json()) as { deleted: number }).deleted;
  } catch {
    return undefined;
  }
}

/** The content gaps from a kbbot server running on this machine (GET /api/gaps), or undefined when none answers. */
async function gapsFromRunningServer(
  port: number,
  limit: number,
  sinceDays?: number,
): Promise<GapReport | undefined> {
  const url = `http://127.0.0.1:${port}/api/gaps?limit=${limit}${sinceDays ? `&since=${sinceDays}` : ''}`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as {
      kept?: boolean;
      unanswered: Array<{ example: string; count: number; lastAt: string }>;
      notHelpful: Array<{ articleId: string; count: number }>;
      escalations?: {
        open: number;
        answered: number;
        medianAnswerMs?: number;
        recent: EscalationJson[];
      };
    };
    if (!body.kept) return undefined;
    const esc = body.escalations;
    return {
      unanswered: body.unanswered.map((u) => ({
        example: u.example,
        count: u.count,
        lastAt: new Date(u.lastAt),
      })),
      notHelpful: body.notHelpful.map((n) => ({ articleId: n.articleId, count: n.count })),
      escalations: esc && {
        ...esc,
        recent: esc.recent.map((e) => ({
          ...e,
          at: new Date(e.at),
          queryText: String(e.paste ?? ''),
          answer: e.answer ? { ...e.answer, at: new Date(e.answer.at) } : undefined,
        })),
      },
    };
  } catch {
    return undefined;
  }
}

/** An image file's bytes, or why it cannot be read (missing, far too large: refused before reading it). */
async function readImageFile(file: string): Promise<Buffer | ImageFailure> {
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : -1),
    () => -1,
  );
  if (size < 0) return { ok: false, problem: 'not-image', message: `cannot read ${file}` };
  if (size > OCR_LIMITS.maxBytes) return imageProblem('too-large');
  return readFile(file);
}

async function readImageLine(images: ImageReader, file: string): Promise<ImageReading> {
  const bytes = await readImageFile(file);
  return Buffer.isBuffer(bytes) ? images.read({ bytes, name: file }) : bytes;
}

const contentOption = () =>
  new Option('--content <dir>', 'folder of KB articles (default: KB_CONTENT_DIR or content/)');

export function buildCli(): Command {
  const program = new Command('kbbot')
    .description('Find the knowledge-base article that fixes a pasted error.')
    .showHelpAfterError();

  program
    .command('ask')
    .description(
      'answer one message as the bots do (a paste, "KB214864", "decode 0x2741", "help") and print the card',
    )
    .argument('[snippet...]', 'the error text (quote it)')
    .addOption(contentOption())
    .option('--image <file>', 'a screenshot of the error (PNG, JPEG, WebP…): its text is the paste')
    .option('--json', 'print the Answer (or, for other replies, the Reply) as JSON')
    .option('--no-record', 'do not keep the query in the store')
    .action(
      async (
        snippet: string[],
        opts: { content?: string; image?: string; json?: boolean; record: boolean },
      ) => {
        if (!snippet.length && !opts.image) program.error('kbbot ask: give the error text, or --image FILE');
        const bytes = opts.image ? await readImageFile(opts.image) : undefined;
        if (bytes && !Buffer.isBuffer(bytes)) program.error(`kbbot ask: ${bytes.message}`);
        const image = opts.image && Buffer.isBuffer(bytes) ? { bytes, name: opts.image } : undefined;
        const [kb, store] = await Promise.all([
          openKb(opts.content),
          opts.record ? openStoreForRecording() : undefined,
        ]);
        const images = image ? createImageReader() : undefined;
        try {
          const turn = {
            text: snippet.join(' '),
            image,
            platform: 'cli' as const,
            conversation: 'none' as const,
            userId: os.userInfo().username,
          };
          const reply = await respond(turn, { kb: directKb(kb), store, images, version: VERSION });
          const json = reply.kind === 'answer' ? reply.answer : reply;
          process.stdout.write(
            opts.json ? `${JSON.stringify(json, null, 2)}\n` : `${renderReplyText(reply)}\n`,
          );
        } finally {
          await Promise.all([store?.close(), images?.close()]);
        }
      },
    );

  program
    .command('batch')
    .description(
      'read {"qid","query"} or {"qid","image":"<path>"} JSON lines on stdin, write one result line per query, in order',
    )
    .addOption(contentOption())
    .action(async (opts: { content?: string }) => {
      const kb = await openKb(opts.content);
      const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
      let images: ImageReader | undefined;
      let lineNo = 0;
      try {
        for await (const line of rl) {
          lineNo++;
          if (!line.trim()) continue;
          let q: { qid?: unknown; query?: unknown; image?: unknown };
          try {
            q = JSON.parse(line);
          } catch {
            process.stdout.write(`${JSON.stringify({ qid: null, error: `line ${lineNo}: not JSON` })}\n`);
            continue;
          }
          let query = typeof q.query === 'string' ? q.query : '';
          let read: { read?: string; ocrMs?: number } = {};
          if (typeof q.image === 'string') {
            images ??= createImageReader();
            const reading = await readImageLine(images, q.image);
            if (!reading.ok) {
              process.stdout.write(`${JSON.stringify({ qid: q.qid ?? null, error: reading.message })}\n`);
              continue;
            }
            query = query ? pasteWithImage(query, reading.text) : reading.text;
            read = { read: reading.text, ocrMs: reading.ms };
          }
          const r = kb.match(query);
          const results = r.results.slice(0, 10).map((x) => ({ id: x.id, score: x.score }));
          process.stdout.write(
            `${JSON.stringify({ qid: q.qid ?? null, answered: r.answered, confidence: r.confidence, results, ...read })}\n`,
          );
        }
      } finally {
        await images?.close();
      }
    });

  program
    .command('eval')
    .description('score a labelled query file: top-1, top-3, MRR and answered share per kind')
    .addOption(contentOption())
    .option(
      '--queries <file>',
      'JSON lines with qid, kind, query, relevant',
      '../shared/eval/dev-queries.jsonl',
    )
    .option('--failures <n>', 'print up to n failed queries', '0')
    .action(async (opts: { content?: string; queries: string; failures: string }) => {
      const kb = await openKb(opts.content);
      const queries = (await readFile(opts.queries, 'utf8'))
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as EvalQuery);
      const outcome = runEval(kb, queries);
      process.stdout.write(
        `corpus: ${kb.size} articles from ${kb.root}; queries: ${queries.length} from ${opts.queries}\n\n`,
      );
      process.stdout.write(`${formatEval(outcome)}\n`);
      const n = Number(opts.failures);
      for (const f of outcome.misses.slice(0, n)) {
        process.stdout.write(
          `\n[${f.kind}] ${JSON.stringify(f.query).slice(0, 200)}\n  want ${f.relevant.slice(0, 3).join(',') || '(no answer)'}; got ${f.got.join(',')} (confidence ${f.confidence})\n`,
        );
      }
    });

  program
    .command('lint')
    .description('check a content folder: every file parses, no duplicate ids')
    .argument('[dir]', 'content folder')
    .action(async (dir: string | undefined) => {
      const root = dir ?? defaultContentDir();
      const files = await listContentFiles(root);
      const progress = loadProgress();
      const { report } = await loadCorpus(root, {
        files,
        keep: false,
        onProgress: (d, t) => progress.onProgress('parsing', d, t),
      });
      progress.stop();
      for (const p of report.problems)
        process.stdout.write(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.severity}: ${p.reason}\n`);
      const formats =
        Object.entries(report.byFormat)
          .map(([f, n]) => `${n} ${f}`)
          .join(', ') || 'none';
      const errors = report.problems.filter((p) => p.severity === 'error').length;
      process.stdout.write(
        `${report.articles} articles (${formats}) in ${files.length} files; ${errors} errors\n`,
      );
      process.exitCode = errors ? 1 : 0;
    });

  program
    .command('code')
    .description('every reading of an error code: Win32, HRESULT, NTSTATUS, stop code')
    .argument('<code...>', 'e.g. 0x2741, 10049, -2147467259, WSAEADDRNOTAVAIL, "STOP 0x7B"')
    .action((code: string[]) => {
      process.stdout.write(`${formatCodeReport(code.join(' '))}\n`);
    });

  program
    .command('report')
    .description(
      'content gaps: the most frequent unanswered pastes and the articles most often marked not helpful',
    )
    .option('--limit <n>', 'rows per list', '20')
    .option('--since <days>', 'only the last n days')
    .action(async (opts: { limit: string; since?: string }) => {
      const settings = settingsOrExit();
      const limit = Number(opts.limit);
      const sinceDays = opts.since ? Number(opts.since) : undefined;
      let store: Store;
      try {
        store = await openStore(storeOptionsFromSettings(settings));
      } catch (e) {
        // The server holds the embedded database: ask it instead (its content-gap API, on this machine).
        if (!(e instanceof DataDirInUseError)) throw e;
        const gaps = await gapsFromRunningServer(settings.PORT, limit, sinceDays);
        if (!gaps) throw e;
        process.stderr.write(
          `kbbot: the server (process ${e.pid}) holds ${e.dataDir}; this report comes from it at 127.0.0.1:${settings.PORT}\n`,
        );
        process.stdout.write(`${formatGapReport(gaps)}\n`);
        return;
      }
      try {
        const gaps = await store.contentGaps({ limit, sinceDays });
        process.stdout.write(`${formatGapReport(gaps)}\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('forget')
    .description(
      "delete one person's records (queries, feedback, escalations), or what was learned from the help desk",
    )
    .option('--user <id>', 'the platform user id (Slack U…, Teams aad id)')
    .option('--platform <name>', 'slack, teams, playground or cli', 'slack')
    .option('--learned <id>', 'a learned pairing (its id, from kbbot forget --list-learned)')
    .option('--learned-article <id>', 'every learned pairing that answers with this article')
    .option('--list-learned', 'list the learned pairings')
    .action(
      async (opts: {
        user?: string;
        platform: string;
        learned?: string;
        learnedArticle?: string;
        listLearned?: boolean;
      }) => {
        if (!opts.user && !opts.learned && !opts.learnedArticle && !opts.listLearned) {
          process.stderr.write(
            'kbbot forget: say what to forget: --user <id>, --learned <id> or --learned-article <id> (--list-learned lists them)\n',
          );
          process.exitCode = 2;
          return;
        }
        const settings = settingsOrExit();
        let store: Store;
        try {
          store = await openStore(storeOptionsFromSettings(settings));
        } catch (e) {
          // The server holds the embedded database: it forgets the person instead (on this machine).
          if (
            !(e instanceof DataDirInUseError) ||
            !opts.user ||
            opts.learned ||
            opts.learnedArticle ||
            opts.listLearned
          )
            throw e;
          const n = await forgetViaServer(settings.PORT, opts.platform, opts.user, settings.KB_API_TOKEN);
          if (n === undefined) throw e;
          process.stderr.write(
            `kbbot: the server (process ${e.pid}) holds ${e.dataDir}; it deleted the records\n`,
          );
          process.stdout.write(`deleted ${n} records of ${opts.platform} user ${opts.user}\n`);
          return;
        }
        try {
          if (opts.listLearned) {
            for (const p of store.learned()) {
              process.stdout.write(
                `${p.id}  ${p.at.toISOString().slice(0, 10)}  ${p.articleId}  by ${p.by ?? '?'}  ${p.queryText.replace(/\s+/g, ' ').slice(0, 70)}\n`,
              );
            }
          }
          if (opts.learned || opts.learnedArticle) {
            const n = await store.forgetLearned(
              opts.learned ? { id: opts.learned } : { articleId: canonicalId(opts.learnedArticle!) },
            );
            process.stdout.write(`forgot ${n} learned pairings\n`);
          }
          if (opts.user) {
            const n = await store.forgetUser(opts.platform as Platform, opts.user);
            process.stdout.write(`deleted ${n} records of ${opts.platform} user ${opts.user}\n`);
          }
        } finally {
          await store.close();
        }
      },
    );

  return program;
}

export async function main(argv = process.argv): Promise<void> {
  dotenv.config({ quiet: true });
  await buildCli().parseAsync(argv);
}
