/** Text for `kbbot report` (content gaps). */
import type { GapReport } from './types.js';

const EXAMPLE_WIDTH = 100;

function oneLine(text: string, width = EXAMPLE_WIDTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return '(empty paste)';
  return flat.length > width ? flat.slice(0, width - 1) + '…' : flat;
}

function day(d: Date): string {
  return Number.isNaN(d.getTime()) ? '?' : d.toISOString().slice(0, 10);
}

/**
 * The content-gap report as plain text: the most frequent unanswered pastes (alike pastes
 * grouped; the latest one shown), then the articles most often marked not helpful.
 */
export function formatGapReport(r: GapReport): string {
  const lines: string[] = [];
  lines.push('Unanswered pastes (alike pastes grouped, most frequent first):');
  if (r.unanswered.length === 0) lines.push('  none');
  else {
    const w = Math.max(...r.unanswered.map((u) => String(u.count).length));
    for (const u of r.unanswered) {
      lines.push(`  ${String(u.count).padStart(w)}×  last ${day(u.lastAt)}  ${oneLine(u.example)}`);
    }
  }
  lines.push('');
  lines.push('Articles most often marked not helpful:');
  if (r.notHelpful.length === 0) lines.push('  none');
  else {
    const w = Math.max(...r.notHelpful.map((n) => String(n.count).length));
    for (const n of r.notHelpful) lines.push(`  ${String(n.count).padStart(w)}×  ${n.articleId}`);
  }
  return lines.join('\n') + '\n';
}
