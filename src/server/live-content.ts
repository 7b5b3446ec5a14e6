/**
 * Live content: the content folder as the match pool serves it, reloaded without a restart
 * when a file is added, changed or removed (chokidar, debounced).
 *
 * A file that fails to parse leaves its previous good version in service: a reload is opened
 * with the corpus in service as its `previous`, which still holds the bytes each article was
 * indexed from (in memory for small corpora, in the article pack beside the index snapshot for
 * large ones), so the old version is indexed again and the problem reported (file, line,
 * reason, `keptPrevious`) on the page and in the log. A new file that never parsed is left out.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { isContentFile } from '../corpus/parse-article.js';
import type { Answer, AnswerArticle } from '../answer/types.js';
import type { MatchPool, KbInfo } from '../kb/match-pool.js';
import type { ContentProblem, CorpusStats, KbService, KbStatus } from '../conversation/types.js';
import { MAX_LISTED_PROBLEMS } from '../conversation/direct-kb.js';
import type { Log } from '../config/log.js';

export interface LiveContentOptions {
  contentDir: string;
  cacheDir?: string;
  pool: MatchPool;
  /** Watch the folder and reload on changes. Default true. */
  watch?: boolean;
  logger: Log;
  /** Quiet time after the last change before reloading. Default 300 ms. */
  debounceMs?: number;
  /** Corpora with at least this many files get an index snapshot (and an article pack). Default: the KnowledgeBase's. */
  snapshotMinFiles?: number;
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
  private readonly log: Log;
  private readonly debounceMs: number;
  private readonly snapshotMinFiles: number | undefined;
  private readonly cacheDir: string | undefined;
  private readonly watchEnabled: boolean;
  private watcher: FSWatcher | undefined;
  private pendingFiles = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
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
    this.snapshotMinFiles = opts.snapshotMinFiles;
    this.cacheDir = opts.cacheDir;
    this.watchEnabled = opts.watch ?? true;
    this.watching = new Promise((resolve) => (this.watchingStarted = resolve));
    if (!this.watchEnabled) this.watchingStarted();
  }

  /** A file that stops parsing keeps its previous good version in service (corpora of every size). */
  readonly keepsPreviousVersions = true;

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
    return {
      state: 'ready',
      stats: this.stats(info),
      reloading: this.pool.loading || this.pendingFiles.size > 0,
    };
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
  }

  private source() {
    return { contentDir: this.contentDir, cacheDir: this.cacheDir, snapshotMinFiles: this.snapshotMinFiles };
  }

  private stats(info: KbInfo): CorpusStats {
    const problems: ContentProblem[] = info.report.problems;
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
        return rel?.split('/').some((part) => part.startsWith('.')) ?? false;
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
    watcher.on('error', (err) =>
      this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'content watcher error'),
    );
  }

  private schedule(rel: string): void {
    if (this.closed) return;
    this.pendingFiles.add(rel);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const files = [...this.pendingFiles].sort();
      this.pendingFiles.clear();
      this.queue = this.queue
        .then(() => this.apply(files))
        .catch((e: unknown) => this.log.error({ err: String(e) }, 'content reload failed'));
    }, this.debounceMs);
  }

  /** Reloads after a batch of changed paths (a trailing `/` is a removed folder). */
  private async apply(files: string[]): Promise<void> {
    if (this.closed) return;
    const started = Date.now();
    try {
      const info = await this.pool.load(this.source());
      this.reloads++;
      this.initialError = undefined;
      const changed = info.report.problems.filter((p) => files.includes(p.file));
      const allKept =
        changed.length > 0 && changed.length === files.length && changed.every((p) => p.keptPrevious);
      this.lastReload = {
        at: new Date().toISOString(),
        files,
        ok: !allKept,
        articles: info.size,
        ms: Date.now() - started,
        error: allKept ? 'no file parsed; the previous versions stay in service' : undefined,
      };
      this.log.info(
        { files, articles: info.size, problems: info.report.problems.length, ms: this.lastReload.ms },
        'content reloaded',
      );
      for (const p of changed) {
        this.log.warn(
          { file: p.file, line: p.line, reason: p.reason, keptPrevious: p.keptPrevious ?? false },
          p.keptPrevious
            ? 'content file does not parse; its previous version stays in service'
            : 'content file does not parse; it is left out',
        );
      }
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.lastReload = { at: new Date().toISOString(), files, ok: false, ms: Date.now() - started, error };
      this.log.error({ files, err: error }, 'content reload failed; the previous corpus stays in service');
    }
  }
}
