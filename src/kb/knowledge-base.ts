import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Article, LoadReport } from '../corpus/types.js';
import { listContentFiles, loadCorpus, readArticle } from '../corpus/load-corpus.js';
import { parseArticle } from '../corpus/parse-article.js';
import { ArticlePack, ArticlePackWriter, packPath } from './article-pack.js';
import { IndexBuilder } from '../match/build-index.js';
import { Matcher } from '../match/matcher.js';
import type { IndexData } from '../match/index-types.js';
import type { MatchResult } from '../match/types.js';
import { contentKey, readSnapshot, snapshotPath, writeSnapshot } from './index-snapshot.js';
import type { MatchConfig } from '../config/match-defaults.js';
import type { ArticleContext } from '../answer/types.js';
import { isBoilerplate, SentenceCounter } from './boilerplate.js';

/** An opened index as it crosses a thread boundary (its arrays on a SharedArrayBuffer). */
export interface SharedIndex {
  index: IndexData;
  report: LoadReport;
  /** The article pack beside the snapshot, which each thread opens for itself. */
  packFile?: string;
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
  /**
   * The corpus in service (a reload): a file whose newest version does not parse keeps its
   * version from here, and is reported with `keptPrevious`.
   */
  previous?: KnowledgeBase;
}

/**
 * A loaded corpus: the index, the matcher over it, the load report, and the way back to the
 * full article (read again from its file when an answer needs it).
 */
export class KnowledgeBase {
  readonly loadedAt = new Date();

  private docBySource: Map<string, number> | undefined;

  private constructor(
    readonly root: string,
    readonly index: IndexData,
    readonly matcher: Matcher,
    readonly report: LoadReport,
    /** Small corpora: the articles and the bytes they were parsed from, by source, in memory. */
    private readonly inMemory: { articles: Map<string, Article>; bytes: Map<string, Buffer> } | undefined,
    readonly fromSnapshot: boolean,
    /** Large corpora: the bytes of every article as indexed, beside the snapshot; without one, articles are read from their files. */
    private readonly pack: ArticlePack | undefined,
    private readonly packFile: string | undefined,
  ) {}

  static async open(opts: KnowledgeBaseOptions): Promise<KnowledgeBase> {
    const root = path.resolve(opts.contentDir);
    const progress = opts.onProgress ?? (() => {});
    progress('scanning', 0, 0);
    const files = await listContentFiles(root);
    const useSnapshot = opts.cacheDir !== undefined && files.length >= (opts.snapshotMinFiles ?? 500);
    // A snapshot made with a previous version kept (a file that did not parse) is used again for
    // the same files, so that version stays in service across a restart too.
    const key = contentKey(files);
    const file = opts.cacheDir ? snapshotPath(opts.cacheDir, root) : '';
    if (useSnapshot) {
      progress('snapshot', 0, 1);
      const snap = await readSnapshot(file, key);
      if (snap.index) {
        progress('ready', files.length, files.length);
        const pack = openPack(file, snap.index);
        return new KnowledgeBase(
          root,
          snap.index,
          new Matcher(snap.index, opts.matchConfig),
          snap.extra as LoadReport,
          undefined,
          true,
          pack,
          pack ? packPath(file) : undefined,
        );
      }
      opts.onInfo?.(`building the index: ${snap.reason}`);
    }
    const builder = new IndexBuilder();
    const inMemory = useSnapshot
      ? undefined
      : { articles: new Map<string, Article>(), bytes: new Map<string, Buffer>() };
    let packWriter: ArticlePackWriter | undefined;
    if (useSnapshot) {
      try {
        await mkdir(opts.cacheDir!, { recursive: true });
        packWriter = new ArticlePackWriter(packPath(file));
      } catch (e) {
        opts.onInfo?.(
          `articles will be read from their files: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    const sentences = new SentenceCounter();
    const previous = opts.previous;
    let loaded: Awaited<ReturnType<typeof loadCorpus>>;
    try {
      loaded = await loadCorpus(root, {
        files,
        keep: false,
        previousVersion: previous ? async (source) => previous.bytesOf(source) : undefined,
        onArticle: (a, bytes) => {
          builder.add(a);
          sentences.add(Object.values(a.sections));
          packWriter?.add(bytes);
          inMemory?.articles.set(a.id, a);
          inMemory?.bytes.set(a.source, bytes);
        },
        onProgress: (done, total) => progress('parsing', done, total),
      });
    } catch (e) {
      packWriter?.abort();
      throw e;
    }
    const { report } = loaded;
    progress('indexing', 0, 1);
    const index = builder.finish();
    index.commonSentences = sentences.finish();
    let pack: ArticlePack | undefined;
    if (packWriter) {
      try {
        const { offsets, nonce } = packWriter.commit();
        index.packOffsets = offsets;
        index.packNonce = nonce;
        pack = openPack(file, index);
      } catch (e) {
        opts.onInfo?.(
          `articles will be read from their files: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    if (useSnapshot) {
      try {
        await writeSnapshot(file, index, key, report);
      } catch (e) {
        opts.onInfo?.(
          `could not write the index snapshot ${file}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    progress('ready', files.length, files.length);
    return new KnowledgeBase(
      root,
      index,
      new Matcher(index, opts.matchConfig),
      report,
      inMemory,
      false,
      pack,
      pack ? packPath(file) : undefined,
    );
  }

  /**
   * A KnowledgeBase over an index another thread already opened: its typed arrays, when they
   * live in a SharedArrayBuffer (a snapshot), are shared rather than read and copied again.
   */
  static fromIndex(root: string, shared: SharedIndex, matchConfig?: Partial<MatchConfig>): KnowledgeBase {
    const pack =
      shared.packFile && shared.index.packNonce && shared.index.packOffsets
        ? ArticlePack.open(shared.packFile, shared.index.packOffsets, shared.index.packNonce)
        : undefined;
    return new KnowledgeBase(
      path.resolve(root),
      shared.index,
      new Matcher(shared.index, matchConfig),
      shared.report,
      undefined,
      true,
      pack,
      pack ? shared.packFile : undefined,
    );
  }

  /** The index and report, to hand to another thread; only for a snapshot, whose arrays are shared memory. */
  get shareable(): SharedIndex | undefined {
    return this.fromSnapshot
      ? { index: this.index, report: this.report, packFile: this.packFile }
      : undefined;
  }

  /** Releases the article pack's file handle (a replaced corpus, once its requests are done). */
  close(): void {
    this.pack?.close();
  }

  get size(): number {
    return this.index.docs.length;
  }

  /** What answers need of the corpus beyond the article: its boilerplate, and which ids it holds. */
  readonly context: ArticleContext = {
    isBoilerplate: (paragraph) => isBoilerplate(paragraph, this.index.commonSentences),
    has: (id) => this.matcher.docOf(id) !== undefined,
  };

  match(paste: string): MatchResult {
    return this.matcher.match(paste);
  }

  /** The full article for an id in any spelling, or undefined. */
  async article(id: string): Promise<Article | undefined> {
    const doc = this.matcher.docOf(id);
    if (doc === undefined) return undefined;
    const meta = this.index.docs[doc];
    const kept = this.inMemory?.articles.get(meta.id);
    if (kept) return kept;
    if (this.pack) return parseArticle(this.pack.read(doc), meta.source);
    return readArticle(this.root, meta.source);
  }

  /** The bytes a file's article was indexed from, when this corpus still has them (a reload's previous version). */
  bytesOf(source: string): Buffer | undefined {
    if (this.inMemory) return this.inMemory.bytes.get(source);
    if (!this.pack) return undefined;
    if (!this.docBySource) this.docBySource = new Map(this.index.docs.map((d, i) => [d.source, i]));
    const doc = this.docBySource.get(source);
    return doc === undefined ? undefined : this.pack.read(doc);
  }
}

function openPack(snapshotFile: string, index: IndexData): ArticlePack | undefined {
  return index.packOffsets && index.packNonce
    ? ArticlePack.open(packPath(snapshotFile), index.packOffsets, index.packNonce)
    : undefined;
}
