/**
 * `npm run bench`: kbbot beside four anchors (SQLite FTS5 bm25, FlexSearch, MiniSearch, fuse.js)
 * on the KB archive and the dev queries, one table from one run. See bench/README.md.
 *
 *   npm run bench [-- --only kbbot[,fts5,...]] [-- --queries <file.jsonl>] [-- --real <file.jsonl>]
 *
 * Beside the (synthetic) queries, kbbot and SQLite FTS5 also run the real pastes
 * (../shared/eval/real-dev.jsonl, or --real), reported as a second group of columns.
 *
 * Each engine runs in its own process (bench/engines/<name>.ts), so memory and start-up are
 * measured per engine; this driver prepares the data, runs them one after another, and prints.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { listContentFiles } from '../src/corpus/load-corpus.js';
import { ensureArchive } from './lib/archive.js';
import { f3, int, kindCounts, mb, ms, renderTable, secs } from './lib/format.js';
import { stratifiedSample, subsetFiles } from './lib/sample.js';
import {
  KINDS,
  POSITIVE_KINDS,
  type BenchQuery,
  type EngineReport,
  type EngineRequest,
} from './lib/types.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(REPO, '..', 'shared');
const TARBALL = path.join(SHARED, 'corpus', 'kb-archive-txt.tar.gz');
const DEFAULT_QUERIES = path.join(SHARED, 'eval', 'dev-queries.jsonl');
const DEFAULT_REAL = path.join(SHARED, 'eval', 'real-dev.jsonl');
/** The engines that also run the real pastes (the others are far behind on the synthetic ones already). */
const REAL_ENGINES: readonly Engine[] = ['kbbot', 'fts5'];
/** Kinds of the real pastes, in the order the table shows them. */
const REAL_KINDS = ['message', 'event', 'code', 'description'] as const;

const ENGINES = ['kbbot', 'fts5', 'flexsearch', 'minisearch', 'fuse'] as const;
type Engine = (typeof ENGINES)[number];
const LABEL: Record<Engine, string> = {
  kbbot: 'kbbot',
  fts5: 'SQLite FTS5',
  flexsearch: 'FlexSearch',
  minisearch: 'MiniSearch',
  fuse: 'fuse.js',
};
const ALIASES: Record<string, Engine> = {
  sqlite: 'fts5',
  fts: 'fts5',
  'sqlite-fts5': 'fts5',
  flex: 'flexsearch',
  mini: 'minisearch',
  'fuse.js': 'fuse',
  fusejs: 'fuse',
};

/** Sampled queries for the slow engines (stratified by kind), and the article subset they search. */
const SAMPLE_SIZE = 120;
const SUBSET_SIZE = 10_000;
/** Query time each engine may spend before it stops (its run is then a stratified prefix). */
const QUERY_BUDGET_MS: Record<Engine, number | undefined> = {
  kbbot: undefined,
  fts5: undefined,
  flexsearch: 90_000,
  minisearch: 90_000,
  fuse: 210_000,
};
/** A child that runs longer than this is stopped and reported as failed. */
const CHILD_TIMEOUT_MS = 15 * 60_000;
/** Top-1 overall measured before (the issue's numbers), shown beside this run's. */
const REFERENCE: Record<Engine, string> = {
  kbbot: '-',
  fts5: '0.735 (all 737)',
  flexsearch: '0.69 (120 q)',
  minisearch: '0.62 (10k, sample)',
  fuse: '0.41 (10k, sample)',
};
/** The goals kbbot is read against (full archive, 2 cores). */
const GOALS = { p50: 5, p99: 25, coldStartMs: 10_000, rssKb: 1024 * 1024 };

const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
const out = (m = '') => process.stdout.write(`${m}\n`);

// ---------------------------------------------------------------------------------------------
// Arguments

interface Args {
  only: Engine[];
  queries?: string;
  real?: string;
}

function usage(): string {
  return [
    'usage: npm run bench -- [--only <engine>[,<engine>...]] [--queries <file.jsonl>] [--real <file.jsonl>]',
    `  engines: ${ENGINES.join(', ')} (aliases: ${Object.keys(ALIASES).join(', ')})`,
    '  KBBOT_ARCHIVE_DIR: where the archive is extracted (default: <tmpdir>/kbbot-archive)',
  ].join('\n');
}

function parseArgs(argv: string[]): Args {
  const only: Engine[] = [];
  let queries: string | undefined;
  let real: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=')
      ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') {
      out(usage());
      process.exit(0);
    } else if (flag === '--only') {
      for (const name of value()
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean)) {
        const e = (ENGINES as readonly string[]).includes(name) ? (name as Engine) : ALIASES[name];
        if (!e) fail(`unknown engine "${name}"`);
        if (!only.includes(e)) only.push(e);
      }
    } else if (flag === '--queries') {
      queries = path.resolve(value());
    } else if (flag === '--real') {
      real = path.resolve(value());
    } else {
      fail(`unknown option ${a}`);
    }
  }
  return { only: only.length ? ENGINES.filter((e) => only.includes(e)) : [...ENGINES], queries, real };
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n${usage()}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Child processes

interface ChildRun {
  report?: EngineReport;
  error?: string;
  wallMs: number;
  spawnedAt: number;
}

async function runChild(work: string, name: string, req: EngineRequest): Promise<ChildRun> {
  const reqFile = path.join(work, `${name}.request.json`);
  const outFile = path.join(work, `${name}.report.json`);
  writeFileSync(reqFile, JSON.stringify(req));
  log(`running ${name}`);
  const t = performance.now();
  const spawnedAt = Date.now();
  // The child's stdout goes to our stderr: the table alone is on stdout.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO, 'bench', 'engines', `${req.engine}.ts`), reqFile, outFile],
    {
      cwd: REPO,
      stdio: ['ignore', 2, 2],
    },
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const code = await new Promise<string>((resolve) => {
    child.on('error', (e) => resolve(e.message));
    child.on('exit', (c, sig) => resolve(sig ? `killed by ${sig}` : `exit ${c}`));
  });
  clearTimeout(timer);
  const wallMs = performance.now() - t;
  if (code !== 'exit 0' || !existsSync(outFile))
    return { error: `${name} failed (${code})`, wallMs, spawnedAt };
  const report = JSON.parse(readFileSync(outFile, 'utf8')) as EngineReport;
  log(`${name} done in ${secs(wallMs)}`);
  return { report, wallMs, spawnedAt };
}

interface BinColdStart {
  ms?: number;
  answer?: string;
  rebuilt: boolean;
  error?: string;
  notes: string[];
}

/** Newest modification time of the .ts files under a folder. */
function newestTs(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith('.ts')) continue;
    const parent =
      (e as unknown as { parentPath?: string; path?: string }).parentPath ??
      (e as unknown as { path: string }).path;
    newest = Math.max(newest, statSync(path.join(parent, e.name)).mtimeMs);
  }
  return newest;
}

/** Time `node bin/kbbot.js batch --content <dir>` from spawn to its first answer line, one query on stdin. */
async function binColdStart(contentDir: string, cacheDir: string, query: string): Promise<BinColdStart> {
  const notes: string[] = [];
  const main = path.join(REPO, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(main)) {
    log('dist/ is missing: npm run build');
    const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 2, 2] });
    if (!existsSync(main))
      return { rebuilt: false, error: `npm run build did not produce ${path.relative(REPO, main)}`, notes };
    if (r.status !== 0)
      notes.push(`npm run build exited ${r.status} (type errors?); the emitted dist/ was used`);
  } else if (newestTs(path.join(REPO, 'src')) > statSync(main).mtimeMs) {
    notes.push('dist/ is older than src/ (run npm run build): the cold-start check ran the older build');
  }
  const t = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(REPO, 'bin', 'kbbot.js'), 'batch', '--content', contentDir],
    {
      cwd: REPO,
      env: { ...process.env, KB_CACHE_DIR: cacheDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(`${JSON.stringify({ qid: 'cold-start', query })}\n`);
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  let first: string | undefined;
  let firstMs: number | undefined;
  for await (const line of lines) {
    if (first === undefined) {
      first = line;
      firstMs = performance.now() - t;
    }
  }
  const code = await new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (c) => resolve(c)),
  );
  clearTimeout(timer);
  const rebuilt = /building the index/i.test(stderr);
  if (first === undefined)
    return {
      rebuilt,
      error: `bin/kbbot.js batch gave no answer (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
      notes,
    };
  let answer = '?';
  try {
    const r = JSON.parse(first) as { results?: Array<{ id: string }>; answered?: boolean };
    answer = `${r.results?.[0]?.id ?? 'none'}${r.answered ? '' : ' (not answered)'}`;
  } catch {
    answer = first.slice(0, 60);
  }
  return { ms: firstMs, answer, rebuilt, notes };
}

// ---------------------------------------------------------------------------------------------
// Main

/** A path relative to the working folder when that is shorter. */
function shortPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && rel.length < p.length ? rel : p;
}

function readQueries(file: string): BenchQuery[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const q = JSON.parse(l) as Partial<BenchQuery>;
      if (typeof q.query !== 'string' || typeof q.kind !== 'string')
        throw new Error(`${file}:${i + 1}: needs kind and query`);
      return {
        qid: String(q.qid ?? `line-${i + 1}`),
        kind: q.kind,
        query: q.query,
        relevant: Array.isArray(q.relevant) ? q.relevant.map(String) : [],
      };
    });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const loadStart = os.loadavg()[0];

  if (!existsSync(SHARED)) {
    out(
      `bench: ${SHARED} is absent: it holds the KB archive and the eval queries the bench needs. Nothing measured.`,
    );
    return;
  }
  const queriesFile = args.queries ?? DEFAULT_QUERIES;
  if (!existsSync(queriesFile)) {
    if (args.queries) fail(`no queries file ${queriesFile}`);
    out(`bench: ${queriesFile} is absent: no eval queries to run. Nothing measured.`);
    return;
  }
  const archiveDir = process.env.KBBOT_ARCHIVE_DIR
    ? path.resolve(process.env.KBBOT_ARCHIVE_DIR)
    : path.join(os.tmpdir(), 'kbbot-archive');
  const rel = path.relative(REPO, archiveDir);
  if (!rel.startsWith('..') && !path.isAbsolute(rel))
    fail(`KBBOT_ARCHIVE_DIR ${archiveDir} is inside the repository; the archive must stay outside it`);

  const archive = ensureArchive(TARBALL, archiveDir, log);
  out(
    `corpus: ${int(archive.files)} KB articles (archive TXT files) in ${shortPath(archiveDir)}${archive.extracted ? ` (extracted in ${secs(archive.ms)})` : ''}`,
  );

  const queries = readQueries(queriesFile);
  const all = stratifiedSample(queries, queries.length, 0);
  const sample = stratifiedSample(queries, SAMPLE_SIZE, 10);
  const positives = queries.filter((q) => q.kind !== 'negative').length;
  out(
    `queries: ${queries.length} from ${shortPath(queriesFile)} (${positives} positive, ${queries.length - positives} negative); sample: ${sample.length} stratified by kind`,
  );
  const realFile = args.real ?? DEFAULT_REAL;
  if (args.real && !existsSync(realFile)) fail(`no queries file ${realFile}`);
  const real = existsSync(realFile) ? readQueries(realFile) : [];
  if (real.length)
    out(
      `real pastes: ${real.length} from ${shortPath(realFile)} (${real.filter((q) => q.kind !== 'negative').length} positive), run by ${REAL_ENGINES.filter(
        (e) => args.only.includes(e),
      )
        .map((e) => LABEL[e])
        .join(' and ')}`,
    );
  out(`engines: ${args.only.map((e) => LABEL[e]).join(', ')}; one process each, run one after another`);
  out();

  let subset: string[] | undefined;
  if (args.only.includes('minisearch') || args.only.includes('fuse')) {
    const sources = (await listContentFiles(archiveDir)).map((f) => f.source);
    const s = subsetFiles(sources, sample, SUBSET_SIZE);
    subset = s.files;
    if (s.missing.length)
      log(
        `${s.missing.length} relevant ids of the sample have no file in the archive: ${s.missing.slice(0, 5).join(', ')}`,
      );
  }

  const work = mkdtempSync(path.join(os.tmpdir(), 'kbbot-bench-'));
  const cacheDir = path.join(work, 'cache');
  const runs: Partial<Record<Engine, ChildRun>> = {};
  const realRuns: Partial<Record<Engine, ChildRun>> = {};
  let kbBuild: ChildRun | undefined;
  let bin: BinColdStart | undefined;
  try {
    for (const engine of args.only) {
      if (engine === 'kbbot') {
        // First start: empty cache folder, so kbbot parses, indexes and writes its snapshot.
        kbBuild = await runChild(work, 'kbbot-first-build', {
          engine,
          mode: 'build',
          contentDir: archiveDir,
          cacheDir,
          queries: all.slice(0, 1),
        });
        // Cold start: a fresh process that finds the snapshot; it answers every query.
        runs.kbbot = await runChild(work, 'kbbot-from-snapshot', {
          engine,
          mode: 'snapshot',
          contentDir: archiveDir,
          cacheDir,
          queries: all,
        });
        if (real.length)
          realRuns.kbbot = await runChild(work, 'kbbot-real-pastes', {
            engine,
            mode: 'snapshot',
            contentDir: archiveDir,
            cacheDir,
            queries: real,
          });
        log('running bin/kbbot.js batch (cold start to first answer)');
        bin = await binColdStart(
          archiveDir,
          cacheDir,
          (all.find((q) => q.kind !== 'negative') ?? all[0]).query,
        );
        continue;
      }
      const sampled = engine === 'minisearch' || engine === 'fuse';
      runs[engine] = await runChild(work, engine, {
        engine,
        contentDir: archiveDir,
        subset: sampled ? subset : undefined,
        queries: sampled ? sample : all,
        tuneQueries: engine === 'fts5' ? sample : undefined,
        queryBudgetMs: QUERY_BUDGET_MS[engine],
      });
      if (real.length && REAL_ENGINES.includes(engine)) {
        realRuns[engine] = await runChild(work, `${engine}-real-pastes`, {
          engine,
          contentDir: archiveDir,
          queries: real,
          tuneQueries: engine === 'fts5' ? sample : undefined,
        });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  printTable(args.only, runs, kbBuild, bin, queries.length, archive.files);
  if (real.length)
    printRealTable(
      REAL_ENGINES.filter((e) => args.only.includes(e)),
      realRuns,
    );

  const took = performance.now() - started;
  out();
  const tookS = Math.round(took / 1000);
  out(
    `bench took ${Math.floor(tookS / 60)} min ${tookS % 60} s; ${os.cpus().length} CPUs, load average ${loadStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end; node ${process.version}`,
  );
}

// ---------------------------------------------------------------------------------------------
// The table

function printTable(
  engines: Engine[],
  runs: Partial<Record<Engine, ChildRun>>,
  kbBuild: ChildRun | undefined,
  bin: BinColdStart | undefined,
  nQueries: number,
  nFiles: number,
): void {
  const cell = (e: Engine, f: (r: EngineReport) => string): string => {
    const run = runs[e];
    if (!run) return '-';
    if (!run.report) return 'failed';
    return f(run.report);
  };
  const score = (e: Engine, f: (s: NonNullable<EngineReport['score']>) => string) =>
    cell(e, (r) => (r.score ? f(r.score) : '-'));
  const row = (label: string, f: (e: Engine) => string): string[] => [label, ...engines.map(f)];

  const rows: string[][] = [
    row('articles indexed', (e) =>
      cell(e, (r) => `${int(r.articles)}${r.articles < nFiles ? ' (subset)' : ''}`),
    ),
    row('queries run', (e) =>
      score(e, (s) =>
        s.budgetHit
          ? `${s.run} of ${s.planned} (time)`
          : s.run === nQueries
            ? `${s.run} (all)`
            : `${s.run} (sample)`,
      ),
    ),
    [],
    ...POSITIVE_KINDS.map((k) => row(`top-1 ${k}`, (e) => score(e, (s) => f3(s.kinds[k]?.top1)))),
    row('top-1 overall (positives)', (e) => score(e, (s) => f3(s.overall.top1))),
    row('top-3 overall', (e) => score(e, (s) => f3(s.overall.top3))),
    row('top-1 overall, measured before', (e) => REFERENCE[e]),
    row('answered, positives (higher better)', (e) => score(e, (s) => f3(s.overall.answered))),
    row('answered, negatives (lower better)', (e) => score(e, (s) => f3(s.kinds.negative?.answered))),
    [],
    row('query latency p50', (e) => score(e, (s) => ms(s.latency.p50))),
    row('query latency p99', (e) => score(e, (s) => ms(s.latency.p99))),
    row('build: index from the articles', (e) =>
      e === 'kbbot'
        ? kbBuild?.report
          ? `${secs(kbBuild.report.buildMs)} (first start)`
          : kbBuild
            ? 'failed'
            : '-'
        : cell(e, (r) => secs(r.buildMs)),
    ),
    row('cold start from snapshot', (e) =>
      e !== 'kbbot'
        ? '-'
        : cell(
            e,
            (r) =>
              `${secs(r.buildMs)}${r.fromSnapshot ? '' : ' (REBUILT)'}; process ${secs(r.firstAnswerAt !== undefined ? r.firstAnswerAt - runs.kbbot!.spawnedAt : undefined)}`,
          ),
    ),
    row('cold start to first answer (bin)', (e) =>
      e !== 'kbbot'
        ? '-'
        : bin?.ms !== undefined
          ? `${secs(bin.ms)}${bin.rebuilt ? ' (REBUILT)' : ''}`
          : bin
            ? 'failed'
            : '-',
    ),
    row('peak RSS, build (+ queries) process', (e) =>
      e === 'kbbot'
        ? kbBuild?.report
          ? mb(kbBuild.report.peakRssKb)
          : '-'
        : cell(e, (r) => mb(r.peakRssKb)),
    ),
    row('peak RSS, serving from snapshot', (e) => (e === 'kbbot' ? cell(e, (r) => mb(r.peakRssKb)) : '-')),
    row('process wall time', (e) => {
      const w = (runs[e]?.wallMs ?? 0) + (e === 'kbbot' ? (kbBuild?.wallMs ?? 0) : 0);
      return runs[e] ? secs(w) : '-';
    }),
  ];
  out(renderTable(['', ...engines.map((e) => LABEL[e])], rows));

  // What was sampled, and how.
  out();
  out('notes:');
  const note = (m: string) => out(`  - ${m}`);
  for (const e of engines) {
    const run = runs[e];
    if (!run?.report) {
      note(`${LABEL[e]}: ${run?.error ?? 'not run'}`);
      continue;
    }
    const r = run.report;
    const s = r.score;
    const corpus =
      r.articles < nFiles
        ? `${int(r.articles)}-article subset (the sampled queries' relevant articles + random others)`
        : `full corpus (${int(r.articles)} articles)`;
    const qs = !s
      ? 'no queries'
      : s.budgetHit
        ? `${s.run} of ${s.planned} sampled queries (query-time budget ${secs(QUERY_BUDGET_MS[e])} reached; the sample is interleaved by kind, so the prefix run is still stratified)`
        : s.run === nQueries
          ? `all ${s.run} queries`
          : `${s.run} queries sampled, stratified by kind`;
    note(`${LABEL[e]}: ${corpus}, ${qs}${s ? ` [${kindCounts(s, KINDS)}]` : ''}`);
    for (const n of r.notes) note(n);
  }
  if (kbBuild?.error) note(`kbbot first build: ${kbBuild.error}`);
  if (kbBuild?.report) for (const n of kbBuild.report.notes) note(n);
  if (bin) {
    if (bin.error) note(`bin/kbbot.js cold start: ${bin.error}`);
    else
      note(
        `cold start to first answer: node bin/kbbot.js batch --content <archive> (dist/ build, snapshot in the bench's cache folder), spawn to the first answer line (top result ${bin.answer})`,
      );
    for (const n of bin.notes) note(n);
  }
  note(
    '"answered" is kbbot\'s calibrated answered flag; an anchor has no confidence, so it "answers" whenever it returns anything',
  );
  note(
    "latency: one search call in the engine's process after its index is built, each query once, in order (no warm-up)",
  );
  note(
    'cold start from snapshot: open in process; "process" counts from spawning node (with tsx) to the first answer',
  );

  // kbbot against its goals.
  const kb = runs.kbbot?.report;
  if (engines.includes('kbbot') && kb?.score) {
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const rssServe = kb.peakRssKb;
    const rssBuild = kbBuild?.report?.peakRssKb;
    out();
    out('kbbot against the goals (full archive, 2 cores):');
    out(
      `  query p50 <= ${GOALS.p50} ms: ${ms(kb.score.latency.p50)}, ${verdict(kb.score.latency.p50 <= GOALS.p50)}`,
    );
    out(
      `  query p99 <= ${GOALS.p99} ms: ${ms(kb.score.latency.p99)}, ${verdict(kb.score.latency.p99 <= GOALS.p99)}`,
    );
    if (bin?.ms !== undefined)
      out(
        `  cold start to first answer <= ${secs(GOALS.coldStartMs)}: ${secs(bin.ms)} (bin/kbbot.js, from the snapshot), ${verdict(bin.ms <= GOALS.coldStartMs)}`,
      );
    out(
      `  resident memory <= 1 GB: ${mb(rssServe)} serving, ${verdict(rssServe <= GOALS.rssKb)}${rssBuild !== undefined ? `; ${mb(rssBuild)} while building the index, ${verdict(rssBuild <= GOALS.rssKb)}` : ''}`,
    );
  }
}

/** The second group of columns: the same engines on text real people posted. */
function printRealTable(engines: Engine[], runs: Partial<Record<Engine, ChildRun>>): void {
  if (!engines.length) return;
  const score = (e: Engine, f: (s: NonNullable<EngineReport['score']>) => string): string => {
    const run = runs[e];
    if (!run) return '-';
    return run.report?.score ? f(run.report.score) : 'failed';
  };
  const row = (label: string, f: (e: Engine) => string): string[] => [label, ...engines.map(f)];
  const topBoth = (k?: { top1: number; top3: number; n: number }) =>
    k ? `${f3(k.top1)} / ${f3(k.top3)} (${k.n})` : '-';
  out();
  out('real pastes (forum, Usenet and GitHub text; top-1 / top-3, number of queries):');
  out(
    renderTable(
      ['', ...engines.map((e) => `${LABEL[e]}, real`)],
      [
        ...REAL_KINDS.map((k) => row(k, (e) => score(e, (s) => topBoth(s.kinds[k])))),
        row('overall (positives)', (e) => score(e, (s) => topBoth(s.overall))),
        row('answered, positives (higher better)', (e) => score(e, (s) => f3(s.overall.answered))),
        row('answered, negatives (lower better)', (e) =>
          score(e, (s) => `${f3(s.kinds.negative?.answered)} of ${s.kinds.negative?.n ?? 0}`),
        ),
        row('query latency p50', (e) => score(e, (s) => ms(s.latency.p50))),
        row('query latency p99', (e) => score(e, (s) => ms(s.latency.p99))),
      ],
    ),
  );
  for (const e of engines) if (runs[e]?.error) out(`  - ${LABEL[e]}, real: ${runs[e]!.error}`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
