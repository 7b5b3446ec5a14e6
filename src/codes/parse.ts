import type { CodeKind } from './types.js';
import { CODE_KINDS, codeTable } from './table.js';
import { CODE_WORD_ALTERNATION, parseCodeLiteral } from './literal.js';

/** Case-insensitive symbolic name to value: `WSAEADDRNOTAVAIL` -> 10049, `e_accessdenied` -> 0x80070005. */
export function lookupSymbol(name: string): number | undefined {
  return codeTable().symbols.get(name.trim().toUpperCase());
}

/** Whether a word is a symbolic name the table knows (one hash look-up once the table is loaded). */
export function isCodeSymbol(token: string): boolean {
  // Every name in the table is at least 4 characters long and has no spaces: skip the obvious misses.
  if (token.length < 4 || token.length > 80) return false;
  return codeTable().symbols.has(token.toUpperCase());
}

/** The tables a symbolic name belongs to (`INACCESSIBLE_BOOT_DEVICE` -> ['bugcheck']), or []. */
export function symbolKinds(name: string): CodeKind[] {
  const key = name.trim().toUpperCase();
  const { symbols, byKind } = codeTable();
  const value = symbols.get(key);
  if (value === undefined) return [];
  return CODE_KINDS.filter((k) => byKind[k].get(value)?.names.some((n) => n.toUpperCase() === key));
}

/** What a word before a number says the number is ("STOP 0x7B", "HRESULT 0x80004005", "error 5"). */
const CONTEXT_WORDS: [RegExp, CodeKind][] = [
  [/\b(?:stop|bug\s*check|bugcheck|bsod|blue\s*screen|stop\s*code)\b/i, 'bugcheck'],
  [/\b(?:hresult|hr|scode|com\s+error)\b/i, 'hresult'],
  [/\b(?:ntstatus|nt\s*status|status|exception(?:\s+code)?)\b/i, 'ntstatus'],
  [
    /\b(?:win32|getlasterror|last\s*error|system\s+error|winsock|wsagetlasterror|error|err|errno|rc)\b/i,
    'win32',
  ],
];

/**
 * The table a whole paste names, for a number found anywhere in it ("STOP 0x7B" is a bug check).
 * Narrower than CONTEXT_WORDS, which read only the words just before a number: across a whole
 * paste "status" or "error" says nothing about the table.
 */
const PASTE_KIND_WORDS: [RegExp, CodeKind][] = [
  [/\b(?:stop|bug ?check|blue ?screen|bsod)\b/i, 'bugcheck'],
  [/\b(?:ntstatus|status_)/i, 'ntstatus'],
  [/\b(?:hresult|hr)\b/i, 'hresult'],
];

/** The code table a paste's words name, if any (`STOP …` → bugcheck). */
export function kindNamedIn(paste: string): CodeKind | undefined {
  return PASTE_KIND_WORDS.find(([re]) => re.test(paste))?.[1];
}

export interface ParsedCodeInput {
  value?: number;
  /** Kinds the input names (context word or the symbol's own table), most specific first. */
  kinds: CodeKind[];
  /** Set when the input was a symbolic name: only readings of that name's tables apply. */
  symbol?: string;
}

/** Words, negative numbers and decimals with grouped thousands (1,798,144), as `parseCodeLiteral` reads them. */
const TOKEN = /(?<![\w,])\d{1,3}(?:,\d{3})+(?![\w,])|[A-Za-z0-9_]+|-\d+/g;
const AFTER_CODE_WORD = new RegExp(
  `\\b(?:${CODE_WORD_ALTERNATION})\\s*(?:code|number|no\\.?|#)?\\s*[:=#(]?\\s*$`,
  'i',
);

/** Finds the code in `STOP 0x0000007B`, `error 5`, `HRESULT: 0x80004005`, `WSAEADDRNOTAVAIL (10049)`. */
export function parseCodeInput(input: string): ParsedCodeInput {
  const text = input.trim();
  const whole = parseCodeLiteral(text);
  if (whole !== undefined) return { value: whole, kinds: [] };
  const wholeSymbol = lookupSymbol(text);
  if (wholeSymbol !== undefined)
    return { value: wholeSymbol, kinds: symbolKinds(text), symbol: text.toUpperCase() };

  const tokens = [...text.matchAll(TOKEN)];
  // A symbolic name anywhere wins: it says both the number and the table.
  for (const [t] of tokens) {
    if (/_|^WSA/i.test(t) && isCodeSymbol(t))
      return { value: lookupSymbol(t), kinds: symbolKinds(t), symbol: t.toUpperCase() };
  }
  // A number: prefer one written as a code (hex, negative) or right after a code word, over any digits.
  let weak: ParsedCodeInput | undefined;
  for (const token of tokens) {
    const value = parseCodeLiteral(token[0]);
    if (value === undefined) continue;
    const before = text.slice(Math.max(0, token.index - 40), token.index);
    const kinds: CodeKind[] = [];
    for (const [re, kind] of CONTEXT_WORDS) if (re.test(before) && !kinds.includes(kind)) kinds.push(kind);
    const strong = !/^\d+$/.test(token[0]) || AFTER_CODE_WORD.test(before);
    if (strong) return { value, kinds };
    weak ??= { value, kinds };
  }
  if (weak) return weak;
  return { kinds: [] };
}
