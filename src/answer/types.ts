import type { MatchReason } from '../match/types.js';
import type { CodeReading } from '../codes/types.js';

/** A numbered or bulleted step of a resolution, kept as a step. */
export interface ResolutionStep {
  text: string;
  /** Preformatted text the step shows (a registry key, a command), lines kept. */
  pre?: string;
}

/** A piece of an article's text as cards draw it (src/answer/text-blocks.ts). */
export type ArticleBlock =
  | { kind: 'text'; text: string }
  /** File tables, registry paths, commands, console output: lines and columns kept. */
  | { kind: 'pre'; text: string }
  | { kind: 'steps'; items: ResolutionStep[] };

/** Another article this one points to: opened in the chat when the corpus has it, else its public URL. */
export interface ArticleRef {
  id: string;
  /** "813840 XGEN: March 2003 Exchange 2000 Server Post-Service Pack 3 Rollup", or the id as written. */
  label: string;
  inCorpus: boolean;
  url?: string;
}

/** What the corpus says about an article's text (src/kb/boilerplate.ts), and which ids it holds. */
export interface ArticleContext {
  /** True for a paragraph that repeats across many articles (support-phone text, hotfix disclaimers). */
  isBoilerplate(paragraph: string): boolean;
  /** True when the corpus holds this article id (any spelling). */
  has(id: string): boolean;
}

export interface AnswerArticle {
  id: string;
  title: string;
  appliesTo: string[];
  url?: string;
  /** The part of the symptoms (or other section) that matched the paste. */
  symptomExcerpt: string;
  cause?: string;
  /** Resolution as prose paragraphs and steps, in order. */
  resolution: { intro?: string; steps: ResolutionStep[]; text: string };
  status?: string;
  workaround?: string;
  /** The whole symptoms section, for the full article (the answer card shows only the excerpt). */
  symptoms?: string;
  /** The "More information" section, for the full article. */
  moreInformation?: string;
  /** The actionable part of the resolution (steps, the update to obtain, the key or command), drawn first. */
  fix?: ArticleBlock[];
  /** Every section as blocks for the full article; the resolution's boilerplate is left out here… */
  blocks?: Partial<
    Record<'symptoms' | 'cause' | 'resolution' | 'workaround' | 'status' | 'moreInformation', ArticleBlock[]>
  >;
  /** …and kept here, shown last (folded where the platform can). */
  boilerplate?: string[];
  /** Articles this one points to, those next to the fix first. */
  refs?: ArticleRef[];
}

export interface Alternative {
  id: string;
  title: string;
  confidence: number;
}

/** The neutral answer every renderer (terminal, Block Kit, Adaptive Card, playground) draws. */
export interface Answer {
  query: string;
  answered: boolean;
  confidence: number;
  /** Present when something was found, also when not confident (then it is the best suggestion). */
  article?: AnswerArticle;
  why: MatchReason[];
  alternatives: Alternative[];
  /** Decoded error codes found in the paste ("What this code means"). */
  codes: CodeReading[];
  /**
   * Whose codes these are when the paste or the article says so ("MSExchangeMTA", "Jet"): the
   * Windows meaning is then only what the number would mean as a Windows error.
   */
  codeOwner?: string;
  /** A short note for the user when the paste was refused or trimmed (empty, binary, too long). */
  notice?: string;
  /** The text read from a screenshot when the paste was an image (it is the query too). */
  readFromImage?: string;
  /** Product versions the paste names that no article covers ("Windows 10"): why it is not answered. */
  outOfScope?: string[];
}
