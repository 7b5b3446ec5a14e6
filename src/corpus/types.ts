/** The formats kbbot reads; detected per file. */
export type ArticleFormat = 'archive-txt' | 'web-kb' | 'markdown';

/** Canonical section names; every format maps its headings onto these. */
export type SectionName =
  | 'summary'
  | 'symptoms'
  | 'cause'
  | 'resolution'
  | 'workaround'
  | 'status'
  | 'moreInformation';

/** Identifiers found in an article or a query; all values normalised (lower case, numbers as keys). */
export interface Identifiers {
  /** Event ids, each with the source that logged it when one is known: `{ id: 1309, source: 'msexchangeds' }`. */
  events: Array<{ id: number; source?: string }>;
  /** Error codes as unsigned 32-bit values; an HRESULT 0x8007xxxx also carries its Win32 code xxxx. */
  codes: number[];
  /** Knowledge-base article numbers referred to (digits only: '214864'). */
  kbRefs: string[];
  /** File names such as `emsmta.exe`, lower case. */
  files: string[];
  /** Function names such as `hrregisterprotocol`, lower case. */
  functions: string[];
}

export interface Article {
  /** Canonical id: `Q` + digits for KB articles (`Q214864`); a runbook keeps its own id. */
  id: string;
  /** Other spellings that open this article: `KB214864`, `214864`. */
  aliases: string[];
  title: string;
  appliesTo: string[];
  products: string[];
  keywords: string[];
  /** Sections in file order, keyed by canonical name; text keeps its line breaks. */
  sections: Partial<Record<SectionName, string>>;
  /** Dates as written in the source (ISO when it can be parsed). */
  dates: { published?: string; reviewed?: string };
  url?: string;
  format: ArticleFormat;
  /** Path of the source file, relative to the content root. */
  source: string;
  identifiers: Identifiers;
}

/** One problem found while loading content: reported, never fatal for the rest. */
export interface LoadProblem {
  file: string;
  line?: number;
  severity: 'error' | 'warning';
  reason: string;
  /** The file's newest version did not parse and its previous good version is still in service. */
  keptPrevious?: boolean;
}

export interface LoadReport {
  root: string;
  articles: number;
  byFormat: Partial<Record<ArticleFormat, number>>;
  problems: LoadProblem[];
}
