/** Small pure wordings shared by the conversation and the renderers. */
import type { ArticleFormat } from '../corpus/types.js';
import type { LoadProgress } from './types.js';

const FORMAT_NAMES: Record<ArticleFormat, string> = {
  'web-kb': 'web KB text',
  'archive-txt': 'archive TXT',
  markdown: 'Markdown',
};

/** How many articles of each format the corpus holds: "12 Markdown, 56,977 archive TXT". */
export function articleFormatsText(byFormat: Partial<Record<ArticleFormat, number>>): string {
  const parts = Object.entries(byFormat)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([f, n]) => `${(n ?? 0).toLocaleString('en')} ${FORMAT_NAMES[f as ArticleFormat] ?? f}`);
  return parts.join(', ') || 'none';
}

export function progressText(p: LoadProgress): string {
  if (p.total > 0 && p.done < p.total)
    return `${p.phase}: ${Math.floor((p.done / p.total) * 100)}% of ${p.total.toLocaleString('en')} files`;
  return p.phase;
}

export function agoText(then: Date, at: Date): string {
  const s = Math.max(0, Math.round((at.getTime() - then.getTime()) / 1000));
  if (s < 60) return s <= 1 ? 'just now' : `${s} seconds ago`;
  const m = Math.round(s / 60);
  if (m < 60) return m === 1 ? '1 minute ago' : `${m} minutes ago`;
  const h = Math.round(m / 60);
  if (h < 48) return h === 1 ? '1 hour ago' : `${h} hours ago`;
  return `${Math.round(h / 24)} days ago`;
}
