import { parseDocument } from 'yaml';
import type { Article } from './types.js';
import { canonicalId, idAliases } from './article-id.js';
import { SectionCollector } from './sections.js';
import { extractIdentifiers } from './extract-identifiers.js';
import { ParseError } from './parse-error.js';

/**
 * A team's own runbook:
 *
 *   ---
 *   id: RB-0001            (or a KB number: Q214864)
 *   title: LDAP SSL fails to register
 *   applies_to: [Exchange Server 5.5]
 *   keywords: [ldap, ssl]
 *   url: https://wiki.example/ldap-ssl
 *   ---
 *   ## Symptoms / ## Cause / ## Resolution / ## Workaround / ## Status / ## More information
 */
export function parseMarkdown(text: string, source: string): Article {
  const fm = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!fm) throw new ParseError('no YAML front matter: the file must start with a "---" line', 1);
  const doc = parseDocument(fm[1], { prettyErrors: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    // linePos is 1-based within the front matter, which starts on the file's second line.
    const line = (e.linePos?.[0]?.line ?? 0) + 1;
    throw new ParseError(`front matter is not valid YAML: ${e.message.split('\n')[0]}`, line);
  }
  const meta: unknown = doc.toJS();
  if (!meta || typeof meta !== 'object' || Array.isArray(meta))
    throw new ParseError('front matter must be a mapping of fields', 2);
  const m = meta as Record<string, unknown>;
  const rawId = m.id === undefined ? undefined : String(m.id);
  if (!rawId?.trim()) throw new ParseError('front matter has no "id"', 2);
  // A link from content reaches buttons and the playground's window.open: only http(s).
  if (m.url !== undefined && (typeof m.url !== 'string' || !/^https?:\/\/[^\s]+$/i.test(m.url.trim()))) {
    throw new ParseError('front matter "url" must be an http:// or https:// address', 2);
  }
  const title = typeof m.title === 'string' ? m.title.trim() : '';
  if (!title) throw new ParseError('front matter has no "title"', 2);

  const sections = new SectionCollector('summary');
  let inFence = false;
  for (const line of text.slice(fm[0].length).split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const h = !inFence && /^#{1,3}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      if (/^#\s/.test(line)) continue; // a top-level title repeats the front matter
      sections.heading(h[1]);
      continue;
    }
    sections.line(line);
  }

  const id = canonicalId(rawId);
  const built = sections.result();
  const list = (v: unknown): string[] =>
    Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/\s*,\s*/).filter(Boolean) : [];
  return {
    id,
    aliases: [...idAliases(id), ...list(m.aliases)],
    title,
    appliesTo: list(m.applies_to ?? m.appliesTo),
    products: list(m.products),
    keywords: list(m.keywords),
    sections: built,
    dates: {
      published: m.date ? String(m.date) : undefined,
      reviewed: m.reviewed ? String(m.reviewed) : undefined,
    },
    url: typeof m.url === 'string' ? m.url : undefined,
    format: 'markdown',
    source,
    identifiers: extractIdentifiers([title, ...Object.values(built)].join('\n')),
  };
}
