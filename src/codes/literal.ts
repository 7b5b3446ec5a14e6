/**
 * How a code is written: the one reader of a pasted number and the one list of words that make
 * the number after them a code. The corpus (articles and pastes), the codes table (`decode`) and
 * Slack's passive detector all read codes through this file, so one text gives one value.
 */

/**
 * Words that make the number after them an error code ("error 1011", "rc = 61444", "STOP 0x7B",
 * "HRESULT 0x80004005"), as regular-expression alternatives. A decimal is a code only after one
 * of these: ports, years and sizes stay numbers.
 */
export const CODE_WORDS: readonly string[] = [
  'error',
  'err',
  'errno',
  'code',
  'status',
  'rc',
  'hresult',
  'hr',
  'stop',
  'bug ?check',
  'returned',
  'result',
  'exception',
  'ntstatus',
  'win32',
];

/** `CODE_WORDS` as one alternation, to put inside `(?:…)` with whatever framing a caller needs. */
export const CODE_WORD_ALTERNATION = CODE_WORDS.join('|');

/**
 * A number as people paste it, to its unsigned 32-bit value:
 * `0x2741`, `0X2741`, `0x0000007B`, `0x80004005L`; `10049`, `1,798,144`; `-2147467259` (32-bit
 * two's complement); `80004005`, `C0000022`, `0000007B`, `00000050` (eight digits without 0x that
 * start with 8, C or 0, or hold a letter, are hex: a blue screen prints "STOP 00000050", a dump
 * "Status=00008000"; nobody pads a decimal to eight digits).
 * Anything else, or a value that does not fit in 32 bits, gives undefined.
 */
export function parseCodeLiteral(text: string): number | undefined {
  const t = text.trim();
  const s = /^\d{1,3}(?:,\d{3})+$/.test(t) ? t.replace(/,/g, '') : t;
  let m: RegExpExecArray | null;
  if ((m = /^0x0*([0-9a-f]{1,8})(?:u?l{0,2})$/i.exec(s)) || /^0x0+$/i.test(s)) {
    return m ? parseInt(m[1], 16) >>> 0 : 0;
  }
  if (/^-\d{1,10}$/.test(s)) {
    const n = Number(s);
    return n >= -0x80000000 ? n >>> 0 : undefined;
  }
  if (/^[0-9a-f]{8}$/i.test(s) && (/[a-f]/i.test(s) || /^[08c]/i.test(s))) return parseInt(s, 16) >>> 0;
  if (/^\d{1,10}$/.test(s)) {
    const n = Number(s);
    return n <= 0xffffffff ? n : undefined;
  }
  return undefined;
}
