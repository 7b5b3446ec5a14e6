import { listContentFiles, loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Article } from '../../src/corpus/types.js';
import type { Log } from './child.js';

/** The fields every anchor engine gets from one parsed article (kbbot's own parser). */
export interface AnchorDoc {
  /** Canonical id, `Q214864`. */
  id: string;
  /** The id and its other spellings: `Q214864 KB214864 214864`. */
  ids: string;
  title: string;
  symptoms: string;
  cause: string;
  resolution: string;
  /** Every section of the article, in file order. */
  text: string;
}

export function toAnchorDoc(a: Article): AnchorDoc {
  return {
    id: a.id,
    ids: [a.id, ...a.aliases].join(' '),
    title: a.title,
    symptoms: a.sections.symptoms ?? '',
    cause: a.sections.cause ?? '',
    resolution: a.sections.resolution ?? '',
    text: Object.values(a.sections).join('\n\n'),
  };
}

/**
 * Stream the archive (or the listed subset of its files) through kbbot's parser and hand each
 * article to `onDoc`. Returns the number of articles.
 */
export async function streamAnchorDocs(
  root: string,
  subset: string[] | undefined,
  onDoc: (d: AnchorDoc) => void,
  log?: Log,
): Promise<number> {
  let files = await listContentFiles(root);
  if (subset) {
    const want = new Set(subset);
    files = files.filter((f) => want.has(f.source));
  }
  let last = performance.now();
  const { report } = await loadCorpus(root, {
    files,
    keep: false,
    onArticle: (a) => onDoc(toAnchorDoc(a)),
    onProgress: (done, total) => {
      if (log && performance.now() - last > 15_000) {
        last = performance.now();
        log(`indexing ${done}/${total}`);
      }
    },
  });
  return report.articles;
}
