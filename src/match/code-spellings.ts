/**
 * The ways an article may write a code the paste wrote one way: 0x55, 85, 0x00000055, 00000055.
 * Only for words that are codes (a hex literal, or a number the paste calls a code).
 */
export function codeSpellings(token: string, codes: Set<number>): string[] {
  let value: number | undefined;
  if (/^0x[0-9a-f]{1,8}$/.test(token)) value = parseInt(token.slice(2), 16);
  else if (/^\d{1,10}$/.test(token) && codes.has(Number(token))) value = Number(token);
  else if (/^[0-9a-f]{8}$/.test(token) && codes.has(parseInt(token, 16))) value = parseInt(token, 16);
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
