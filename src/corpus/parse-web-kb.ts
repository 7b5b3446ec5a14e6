import type { Article } from './types.js';
import { canonicalId, idAliases } from './article-id.js';
import { SectionCollector, sectionFor } from './sections.js';
import { extractIdentifiers } from './extract-identifiers.js';
import { ParseError } from './parse-error.js';

/**
 * The web KB text that support pages were saved as:
 *
 *   Event ID 4283, MTA May Stop Accepting Incoming Connections (811406)   ← title, id in brackets
 *   ID: Q214864                                                          ← or an ID line
 *   The information in this article applies to:
 *     • Microsoft Exchange 2000 Server
 *   SYMPTOMS / CAUSE / RESOLUTION / STATUS / MORE INFORMATION            ← headings in capitals
 *   Additional query words: ... / Keywords : ... / Last Reviewed: ...   ← footer
 */
export function parseWebKb(text: string, source: string): Article {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && !lines[i].trim()) i++;
  if (i >= lines.length) throw new ParseError('file is empty', 1);
  let title = lines[i].trim();
  let rawId: string | undefined;
  const trailing = /^(.*\S)\s*\((\d{5,7})\)\s*$/.exec(title);
  if (trailing) {
    title = trailing[1];
    rawId = trailing[2];
  }
  i++;

  const appliesTo: string[] = [];
  const keywords: string[] = [];
  const dates: Article['dates'] = {};
  const sections = new SectionCollector('summary');
  let inApplies = false;
  let inFooter = false;

  for (; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    const idLine = /^ID:\s*(Q?\d+)\s*$/i.exec(trimmed);
    if (idLine) {
      rawId ??= idLine[1];
      continue;
    }
    if (/^The information in this article applies to:/i.test(trimmed)) {
      inApplies = true;
      continue;
    }
    if (inApplies) {
      const bullet = /^[•\-*]\s*(.*\S)/.exec(trimmed);
      if (bullet) {
        appliesTo.push(bullet[1]);
        continue;
      }
      if (!trimmed) continue;
      inApplies = false;
    }
    const reviewed = /Last Reviewed:\s*(\S(?:[^\n]{0,200}?\S)??)\s*(?:Keywords:|$)/i.exec(trimmed);
    if (reviewed) dates.reviewed = reviewed[1];
    const kw =
      /^(?:Keywords\s*:|Additional query words:)\s*(.*)$/i.exec(trimmed) ?? /Keywords:(.*)$/.exec(trimmed);
    if (kw) {
      keywords.push(...kw[1].split(/\s+/).filter((w) => w && !/^KB\d+$/.test(w)));
      inFooter = true;
      continue;
    }
    if (
      /^(Modification Type|Last Reviewed|Version\s*:|Platform\s*:|Issue type\s*:|©|Idea Section)/i.test(
        trimmed,
      )
    ) {
      inFooter = true;
      continue;
    }
    if (inFooter) continue;
    if (trimmed && trimmed === trimmed.toUpperCase() && /[A-Z]/.test(trimmed) && sectionFor(trimmed)) {
      sections.heading(trimmed);
      continue;
    }
    sections.line(line);
  }
  if (!rawId)
    throw new ParseError(
      'no article id: expected an "ID: Q123456" line or "(123456)" at the end of the title',
      1,
    );

  const id = canonicalId(rawId);
  const built = sections.result();
  return {
    id,
    aliases: idAliases(id),
    title,
    appliesTo,
    products: [],
    keywords: [...new Set(keywords)],
    sections: built,
    dates,
    format: 'web-kb',
    source,
    identifiers: extractIdentifiers([title, ...Object.values(built)].join('\n')),
  };
}
