/**
 * A Reply as plain text (the CLI, logs, a platform's notification text). Pure. An answer is
 * drawn as the terminal shows it (`renderAnswerText`, also `kbbot ask`); every other reply
 * from the same view the cards use.
 */
import { scopeNote } from '../answer/build-answer.js';
import type { Answer } from '../answer/types.js';
import type { Reply } from '../conversation/types.js';
import { buildView } from './view.js';

export function renderReplyText(reply: Reply): string {
  if (reply.kind === 'answer') return renderAnswerText(reply.answer);
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

/** The answer as Markdown-ish plain text for the terminal (kbbot ask). */
export function renderAnswerText(a: Answer): string {
  const out: string[] = [];
  if (a.notice) out.push(`Note: ${a.notice}`, '');
  if (a.codeOwner)
    out.push(`This looks like ${a.codeOwner}'s own code; the article says what it means there.`);
  for (const c of a.codes)
    out.push(
      a.codeOwner && c.kind === 'win32'
        ? `As a Windows error, ${c.value} would be: ${codeLine(c)}`
        : `What this code means: ${codeLine(c)}`,
    );
  if (a.codes.length) out.push('');
  if (!a.article) {
    out.push(
      a.codes.length
        ? 'No article matched this paste; the code above is what is known.'
        : 'No confident match. Try the exact error text, an event id with its source, or an error code.',
    );
    return out.join('\n');
  }
  const art = a.article;
  const pct = `${Math.round(a.confidence * 100)}%`;
  if (!a.answered) {
    out.push(
      a.codes.length
        ? 'No article matched this paste with confidence; the code above is what is known.'
        : `No confident match (best ${pct}).`,
    );
    const scope = scopeNote(a);
    if (scope) out.push(scope);
    out.push('', 'Closest articles, in case one fits:');
    for (const s of [{ id: art.id, title: art.title }, ...a.alternatives.slice(0, 4)])
      out.push(`- ${s.id} ${s.title}`);
    out.push('', 'Try the exact error text, an event id with its source, or an error code.');
    return out.join('\n');
  }
  out.push(`# ${art.title}`);
  out.push(`${art.id}${art.url ? ` · ${art.url}` : ''} · confidence ${pct}`);
  if (art.appliesTo.length) out.push(`Applies to: ${art.appliesTo.join('; ')}`);
  if (a.why.length) out.push(`Why: ${a.why.map((w) => w.detail).join('; ')}`);
  out.push('', '## Symptoms', art.symptomExcerpt || '(no symptoms section)');
  if (art.cause) out.push('', '## Cause', art.cause);
  const r = art.resolution;
  if (r.intro || r.steps.length || r.text) {
    out.push('', '## Resolution');
    if (r.steps.length) {
      if (r.intro) out.push(r.intro);
      for (const [i, s] of r.steps.entries()) out.push(`${i + 1}. ${s.text}`);
    } else out.push(r.text);
  }
  if (art.status) out.push('', '## Status', art.status);
  if (a.alternatives.length) {
    out.push('', '## Other close matches');
    for (const alt of a.alternatives.slice(0, 5)) out.push(`- ${alt.id} ${alt.title}`);
  }
  return out.join('\n');
}

function codeLine(c: Answer['codes'][number]): string {
  const parts = [c.hex, String(c.value)];
  if (c.name) parts.push(c.name);
  return parts.join(' = ') + (c.message ? `: ${c.message}` : '');
}
