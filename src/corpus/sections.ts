import type { SectionName } from './types.js';

/** Heading text (any case, any format) → canonical section; unknown headings fold into the section before them. */
const HEADINGS: Record<string, SectionName> = {
  summary: 'summary',
  introduction: 'summary',
  overview: 'summary',
  symptoms: 'symptoms',
  symptom: 'symptoms',
  problem: 'symptoms',
  cause: 'cause',
  causes: 'cause',
  resolution: 'resolution',
  fix: 'resolution',
  solution: 'resolution',
  workaround: 'workaround',
  workarounds: 'workaround',
  status: 'status',
  'more information': 'moreInformation',
  'more info': 'moreInformation',
  references: 'moreInformation',
  'steps to reproduce': 'moreInformation',
  'steps to reproduce behavior': 'moreInformation',
  'steps to reproduce problem': 'moreInformation',
};

export function sectionFor(heading: string): SectionName | undefined {
  return HEADINGS[heading.trim().toLowerCase().replace(/\s+/g, ' ').replace(/:$/, '')];
}

/** Collects section text in order; text under an unknown heading goes to the current section. */
export class SectionCollector {
  private readonly parts = new Map<SectionName, string[]>();
  private current: SectionName;

  constructor(first: SectionName = 'summary') {
    this.current = first;
  }

  /** Start a section; returns false when the heading is not a known one (its line is kept as text). */
  heading(text: string): boolean {
    const name = sectionFor(text);
    if (!name) {
      if (this.current === 'summary' && this.has('summary') === false) this.current = 'moreInformation';
      this.line(text);
      return false;
    }
    this.current = name;
    return true;
  }

  line(text: string): void {
    let list = this.parts.get(this.current);
    if (!list) this.parts.set(this.current, (list = []));
    list.push(text);
  }

  has(name: SectionName): boolean {
    return (this.parts.get(name) ?? []).some((l) => l.trim() !== '');
  }

  result(): Partial<Record<SectionName, string>> {
    const out: Partial<Record<SectionName, string>> = {};
    for (const [name, lines] of this.parts) {
      const text = tidy(lines.join('\n'));
      if (text) out[name] = text;
    }
    return out;
  }
}

/** Trim blank lines at both ends and trailing spaces; keep inner line breaks. */
export function tidy(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd()) // not /\s+$/, which rescans a long inner space run from each space
    .join('\n')
    .replace(/^\n+|(?<!\n)\n+$/g, '')
    .replace(/\n{3,}/g, '\n\n');
}
