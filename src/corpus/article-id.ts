/**
 * Article ids. KB articles are known by their number in many spellings
 * (Q214864, KB214864, kb 214864, 214864); all compare by their digits.
 */

/** Canonical id of a KB number: `Q` + digits without leading zeros. */
export function kbId(digits: string | number): string {
  return `Q${String(Number(digits))}`;
}

/** The canonical id for whatever the source wrote; runbook ids that are not KB numbers are kept as written. */
export function canonicalId(raw: string): string {
  const m = /^\s*(?:(?:q|kb)\s*)?(?:-\s*)?(\d{1,8})\s*$/i.exec(raw);
  return m ? kbId(m[1]) : raw.trim();
}

/** Other spellings that open the same article. */
export function idAliases(id: string): string[] {
  const m = /^Q(\d+)$/.exec(id);
  return m ? [`KB${m[1]}`, m[1]] : [];
}

/** The key used to look an id up: digits for KB numbers, lower case otherwise. */
export function idKey(raw: string): string {
  const m = /^\s*(?:(?:q|kb)\s*)?(?:-\s*)?(\d{1,8})\s*$/i.exec(raw);
  return m ? String(Number(m[1])) : raw.trim().toLowerCase();
}
