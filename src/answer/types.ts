import type { MatchReason } from '../match/types.js';
import type { CodeReading } from '../codes/types.js';

/** A numbered or bulleted step of a resolution, kept as a step. */
export interface ResolutionStep {
  text: string;
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
  /** A short note for the user when the paste was refused or trimmed (empty, binary, too long). */
  notice?: string;
}
