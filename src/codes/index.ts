/**
 * Windows error codes: what a pasted number or name means, in every table it belongs to.
 *
 * The table (src/codes/data/codes.json, built by scripts/generate-code-table.ts) is read on first use;
 * importing this module does no work.
 */
export { parseCodeLiteral, CODE_WORD_ALTERNATION } from './literal.js';
export { lookupSymbol, isCodeSymbol, kindNamedIn, symbolKinds } from './parse.js';
export { readCode } from './read.js';
export { decodeCode, formatCodeLine, formatCodeReport, formatReadingLine } from './format.js';
export { isCodeTableLoaded } from './table.js';
export { codeOwner } from './owner.js';
