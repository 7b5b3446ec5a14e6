import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Article, ArticleFormat, LoadProblem, LoadReport } from './types.js';
import { isContentFile, MAX_CONTENT_FILE_BYTES, parseArticle } from './parse-article.js';
import { ParseError } from './parse-error.js';
import { idKey } from './article-id.js';

export interface ContentFile {
  /** Path relative to the content root, with forward slashes. */
  source: string;
  size: number;
  mtimeMs: number;
}

/** Every content file under `root`, sorted by path (hidden folders and files skipped). */
export async function listContentFiles(root: string): Promise<ContentFile[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: ContentFile[] = [];
  for (const e of entries) {
    if (!e.isFile() || !isContentFile(e.name)) continue;
    const dir =
      (e as unknown as { parentPath?: string; path?: string }).parentPath ??
      (e as unknown as { path: string }).path;
    const full = path.join(dir, e.name);
    const source = path.relative(root, full).split(path.sep).join('/');
    if (source.split('/').some((part) => part.startsWith('.'))) continue;
    files.push({ source, size: 0, mtimeMs: 0 });
  }
  await forEachLimit(files, 64, async (f) => {
    const s = await stat(path.join(root, f.source));
    f.size = s.size;
    f.mtimeMs = Math.floor(s.mtimeMs);
  });
  files.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return files;
}

export interface LoadOptions {
  /** Called with each article as it is parsed, in file order, with the bytes it was parsed from. */
  onArticle?: (article: Article, bytes: Buffer) => void;
  /**
   * The bytes of a file's previous good version, when one is in service (a reload). A file
   * whose newest version does not parse is then served as it was, and reported as such.
   */
  previousVersion?: (source: string) => Promise<Buffer | undefined>;
  /** Called now and then with the number of files done. */
  onProgress?: (done: number, total: number) => void;
  /** Keep the parsed articles in the result (the default); large corpora are streamed instead. */
  keep?: boolean;
  files?: ContentFile[];
}

export interface LoadedCorpus {
  articles: Article[];
  report: LoadReport;
}

/** Read a folder tree of articles; a bad file is reported and skipped, a duplicate id is reported and the first kept. */
export async function loadCorpus(root: string, opts: LoadOptions = {}): Promise<LoadedCorpus> {
  const files = opts.files ?? (await listContentFiles(root));
  const articles: Article[] = [];
  const problems: LoadProblem[] = [];
  const byFormat: Partial<Record<ArticleFormat, number>> = {};
  const seen = new Map<string, string>();
  let done = 0;
  let count = 0;
  // Read ahead in parallel, parse in order, so callbacks see a stable order.
  const batch = 128;
  for (let start = 0; start < files.length; start += batch) {
    const slice = files.slice(start, start + batch);
    const contents = await Promise.all(
      slice.map((f) =>
        // A file far too large is not even read: parseArticle reports it from its first bytes' size.
        f.size > MAX_CONTENT_FILE_BYTES
          ? Buffer.alloc(MAX_CONTENT_FILE_BYTES + 1, 0x20)
          : readFile(path.join(root, f.source)).then(
              (b) => b,
              (e: NodeJS.ErrnoException) => e,
            ),
      ),
    );
    for (let j = 0; j < slice.length; j++) {
      const f = slice[j];
      const c = contents[j];
      done++;
      if (c instanceof Error) {
        problems.push({ file: f.source, severity: 'error', reason: `cannot read: ${c.code ?? c.message}` });
        continue;
      }
      let article: Article;
      let bytes: Buffer = c;
      try {
        article = parseArticle(c, f.source);
      } catch (e) {
        const problem = problemFrom(f.source, e);
        const previous = await opts.previousVersion?.(f.source);
        const kept = previous ? parsedOrUndefined(previous, f.source) : undefined;
        problems.push(opts.previousVersion ? { ...problem, keptPrevious: kept !== undefined } : problem);
        if (!kept) continue;
        article = kept;
        bytes = previous!;
      }
      const key = idKey(article.id);
      const first = seen.get(key);
      if (first) {
        problems.push({
          file: f.source,
          severity: 'error',
          reason: `duplicate id ${article.id}: already defined in ${first}; this file is skipped`,
        });
        continue;
      }
      seen.set(key, f.source);
      byFormat[article.format] = (byFormat[article.format] ?? 0) + 1;
      count++;
      opts.onArticle?.(article, bytes);
      if (opts.keep !== false) articles.push(article);
    }
    opts.onProgress?.(done, files.length);
  }
  return { articles, report: { root, articles: count, byFormat, problems } };
}

function parsedOrUndefined(bytes: Buffer, source: string): Article | undefined {
  try {
    return parseArticle(bytes, source);
  } catch {
    return undefined;
  }
}

/** Re-read one article from disk (the index keeps only what ranking needs). */
export async function readArticle(root: string, source: string): Promise<Article> {
  return parseArticle(await readFile(path.join(root, source)), source);
}

export function problemFrom(file: string, e: unknown): LoadProblem {
  if (e instanceof ParseError) return { file, line: e.line, severity: 'error', reason: e.message };
  return { file, severity: 'error', reason: e instanceof Error ? e.message : String(e) };
}

async function forEachLimit<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}
