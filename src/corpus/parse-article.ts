import type { Article, ArticleFormat } from './types.js';
import { decodeText, looksBinary } from './decode-text.js';
import { parseArchiveTxt } from './parse-archive-txt.js';
import { parseWebKb } from './parse-web-kb.js';
import { parseMarkdown } from './parse-markdown.js';
import { ParseError } from './parse-error.js';

/** File names kbbot reads as articles; anything else in a content folder is ignored. */
export function isContentFile(name: string): boolean {
  return /\.(txt|md|markdown)$/i.test(name) && !/^(readme|license|changelog)\./i.test(name);
}

export function detectFormat(name: string, text: string): ArticleFormat | undefined {
  if (/\.(md|markdown)$/i.test(name)) return 'markdown';
  if (/^DOCUMENT:/.test(text)) return 'archive-txt';
  if (
    /^\s*\S[^\n]*\n/.test(text) &&
    (/^ID:\s*Q?\d+/im.test(text) || /^\s*[^\n]*\(\d{5,7}\)\s*$/m.test(text.slice(0, 400)))
  )
    return 'web-kb';
  return undefined;
}

/** Largest content file read (the biggest archive article is 180 KB). */
export const MAX_CONTENT_FILE_BYTES = 1_000_000;
/** Longest line of a content file (archive lines stay under 1,700 characters). */
export const MAX_CONTENT_LINE_CHARS = 10_000;

/** Bytes of one content file → Article, or a ParseError saying why not. */
export function parseArticle(bytes: Uint8Array, source: string): Article {
  if (bytes.length === 0) throw new ParseError('file is empty', 1);
  if (bytes.length > MAX_CONTENT_FILE_BYTES)
    throw new ParseError(
      `file is larger than ${MAX_CONTENT_FILE_BYTES.toLocaleString('en')} bytes: split it`,
      1,
    );
  if (looksBinary(bytes)) throw new ParseError('file is binary, not text', 1);
  const text = decodeText(bytes);
  const long = longLine(text);
  if (long)
    throw new ParseError(
      `line is longer than ${MAX_CONTENT_LINE_CHARS.toLocaleString('en')} characters: break it`,
      long,
    );
  const format = detectFormat(source, text);
  switch (format) {
    case 'archive-txt':
      return parseArchiveTxt(text, source);
    case 'web-kb':
      return parseWebKb(text, source);
    case 'markdown':
      return parseMarkdown(text, source);
    default:
      throw new ParseError(
        'unrecognised format: not archive TXT (DOCUMENT: header), web KB text (ID: line) or Markdown',
        1,
      );
  }
}

/** The 1-based number of the first line longer than MAX_CONTENT_LINE_CHARS, or 0. */
function longLine(text: string): number {
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    if (stop - start > MAX_CONTENT_LINE_CHARS) return line;
    if (end < 0) return 0;
    start = end + 1;
  }
  return 0;
}
