/**
 * The shared conversation model: what a person said (a Turn), what kbbot answers (a Reply),
 * and what the conversation needs from the knowledge base (a KbService). Every surface
 * (Slack, Teams, the playground, the CLI) builds a Turn, calls `respond`, and draws the Reply
 * with a pure renderer (src/render/).
 */
import type { Alternative, Answer, AnswerArticle } from '../answer/types.js';
import type { CodeReading } from '../codes/types.js';
import type { ArticleFormat, LoadProblem } from '../corpus/types.js';
import type { ImageInput, ImageReader } from '../ocr/types.js';
import type { ConversationKind, Platform, Store } from '../store/types.js';

export type { ConversationKind, Platform };

/** One message to kbbot, as every platform hands it over. */
export interface Turn {
  text: string;
  platform: Platform;
  conversation: ConversationKind;
  /** Raw platform user id (the store keeps only a salted hash of it). */
  userId?: string;
  /** The paste the previous answer was for ("more", "helpful" refer to it). Buttons carry it. */
  lastQuery?: string;
  /** The previous answer itself, when the surface kept it (saves matching again for "more"). */
  lastAnswer?: Answer;
  /** The asker's name as the platform shows it (the help desk sees who asked). */
  userName?: string;
  /**
   * Where the person is, so that a help-desk answer can come back there (Slack channel and thread,
   * a Teams conversation reference); opaque outside the platform's adapter.
   */
  origin?: Record<string, unknown>;
  /** A link back to the question (Slack's permalink), for the help desk. */
  link?: string;
  /** A screenshot sent with the message: the text read from it is the paste (src/ocr). */
  image?: ImageInput;
  /** A button's intent and article, said outright (conversation/actions.ts): taken as is, not routed. */
  action?: import('./actions.js').ButtonAction;
  /** How long the message was before it was cut to MAX_PASTE_CHARS (conversation/paste.ts); the answer says so. */
  pastedChars?: number;
}

/** The built-in intents; an intent file with another name is a custom intent whose reply is its text. */
export const BUILTIN_INTENTS = [
  'help',
  'greeting',
  'article',
  'search',
  'more',
  'feedback',
  'code',
  'about',
  'escalate',
] as const;

/** What the corpus in service holds (the content panel, "about", /healthz). */
export interface CorpusStats {
  articles: number;
  byFormat: Partial<Record<ArticleFormat, number>>;
  /** Load problems: files that did not parse (file, line, reason). At most 200 are listed. */
  problems: ContentProblem[];
  problemCount: number;
  /** When the corpus in service was loaded (ISO 8601). */
  loadedAt: string;
  contentDir: string;
  fromSnapshot: boolean;
}

/** A load problem, and whether the previous good version of the file is still in service. */
export interface ContentProblem extends LoadProblem {
  keptPrevious?: boolean;
}

export interface LoadProgress {
  phase: string;
  done: number;
  total: number;
}

export type KbStatus =
  | { state: 'loading'; progress: LoadProgress }
  | { state: 'ready'; stats: CorpusStats; reloading: boolean }
  | { state: 'failed'; error: string };

/** What the conversation needs from the knowledge base; the match pool and an in-process KB both provide it. */
export interface KbService {
  status(): KbStatus;
  /** `answerPaste` on the corpus in service. */
  answer(paste: string): Promise<Answer>;
  /** The article for an id in any spelling, or undefined when the corpus has none. */
  article(id: string): Promise<AnswerArticle | undefined>;
}

export interface RespondDeps {
  kb: KbService;
  /** Queries and feedback are recorded here when given. */
  store?: Pick<Store, 'recordQuery' | 'recordFeedback'>;
  /** Reads screenshots; without it an image is answered "paste the text". */
  images?: ImageReader;
  /** kbbot's version ("about"). */
  version: string;
  /** The router; the default one reads `intents/` once. */
  router?: import('./intents.js').IntentRouter;
  /** Hands questions over to people ("Ask the help desk"); without it, the button is not offered. */
  helpDesk?: HelpDeskPort;
  now?: () => Date;
  newId?: () => string;
}

/** What the conversation needs of the help desk (src/escalation/help-desk.ts). */
export interface HelpDeskPort {
  escalate(req: EscalationRequest): Promise<EscalationOutcome>;
}

export interface EscalationRequest {
  platform: Platform;
  userId?: string;
  userName?: string;
  /** The paste to hand over (masked before it goes anywhere). */
  paste: string;
  origin?: Record<string, unknown>;
  link?: string;
}

export interface EscalationOutcome {
  escalationId: string;
  /** false: it was handed over before (a second press). */
  created: boolean;
  at: Date;
  /** Where it went, in words ("#help-desk", "the ticket webhook"). */
  where: string[];
  /** When it was answered already: by whom and when. */
  answered?: { by: string; at: Date };
}

/** What kbbot answers; every renderer switches on `kind`. */
export type Reply =
  /** A paste was searched: the article that fixes it, or "no confident match" with suggestions. */
  | {
      kind: 'answer';
      answer: Answer /** Offer "Ask the help desk" (not confident, and a help desk is there). */;
      escalate?: boolean;
    }
  /**
   * An article opened by its id; `article` is undefined when the corpus has no such id.
   * `answeredBy`: a person of the help desk sent it in answer to a handed-over question.
   */
  | { kind: 'article'; id: string; article?: AnswerArticle; answeredBy?: string }
  /** The question was handed over to the help desk (or had been already). */
  | { kind: 'escalated'; escalationId: string; created: boolean; where: string[]; text: string }
  | { kind: 'help'; text: string; examples: string[] }
  | { kind: 'greeting'; text: string }
  /** Corpus size and version; `corpus` is undefined while the corpus is still loading. */
  | { kind: 'about'; text: string; version: string; corpus?: CorpusStats; loading?: LoadProgress }
  /** A code decoded: its readings (Win32, HRESULT, NTSTATUS, stop code), empty when unknown. */
  | { kind: 'code'; input: string; value?: number; readings: CodeReading[]; text: string }
  /** The other matches for the last paste. */
  | { kind: 'more'; query?: string; alternatives: Alternative[]; text: string }
  /** `query`: the paste voted on (a "Not helpful" card offers to ask the help desk about it). */
  | {
      kind: 'feedback-ack';
      helpful: boolean;
      articleId: string;
      text: string;
      query?: string;
      escalate?: boolean;
    }
  /** Anything else said in words: still loading, nothing to refer to, a custom intent's reply. */
  | { kind: 'text'; text: string };
