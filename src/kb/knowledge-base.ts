import path from 'node:path';
import type { Article, LoadReport } from '../corpus/types.js';
import { listContentFiles, loadCorpus, readArticle } from '../corpus/load-corpus.js';
import { IndexBuilder } from '../match/build-index.js';
import { Matcher } from '../match/matcher.js';
import type { IndexData } from '../match/index-types.js';
import type { MatchResult } from '../match/types.js';
import { contentKey, readSnapshot, snapshotPath, writeSnapshot } from '../match/index-snapshot.js';
import type { MatchConfig } from '../config/match-defaults.js';

/** An opened index as it crosses a thread boundary (its arrays on a SharedArrayBuffer). */
export interface SharedIndex {
  index: IndexData;
  report: LoadReport;
}

export type LoadPhase = 'scanning' | 'snapshot' | 'parsing' | 'indexing' | 'ready';

export interface KnowledgeBaseOptions {
  /** Folder of articles (any depth). */
  contentDir: string;
  /** Folder for the index snapshot; none written when undefined. */
  cacheDir?: string;
  /** Corpora smaller than this are indexed in memory without a snapshot (faster than reading one). */
  snapshotMinFiles?: number;
  matchConfig?: Partial<MatchConfig>;
  onProgress?: (phase: LoadPhase, done: number, total: number) => void;
  onInfo?: (message: string) => void;
}

/**
 * A loaded corpus: the index, the matcher over it, the load report, and the way back to the
 * full article (read again from its file when an answer needs it).
 */
export class KnowledgeBase {
  readonly loadedAt = new Date();

  private constructor(
    readonly root: string,
    readonly index: IndexData,
    readonly matcher: Matcher,
    readonly report: LoadReport,
    /** Articles kept in memory (small corpora); large ones are read from disk on demand. */
    private readonly articles: Map<string, Article> | undefined,
    readonly fromSnapshot: boolean,
  ) {}

  static async open(opts: KnowledgeBaseOptions): Promise<KnowledgeBase> {
    const root = path.resolve(opts.contentDir);
    const progress = opts.onProgress ?? (() => {});
    progress('scanning', 0, 0);
    const files = await listContentFiles(root);
    const useSnapshot = opts.cacheDir !== undefined && files.length >= (opts.snapshotMinFiles ?? 500);
    const key = contentKey(files);
    const file = opts.cacheDir ? snapshotPath(opts.cacheDir, root) : '';
    if (useSnapshot) {
      progress('snapshot', 0, 1);
      const snap = await readSnapshot(file, key);
      if (snap.index) {
        progress('ready', files.length, files.length);
        return new KnowledgeBase(root, snap.index, new Matcher(snap.index, opts.matchConfig), snap.extra as LoadReport, undefined, true);
      }
      opts.onInfo?.(`building the index: ${snap.reason}`);
    }
    const keep = !useSnapshot;
    const builder = new IndexBuilder();
    const articles = keep ? new Map<string, Article>() : undefined;
    const { report } = await loadCorpus(root, {
      files,
      keep: false,
      onArticle: (a) => {
        builder.add(a);
        articles?.set(a.id, a);
      },
      onProgress: (done, total) => progress('parsing', done, total),
    });
    progress('indexing', 0, 1);
    const index = builder.finish();
    if (useSnapshot) {
      try {
        await writeSnapshot(file, index, key, report);
      } catch (e) {
        opts.onInfo?.(`could not write the index snapshot ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    progress('ready', files.length, files.length);
    return new KnowledgeBase(root, index, new Matcher(index, opts.matchConfig), report, articles, false);
  }

  /**
   * A KnowledgeBase over an index another thread already opened: its typed arrays, when they
   * live in a SharedArrayBuffer (a snapshot), are shared rather than read and copied again.
   */
  static fromIndex(root: string, index: IndexData, report: LoadReport, matchConfig?: Partial<MatchConfig>): KnowledgeBase {
    return new KnowledgeBase(path.resolve(root), index, new Matcher(index, matchConfig), report, undefined, true);
  }

  /** The index and report, to hand to another thread; only for a snapshot, whose arrays are shared memory. */
  get shareable(): SharedIndex | undefined {
    return this.fromSnapshot ? { index: this.index, report: this.report } : undefined;
  }

  get size(): number {
    return this.index.docs.length;
  }

  match(paste: string): MatchResult {
    return this.matcher.match(paste);
  }

  /** The full article for an id in any spelling, or undefined. */
  async article(id: string): Promise<Article | undefined> {
    const doc = this.matcher.docOf(id);
    if (doc === undefined) return undefined;
    const meta = this.index.docs[doc];
    return this.articles?.get(meta.id) ?? readArticle(this.root, meta.source);
  }
}
