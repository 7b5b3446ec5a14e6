import type { Identifiers } from './types.js';
import { CODE_WORD_ALTERNATION, isCodeSymbol, lookupSymbol, parseCodeLiteral } from '../codes/index.js';

/**
 * Identifiers in free text, used on both sides (articles when indexing, pastes when matching)
 * so that one code, event or file has one key whatever its notation.
 */

/*
 * Linear time on any text: every optional part carries its own leading `\s*`, so a run of
 * whitespace is read one way only (`\s*(?:x)?\s*` would try every split of a run: cubic time
 * on "error" + 2,000 spaces), and lookaheads scan only what can decide them.
 */

/** A code word and the number after it ("error 1011", "rc = 61444", "STOP 0x7B"): `codes/literal.ts`. */
const CODE_CONTEXT = new RegExp(
  `(?<![a-z])(?:${CODE_WORD_ALTERNATION})(?:\\s+(?:code|number|status|value|no\\.?|#))?(?:\\s*(?:[:=#]|is|was|of))?` +
    `(?:\\s*\\()?\\s*(0x[0-9a-f]{1,8}|-\\d{6,10}|\\d{1,3}(?:,\\d{3}){1,3}|\\d{1,10}|[0-9a-f]{8})(?![_.]*[0-9a-z])(?!,\\d)`,
  'gi',
);

/** A hex literal anywhere counts as a code: nobody writes 0x... for a year or a port. */
const HEX_LITERAL = /(?<![\w])0x[0-9a-f]{1,8}(?![0-9a-z])/gi;

const SYMBOL_CANDIDATE = /(?<![\w])([A-Z][A-Z0-9]*_[A-Z0-9_]+|WSA[A-Z]+|E_[A-Z]+)(?![\w])/g;

const EVENT_ID = /\bevent(?:\s*id)?(?:\s*(?:[:#=]|no\.?))?\s*(\d{1,5})\b/gi;
const SOURCE_LINE = /^[^\S\r\n]*(?:event\s+)?source\s*:\s*(\S(?:.*\S)?)/gim;
/** Up to three words before "event N": "Service Control Manager event 7000". */
const WORDS_BEFORE = /((?:[A-Za-z][\w.-]*\s+){0,2}[A-Za-z][\w.-]{2,40})\s*$/;
/** Words that end a phrase before "event" and are never a source. */
const NOT_SOURCE =
  /^(the|an?|this|that|following|generates?|logs?|logged|in|and|or|of|see|with|from|for|by|as|after|before|when|on|to|is|are|was|an|any|new|same|error|warning|information|category|topology|general|none)$/i;
const SOURCE_AFTER_EVENT =
  /\bevent(?:\s*id)?(?:\s*[:#])?\s*(\d{1,5})\s+(?:from|by|source)\s+(?:source\s+)?([A-Za-z][\w.-]{1,40}(?:\s+[A-Z][\w.-]*){0,2})/gi;

/** Article numbers and KB links (also src/answer/article-refs.ts, which turns them into links). */
export const KB_REF = /(?<![\w])(?:q|kb)\s?-?(\d{5,7})(?![\w])/gi;
export const KB_URL =
  /support\.microsoft\.com\/[^\s"'<>]{0,200}?(?:kb;[a-z]{2}-[a-z]{2};|kb\/?|id=|\/)(?:q)?(\d{5,7})(?!\d)/gi;
export const KB_ARTICLE =
  /\b(?:kb\s+article|article|knowledge base article)\s+(?:number\s+)?(?:q|kb)?(\d{5,7})\b/gi;

/** A word that is a file name; words are tested one by one (a scan of the whole text per pattern is slow). */
const FILE_WORD =
  /^\(?([a-z0-9_$~-]{1,64}\.(?:exe|dll|sys|ini|inf|ocx|drv|vxd|cpl|msi|msp|com|bat|cmd|dat|hlp|chm|mdb|pst|ost|edb|stm|log|cfg|tlb|olb|nlm|386|mc|vbs|ps1|js|asp|aspx))[).,:;!?]*$/i;
const FUNCTION_WORD = /^([A-Za-z_][A-Za-z0-9_]{3,63})\(\)[).,:;]*$/;
const FUNCTION_NAMED = /\b(?:function|api|method|call(?:ing)?)\s+([A-Za-z_][A-Za-z0-9_]{3,63})\b/g;
const CAMEL_IDENT =
  /(?<![\w])((?:Hr|Get|Set|Create|Open|Close|Reg|Nt|Zw|Rtl|Wsa|WSA|Co|Cm|Ex|Mm|Io|Ke|Ps|Se|Ob|Ldap|Win|Http|Crypt)[A-Z][A-Za-z0-9]+)(?![\w])/g;

export function emptyIdentifiers(): Identifiers {
  return { events: [], codes: [], kbRefs: [], files: [], functions: [] };
}

/** Normalised key of an event source: lower case, spaces dropped ("MSExchange POP3" → "msexchangepop3"). */
export function sourceKey(source: string): string {
  return source.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Every key a code is known by: the value, and the Win32 code an HRESULT_FROM_WIN32 carries. */
export function codeKeys(value: number): number[] {
  const v = value >>> 0;
  if ((v & 0xffff0000) >>> 0 === 0x80070000) return [v, v & 0xffff];
  return [v];
}

export function extractIdentifiers(text: string): Identifiers {
  const ids = emptyIdentifiers();
  const codes = new Set<number>();
  const addCode = (v: number | undefined) => {
    if (v === undefined) return;
    for (const k of codeKeys(v)) codes.add(k);
  };
  for (const m of text.matchAll(HEX_LITERAL)) addCode(parseCodeLiteral(m[0]));
  for (const m of text.matchAll(CODE_CONTEXT)) addCode(parseCodeLiteral(m[1]));
  for (const m of text.matchAll(SYMBOL_CANDIDATE)) {
    if (isCodeSymbol(m[1])) addCode(lookupSymbol(m[1]));
  }
  ids.codes = [...codes];

  ids.events = extractEvents(text);

  const refs = new Set<string>();
  for (const re of [KB_REF, KB_URL, KB_ARTICLE])
    for (const m of text.matchAll(re)) refs.add(String(Number(m[1])));
  ids.kbRefs = [...refs];

  const files = new Set<string>();
  const calls: string[] = [];
  for (const word of text.split(/[\s"'<>,;\\/`]+/)) {
    if (word.includes('.')) {
      const f = FILE_WORD.exec(word);
      if (f) files.add(f[1].toLowerCase());
    }
    if (word.includes('()')) {
      const c = FUNCTION_WORD.exec(word);
      if (c) calls.push(c[1]);
    }
  }
  ids.files = [...files];
  ids.functions = unique(
    [...calls, ...[...text.matchAll(FUNCTION_NAMED), ...text.matchAll(CAMEL_IDENT)].map((m) => m[1])]
      .filter((w) => /[a-z]/.test(w) && /[A-Z]/.test(w.slice(1)))
      .map((w) => w.toLowerCase()),
  );
  return ids;
}

/**
 * Event ids with their sources. A source is taken from a `Source:` line in the same block
 * (Event Viewer layout), from "SOURCE event N", or from "event N from SOURCE".
 */
function extractEvents(text: string): Array<{ id: number; source?: string }> {
  const out = new Map<string, { id: number; source?: string }>();
  const add = (id: number, source?: string) => {
    const key = `${id}:${source ?? ''}`;
    if (!out.has(key)) out.set(key, source ? { id, source } : { id });
  };
  const sourceLines = [...text.matchAll(SOURCE_LINE)].map((m) => ({
    at: m.index ?? 0,
    source: sourceKey(m[1]),
  }));
  for (const m of text.matchAll(EVENT_ID)) {
    const id = Number(m[1]);
    const at = m.index ?? 0;
    // "MSExchangeMTA event 4283", "Service Control Manager event 7000": the capitalised words before name the source.
    const before = sourceBefore(text.slice(Math.max(0, at - 80), at));
    if (before) add(id, sourceKey(before));
    // Pair with the closest Source: line within a few lines either side.
    add(id, closestSource(sourceLines, at) || undefined);
  }
  for (const m of text.matchAll(SOURCE_AFTER_EVENT)) add(Number(m[1]), sourceKey(m[2]));
  // Keep the bare id too when only sourced forms were found, so "event 4283" matches either way.
  const result = [...out.values()];
  const bare = new Set(result.filter((r) => !r.source).map((r) => r.id));
  for (const e of [...result]) {
    if (e.source && !bare.has(e.id)) {
      bare.add(e.id);
      result.push({ id: e.id });
    }
  }
  return result;
}

/**
 * The source of the `Source:` line nearest to `at` (less than 200 characters away; the earlier
 * one on a tie). `lines` are in text order: a binary search keeps many events × many lines linear.
 */
function closestSource(lines: Array<{ at: number; source: string }>, at: number): string | undefined {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].at < at) lo = mid + 1;
    else hi = mid;
  }
  const before = lines[lo - 1];
  const after = lines[lo];
  const dBefore = before ? at - before.at : Infinity;
  const dAfter = after ? after.at - at : Infinity;
  const d = Math.min(dBefore, dAfter);
  if (d >= 200) return undefined;
  return dBefore <= dAfter ? before.source : after.source;
}

function sourceBefore(preceding: string): string | undefined {
  const m = WORDS_BEFORE.exec(preceding);
  if (!m || /[\n:]\s*$/.test(preceding)) return undefined;
  const words = m[1].split(/\s+/);
  if (NOT_SOURCE.test(words[words.length - 1])) return undefined;
  // Keep the run of capitalised words that ends at "event"; a lower-case word breaks it.
  let start = words.length;
  while (start > 0 && /[A-Z]/.test(words[start - 1]) && !NOT_SOURCE.test(words[start - 1])) start--;
  const source = words.slice(start);
  return source.length ? source.join(' ') : undefined;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
