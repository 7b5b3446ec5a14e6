import { parseCodeLiteral } from '../codes/literal.js';

/**
 * The ways an article may write a code the paste wrote one way: 0x55, 85, 0x00000055, 00000055.
 * Only for words that are the paste's codes (read by the one code reader, as the paste's
 * identifiers were).
 */
export function codeSpellings(token: string, codes: Set<number>): string[] {
  const value = parseCodeLiteral(token);
  if (value === undefined || !codes.has(value)) return [];
  const hex = value.toString(16);
  const forms = [
    String(value),
    `0x${hex}`,
    `0x${hex.padStart(8, '0')}`,
    hex.padStart(8, '0'),
    `0x${hex.padStart(4, '0')}`,
  ];
  return [...new Set(forms)].filter((f) => f !== token);
}
