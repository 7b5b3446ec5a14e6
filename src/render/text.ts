/**
 * A Reply as plain text (the CLI, logs, a platform's notification text). Pure. An answer is
 * drawn by the terminal renderer of src/answer; every other reply from the same view the
 * cards use.
 */
import { renderText } from '../answer/render-text.js';
import type { Reply } from '../conversation/types.js';
import { buildView } from './view.js';

export function renderReplyText(reply: Reply): string {
  if (reply.kind === 'answer') return renderText(reply.answer);
  const v = buildView(reply);
  const out: string[] = [];
  if (v.title) out.push(`# ${v.title}`);
  if (v.subtitle) out.push(v.subtitle);
  if (v.status) out.push(v.status.text);
  for (const f of v.facts) out.push(`${f.label}: ${f.value}`);
  for (const s of v.sections) {
    if (out.length) out.push('');
    if (s.heading) out.push(`## ${s.heading}`);
    if (s.text) out.push(s.text);
    for (const [i, t] of (s.steps ?? []).entries()) out.push(`${i + 1}. ${t}`);
    for (const l of s.lines ?? []) out.push(l);
  }
  if (v.choices?.items.length) {
    out.push('', `${v.choices.heading}:`);
    for (const c of v.choices.items) out.push(`- ${c.title}${c.detail ? ` (${c.detail})` : ''}`);
  }
  return out.join('\n');
}
