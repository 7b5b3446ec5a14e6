/**
 * A section's text as blocks a card can draw: prose paragraphs (hard-wrapped lines joined),
 * steps (numbered or bulleted lines), and preformatted text (file tables, registry paths,
 * commands, console output) whose lines and columns must stay as they are. Pure.
 *
 *   "To fix it:\n 1. Start Regedt32.exe\n 2. Locate this key:\n\n   HKEY_LOCAL_MACHINE\\…\n\n 3. Quit"
 *   → text "To fix it:" · steps [Start…, Locate this key: (pre HKEY_…), Quit]
 */
import type { ArticleBlock, ResolutionStep } from './types.js';

const STEP = /^\s*(?:\d{1,2}[.)]|[-•*])\s+(.*)$/;
/** Columns: two runs of 2+ spaces between words ("02-Jan-2003  19:28  6.0.6394.0"). */
const COLUMNS = /\S {2,}\S.*\S {2,}\S/;
const RULE = /^\s*[-=_]{5,}\s*$/;
const REGISTRY = /^\s*(?:HKEY_[A-Z_]+|HKLM|HKCU|HKCR|HKU)\b/;
const PROMPT = /^\s*(?:[A-Za-z]:\\[^>\s]*>|C:\\>|\$ |# |> )/;
/** A line of code: a comment, a bracket or brace, a statement's end. */
const CODE = /^\s*(?:\/\/|#|;|rem\s|@|\[|\{|\})|[{};=]\s*$/i;
const URL_LINE = /^\s*(?:https?|ftp):\/\/\S+\s*$/;
/** A line naming another article, "813840 XGEN: March 2003 …" or "Q256986 Description of …". */
export const REF_LINE = /^\s*(?:Q|KB)?(\d{5,7})\s+[A-Z(][^\n]{3,}$/;

/** A line that belongs to preformatted text even where it is not indented. */
function preLine(line: string): boolean {
  return COLUMNS.test(line) || RULE.test(line) || REGISTRY.test(line) || PROMPT.test(line);
}

function indented(line: string): boolean {
  return /^(?: {2,}|\t)\S/.test(line);
}

/** Join hard-wrapped lines into one paragraph. */
export function unwrapLines(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Lines of preformatted text, common indentation and trailing spaces removed. */
function preText(lines: string[]): string {
  const kept = lines.map((l) => l.replace(/\s+$/, '').replace(/\t/g, '    '));
  const indent = Math.min(...kept.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return kept
    .map((l) => l.slice(indent))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/**
 * Indented lines that read as prose: hard-wrapped (every line but the last long), or one
 * sentence. Indented code, commands and output are neither.
 */
function proseLike(lines: string[]): boolean {
  if (lines.some((l) => CODE.test(l))) return false;
  if (lines.length > 1)
    return lines.slice(0, -1).every((l) => l.trim().length >= 50) && /[.!?:,;)]$/.test(lines.at(-1)!.trim());
  const line = lines[0].trim();
  return /[.!?:]$/.test(line) && line.split(/\s+/).length >= 4;
}

/** One blank-line-separated chunk → blocks (a chunk may be prose followed by a table). */
function chunkBlocks(all: string[]): ArticleBlock[] {
  // A heading's underline ("Windows NT 3.51" / "------") is not a table rule.
  const lines = all.filter(
    (l, i) => !(i > 0 && RULE.test(l) && !preLine(all[i - 1]) && !indented(all[i - 1])),
  );
  if (!lines.length) return [];
  if (lines.every((l) => URL_LINE.test(l)))
    return [{ kind: 'text', text: lines.map((l) => l.trim()).join('\n') }];
  if (STEP.test(lines[0])) return [{ kind: 'steps', items: stepItems(lines) }];
  const isPre = (l: string) => preLine(l) || (indented(l) && !STEP.test(l));
  const allPre = lines.every((l) => isPre(l));
  const refsOnly = lines.every((l) => REF_LINE.test(l));
  if (refsOnly) return [{ kind: 'text', text: lines.map((l) => l.trim()).join('\n') }];
  // Indented lines are preformatted when a table, key or command marks them, or they do not read as prose.
  if (allPre && (lines.some(preLine) || !proseLike(lines))) return [{ kind: 'pre', text: preText(lines) }];
  // Prose, then a table or key under it.
  const first = lines.findIndex((l, i) => preLine(l) && lines.slice(i).every(isPre));
  if (first > 0)
    return [
      { kind: 'text', text: unwrapLines(lines.slice(0, first).join('\n')) },
      { kind: 'pre', text: preText(lines.slice(first)) },
    ];
  return [{ kind: 'text', text: unwrapLines(lines.join('\n')) }];
}

function stepItems(lines: string[]): ResolutionStep[] {
  const items: ResolutionStep[] = [];
  let current: string[] = [];
  for (const line of lines) {
    const m = STEP.exec(line);
    if (m) {
      if (current.length) items.push({ text: unwrapLines(current.join(' ')) });
      current = [m[1]];
    } else current.push(line.trim());
  }
  if (current.length) items.push({ text: unwrapLines(current.join(' ')) });
  return items;
}

/**
 * Raw section text → blocks. A preformatted block right after a step belongs to that step
 * ("Locate this key: HKEY_…"), and steps split by it continue the same list.
 */
export function splitBlocks(raw: string): ArticleBlock[] {
  const out: ArticleBlock[] = [];
  const chunks = raw
    .replace(/\r/g, '')
    .split(/\n[ \t]*\n/)
    .map((c) => c.split('\n').filter((l) => l.trim()))
    .filter((c) => c.length);
  for (const chunk of chunks) {
    for (const b of chunkBlocks(chunk)) {
      const last = out[out.length - 1];
      if (b.kind === 'text' && last?.kind === 'steps' && indented(chunk[0])) {
        // An indented paragraph under a step continues it (the list goes on after it).
        const step = last.items[last.items.length - 1];
        step.text = `${step.text} ${b.text}`;
      } else if (b.kind === 'pre' && last?.kind === 'steps') {
        const step = last.items[last.items.length - 1];
        step.pre = step.pre ? `${step.pre}\n\n${b.text}` : b.text;
      } else if (b.kind === 'steps' && last?.kind === 'steps') {
        last.items.push(...b.items);
      } else out.push(b);
    }
  }
  return out;
}
