import type { Article } from './types.js';
import { canonicalId, idAliases } from './article-id.js';
import { SectionCollector } from './sections.js';
import { extractIdentifiers } from './extract-identifiers.js';
import { ParseError } from './parse-error.js';

/**
 * The KB archive's TXT format:
 *
 *   DOCUMENT:Q219377  16-MAY-2002  [winnt]
 *   TITLE   :Problems Importing Security Certificates in E-Mail Program
 *   PRODUCT :Microsoft Windows NT
 *   PROD/VER:WINDOWS:4.0,5,98; winnt:4.0
 *   KEYWORDS:kbWinNT400sp5fix
 *   ====...
 *   The information in this article applies to:
 *    - Microsoft Windows NT Workstation version 4.0
 *   SYMPTOMS
 *   ========
 *   ...
 *   Additional query words: ...
 *   ====...
 *   Keywords : ...            ← metadata block
 *   ====...
 *   THE INFORMATION PROVIDED ... ← legal footer, dropped
 */
export function parseArchiveTxt(text: string, source: string): Article {
  const lines = text.split('\n');
  const header = new Map<string, string>();
  let i = 0;
  for (; i < lines.length && i < 12; i++) {
    const m = /^([A-Z/ ]{4,9}?)\s*:(.*)$/.exec(lines[i]);
    if (!m) break;
    header.set(m[1].trim(), m[2].trim());
  }
  const doc = header.get('DOCUMENT');
  if (!doc) throw new ParseError('missing DOCUMENT: header line', 1);
  const docMatch = /^(Q?\d+)\s*(\d{1,2}-[A-Z]{3}-\d{4})?/i.exec(doc);
  if (!docMatch) throw new ParseError(`DOCUMENT: header has no article number: "${doc.slice(0, 40)}"`, 1);
  const title = header.get('TITLE');
  if (!title) throw new ParseError('missing TITLE: header line', 2);

  const id = canonicalId(docMatch[1]);
  const appliesTo: string[] = [];
  const extraKeywords: string[] = [];
  const sections = new SectionCollector('summary');
  let inApplies = false;
  let reviewed: string | undefined;

  for (; i < lines.length; i++) {
    const line = lines[i];
    if (/^THE INFORMATION PROVIDED IN THE MICROSOFT KNOWLEDGE BASE/.test(line)) break;
    const next = lines[i + 1];
    if (/^={10,}(?!=)\s*$/.test(line) || /^-{20,}(?!-)\s*$/.test(line)) {
      inApplies = false;
      continue;
    }
    if (/^The information in this article applies to:/i.test(line)) {
      inApplies = true;
      continue;
    }
    if (inApplies) {
      const bullet = /^\s*[-•*]\s+(.*\S)\s*$/.exec(line);
      if (bullet) appliesTo.push(bullet[1]);
      else if (line.trim() && appliesTo.length) appliesTo[appliesTo.length - 1] += ` ${line.trim()}`;
      continue;
    }
    // A heading is a line underlined by '=' of the same length.
    if (
      next !== undefined &&
      line.trim() &&
      /^=+(?!=)\s*$/.test(next) &&
      Math.abs(next.trim().length - line.trim().length) <= 1
    ) {
      sections.heading(line.trim());
      i++;
      continue;
    }
    const aqw = /^Additional query words:\s*(.*)$/i.exec(line);
    if (aqw) {
      extraKeywords.push(...aqw[1].split(/\s+/).filter(Boolean));
      continue;
    }
    const meta = /^(Keywords|Technology|Version|Hardware|Issue type|Solution Type)\s*:\s*(.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'Keywords') extraKeywords.push(...meta[2].split(/\s+/).filter(Boolean));
      continue;
    }
    sections.line(line);
  }

  const keywords = unique([...(header.get('KEYWORDS') ?? '').split(/\s+/).filter(Boolean), ...extraKeywords]);
  const built = sections.result();
  const product = header.get('PRODUCT');
  const body = [title, ...Object.values(built)].join('\n');
  return {
    id,
    aliases: idAliases(id),
    title,
    appliesTo,
    products: product ? [product] : [],
    keywords,
    sections: built,
    dates: { published: docMatch[2] ? isoDate(docMatch[2]) : undefined, reviewed },
    format: 'archive-txt',
    source,
    identifiers: extractIdentifiers(body),
  };
}

const MONTHS: Record<string, string> = {
  JAN: '01',
  FEB: '02',
  MAR: '03',
  APR: '04',
  MAY: '05',
  JUN: '06',
  JUL: '07',
  AUG: '08',
  SEP: '09',
  OCT: '10',
  NOV: '11',
  DEC: '12',
};

function isoDate(d: string): string {
  const m = /^(\d{1,2})-([A-Z]{3})-(\d{4})$/i.exec(d);
  if (!m) return d;
  return `${m[3]}-${MONTHS[m[2].toUpperCase()] ?? '01'}-${m[1].padStart(2, '0')}`;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
