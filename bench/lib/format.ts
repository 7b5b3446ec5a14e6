import type { Score } from './types.js';

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const f3 = (x: number | undefined): string =>
  x === undefined || Number.isNaN(x) ? '-' : x.toFixed(3);
export const secs = (ms: number | undefined): string =>
  ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`;
export const mb = (kb: number | undefined): string => (kb === undefined ? '-' : `${int(kb / 1024)} MB`);

/** A latency: 0.8 ms, 33 ms, 3.4 s. */
export function ms(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '-';
  if (x < 10) return `${x.toFixed(1)} ms`;
  if (x < 1000) return `${Math.round(x)} ms`;
  return `${(x / 1000).toFixed(1)} s`;
}

/** "message 200, event 137, ..." for the queries a score covers. */
export function kindCounts(s: Score, order: readonly string[]): string {
  const names = [
    ...order.filter((k) => s.kinds[k]),
    ...Object.keys(s.kinds).filter((k) => !order.includes(k)),
  ];
  return names.map((k) => `${k} ${s.kinds[k].n}`).join(', ');
}

/** A plain-text table: first column left-aligned, the others too, padded to the widest cell. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map((r) => (r.length === 0 ? rule : line(r)))].join('\n');
}
