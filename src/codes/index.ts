/**
 * Windows error codes: what a pasted number or name means, in every table it belongs to.
 *
 * The table (src/codes/data/codes.json, built by scripts/generate-code-table.ts) is read on first use;
 * importing this module does no work.
 */
export type { CodeKind, CodeReading } from './types.js';
export { parseCodeLiteral, CODE_WORD_ALTERNATION } from './literal.js';
export { lookupSymbol, isCodeSymbol, symbolKinds } from './parse.js';
export { readCode, hex8, hexShort } from './read.js';
export { decodeCode, formatCodeLine, formatCodeReport, formatReadingLine, KIND_LABELS } from './format.js';
export type { DecodedCode } from './format.js';
export { isCodeTableLoaded } from './table.js';
export { codeOwner } from './owner.js';
