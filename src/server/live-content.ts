/**
 * Live content: the content folder as the match pool serves it, reloaded without a restart
 * when a file is added, changed or removed (chokidar, debounced).
 *
 * A file that fails to parse must leave its previous good version in service. The
 * KnowledgeBase opens a folder, so for corpora of up to STAGE_MAX_FILES files kbbot serves a
 * private copy of the content folder (the "stage", in the system's temp folder) holding the
 * last version of each file that parsed: a changed file is parsed first and copied to the
 * stage only when it parses; otherwise the stage keeps the previous version and the problem
 * is reported (file, line, reason) on the page and in the log.
 *
 * Larger corpora (the full archive) are served from the content folder itself, so their index
 * snapshot makes a restart take seconds; there a change rebuilds the index, and a file that
 * fails to parse is left out (and reported) until it is fixed.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { listContentFiles, problemFrom } from '../corpus/load-corpus.js';
import { isContentFile, parseArticle } from '../corpus/parse-article.js';
import type { Answer, AnswerArticle } from '../answer/types.js';
import type { MatchPool, KbInfo } from '../kb/match-pool.js';
import type { ContentProblem, CorpusStats, KbService, KbStatus } from '../conversation/types.js';
import { MAX_LISTED_PROBLEMS } from '../conversation/direct-kb.js';

export interface LiveLogger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

export interface LiveContentOptions {
  contentDir: string;
  cacheDir?: string;
  pool: MatchPool;
  /** Watch the folder and reload on changes. Default true. */
  watch?: boolean;
  logger: LiveLogger;
  /** Quiet time after the last change before reloading. Default 300 ms. */
  debounceMs?: number;
  /** Corpora up to this many files are staged (previous good versions kept). Default STAGE_MAX_FILES. */
  stageMaxFiles?: number;
}

export const STAGE_MAX_FILES = 5000;

/** How many content files a folder holds, counting up to `stopAt` (names only: no file is opened or stat'ed). */
export async function countContentFiles(root: string, stopAt: number): Promise<number> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  let n = 0;
  for (const e of entries) {
    if (!e.isFile() || !isContentFile(e.name)) continue;
    const dir = (e as unknown as { parentPath?: string; path?: string }).parentPath ?? (e as unknown as { path: string }).path;
    if (path.relative(root, dir).split(path.sep).some((part) => part.startsWith('.')) || e.name.startsWith('.')) continue;
    if (++n >= stopAt) break;
  }
  return n;
}

export interface ReloadEvent {
  at: string;
  /** Content files that changed (relative paths). */
  files: string[];
  ok: boolean;
  articles?: number;
  ms: number;
  error?: string;
}

export class LiveContent implements KbService {
  readonly contentDir: string;
  private readonly pool: MatchPool;
  private readonly log: LiveLogger;
  private readonly debounceMs: number;
  private readonly stageMaxFiles: number;
  private readonly cacheDir: string | undefined;
  private readonly watchEnabled: boolean;
  private stageDir: string | undefined;
  private watcher: FSWatcher | undefined;
  private pendingFiles = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** Files whose newest version does not parse, by relative path. */
  private readonly liveProblems = new Map<string, ContentProblem>();
  private initialError: string | undefined;
  reloads = 0;
  lastReload: ReloadEvent | undefined;
  /** Resolves when the watcher has scanned the folder (changes after this are seen); it starts once the corpus is loaded. */
  watching: Promise<void>;
  private watchingStarted!: () => void;

  constructor(opts: LiveContentOptions) {
    this.contentDir = path.resolve(opts.contentDir);
    this.pool = opts.pool;
    this.log = opts.logger;
    this.debounceMs = opts.debounceMs ?? 300;
    this.stageMaxFiles = opts.stageMaxFiles ?? STAGE_MAX_FILES;
    this.cacheDir = opts.cacheDir;
    this.watchEnabled = opts.watch ?? true;
    this.watching = new Promise((resolve) => (this.watchingStarted = resolve));
    if (!this.watchEnabled) this.watchingStarted();
  }

  /** True when previous good versions are kept (a staged, small corpus). */
  get staged(): boolean {
    return this.stageDir !== undefined;
  }

  /**
   * Loads the corpus, then starts watching (so the watcher's scan of a large folder does not
   * slow the first load down). Resolves when the corpus is in service.
   */
  async start(): Promise<KbInfo> {
    // Changes seen while this runs are applied after it (same queue).
    const first = this.queue.then(() => this.initialLoad());
    this.queue = first.then(
      () => undefined,
      () => undefined,
    );
    const done = () => {
      if (this.watchEnabled && !this.closed) this.startWatching();
    };
    first.then(done, done);
    return first;
  }

  private async initialLoad(): Promise<KbInfo> {
    try {
      const count = await countContentFiles(this.contentDir, this.stageMaxFiles + 1);
      if (count <= this.stageMaxFiles) {
        const files = await listContentFiles(this.contentDir);
        this.stageDir = await mkdtemp(path.join(os.tmpdir(), 'kbbot-live-'));
        await Promise.all(
          files.map(async (f) => {
            const to = path.join(this.stageDir!, f.source);
            await mkdir(path.dirname(to), { recursive: true });
            await copyFile(path.join(this.contentDir, f.source), to);
          }),
        );
      }
      return await this.pool.load(this.source());
    } catch (e) {
      this.initialError = e instanceof Error ? e.message : String(e);
      throw e;
    }
  }

  status(): KbStatus {
    const info = this.pool.info;
    if (!info) {
      const error = this.initialError ?? this.pool.lastError;
      if (error) return { state: 'failed', error };
      return { state: 'loading', progress: { ...this.pool.progress } };
    }
    return { state: 'ready', stats: this.stats(info), reloading: this.pool.loading || this.pendingFiles.size > 0 };
  }

  answer(paste: string): Promise<Answer> {
    return this.pool.answer(paste);
  }

  article(id: string): Promise<AnswerArticle | undefined> {
    return this.pool.article(id);
  }

  /** Waits until every change seen so far has been applied (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.timer || this.pendingFiles.size) {
      await new Promise((r) => setTimeout(r, 20));
      if (this.closed) return;
    }
    await this.queue;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watchingStarted();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.watcher?.close().catch(() => undefined);
    await this.queue.catch(() => undefined);
    if (this.stageDir) await rm(this.stageDir, { recursive: true, force: true }).catch(() => undefined);
  }

  private source() {
    return this.stageDir ? { contentDir: this.stageDir } : { contentDir: this.contentDir, cacheDir: this.cacheDir };
  }

  private stats(info: KbInfo): CorpusStats {
    const live = [...this.liveProblems.values()];
    const problems: ContentProblem[] = [...live, ...info.report.problems.filter((p) => !this.liveProblems.has(p.file))];
    return {
      articles: info.size,
      byFormat: info.report.byFormat,
      problems: problems.slice(0, MAX_LISTED_PROBLEMS),
      problemCount: problems.length,
      loadedAt: info.loadedAt,
      contentDir: this.contentDir,
      fromSnapshot: info.fromSnapshot,
    };
  }

  private relative(p: string): string | undefined {
    const rel = path.relative(this.contentDir, p);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  private startWatching(): void {
    const watcher = watch(this.contentDir, {
      ignoreInitial: true,
      persistent: true,
      ignored: (p) => {
        const rel = this.relative(p);
        return rel !== undefined && rel.split('/').some((part) => part.startsWith('.'));
      },
    });
    this.watcher = watcher;
    watcher.once('ready', () => this.watchingStarted());
    const onFile = (p: string) => {
      const rel = this.relative(p);
      if (rel && isContentFile(path.basename(rel))) this.schedule(rel);
    };
    watcher.on('add', onFile).on('change', onFile).on('unlink', onFile);
    watcher.on('unlinkDir', (p) => {
      const rel = this.relative(p);
      if (rel) this.schedule(`${rel}/`);
    });
    watcher.on('error', (err) => this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'content watcher error'));
  }

  private schedule(rel: string): void {
    if (this.closed) return;
    this.pendingFiles.add(rel);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const files = [...this.pendingFiles].sort();
      this.pendingFiles.clear();
      this.queue = this.queue.then(() => this.apply(files)).catch((e: unknown) => this.log.error({ err: String(e) }, 'content reload failed'));
    }, this.debounceMs);
  }

  /** Applies a batch of changed paths (a trailing `/` is a removed folder), then reloads. */
  private async apply(files: string[]): Promise<void> {
    if (this.closed) return;
    const started = Date.now();
    let stageChanged = !this.stageDir;
    if (this.stageDir) {
      for (const rel of files) stageChanged = (await this.applyToStage(rel)) || stageChanged;
    }
    if (!stageChanged) {
      this.lastReload = { at: new Date().toISOString(), files, ok: false, ms: Date.now() - started, error: 'no file parsed; the previous versions stay in service' };
      return;
    }
    try {
      const info = await this.pool.load(this.source());
      this.reloads++;
      this.initialError = undefined;
      this.lastReload = { at: new Date().toISOString(), files, ok: true, articles: info.size, ms: Date.now() - started };
      this.log.info({ files, articles: info.size, problems: info.report.problems.length + this.liveProblems.size, ms: this.lastReload.ms }, 'content reloaded');
      for (const p of info.report.problems.filter((q) => files.includes(q.file))) {
        this.log.warn({ file: p.file, line: p.line, reason: p.reason }, 'content file left out');
      }
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.lastReload = { at: new Date().toISOString(), files, ok: false, ms: Date.now() - started, error };
      this.log.error({ files, err: error }, 'content reload failed; the previous corpus stays in service');
    }
  }

  /** Brings one path of the stage up to date; true when the stage changed. */
  private async applyToStage(rel: string): Promise<boolean> {
    const stage = this.stageDir!;
    if (rel.endsWith('/')) {
      const dir = rel.slice(0, -1);
      for (const k of [...this.liveProblems.keys()]) if (k.startsWith(rel)) this.liveProblems.delete(k);
      await rm(path.join(stage, dir), { recursive: true, force: true });
      return true;
    }
    const staged = path.join(stage, rel);
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(this.contentDir, rel));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      this.liveProblems.delete(rel);
      await rm(staged, { force: true });
      return true;
    }
    try {
      parseArticle(bytes, rel);
    } catch (e) {
      const kept = await readFile(staged).then(
        () => true,
        () => false,
      );
      const problem: ContentProblem = { ...problemFrom(rel, e), keptPrevious: kept };
      this.liveProblems.set(rel, problem);
      this.log.warn(
        { file: rel, line: problem.line, reason: problem.reason, keptPrevious: kept },
        kept ? 'content file does not parse; its previous version stays in service' : 'content file does not parse; it is left out',
      );
      return false;
    }
    this.liveProblems.delete(rel);
    await mkdir(path.dirname(staged), { recursive: true });
    await writeFile(staged, bytes);
    return true;
  }
}
