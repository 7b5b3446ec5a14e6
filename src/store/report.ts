/** Text for `kbbot report` (content gaps). */
import type { EscalationSummary, GapReport } from './types.js';

const EXAMPLE_WIDTH = 100;

function oneLine(text: string, width = EXAMPLE_WIDTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return '(empty paste)';
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
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
  if (r.escalations) lines.push('', ...escalationLines(r.escalations));
  return `${lines.join('\n')}\n`;
}

/** "45 s", "12 min", "3 h 5 min", "2 days". */
export function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.round(h / 24)} days`;
}

function escalationLines(e: EscalationSummary): string[] {
  const median =
    e.medianAnswerMs === undefined ? '' : `; median time to answer ${durationText(e.medianAnswerMs)}`;
  const lines = [`Handed over to the help desk: ${e.open} open, ${e.answered} answered${median}`];
  for (const x of e.recent) {
    const state = x.answer
      ? `answered by ${x.answer.by} in ${durationText(x.answer.at.getTime() - x.at.getTime())}` +
        (x.answer.kind === 'article' ? ` with ${x.answer.articleId}` : '')
      : 'open';
    lines.push(`  ${day(x.at)}  ${x.id.slice(0, 8)}  ${state}  ${oneLine(x.queryText, 70)}`);
  }
  return lines;
}
