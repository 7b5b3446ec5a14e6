/**
 * The store: what kbbot remembers (queries, feedback, claimed platform events).
 *
 * Open one with `openStore()` (PGlite by default, PostgreSQL when `databaseUrl` is set)
 * or `openMemoryStore()` (tests of other parts); both are exported from `./index.js`
 * and re-exported at the end of this file.
 */
import type { Log } from '../config/log.js';

export type Platform = 'slack' | 'teams' | 'playground' | 'cli';
export type ConversationKind = 'dm' | 'channel' | 'thread' | 'group' | 'none';

export interface QueryRecord {
  at: Date;
  platform: Platform;
  conversation: ConversationKind;
  /** Raw platform user id; the store keeps only a salted hash of it. */
  userId?: string;
  text: string;
  /** What to keep when the keep-only-identifiers setting is on (else the store extracts identifiers itself). */
  identifiersOnly?: string;
  topArticle?: string;
  confidence: number;
  answered: boolean;
  /** Caller-made uuid; writing the same id twice stores one row. */
  queryId: string;
}

export interface FeedbackRecord {
  at: Date;
  platform: Platform;
  /** Raw platform user id; the store keeps only a salted hash of it. */
  userId?: string;
  queryId?: string;
  queryText: string;
  /** What to keep of `queryText` when the keep-only-identifiers setting is on. */
  identifiersOnly?: string;
  articleId: string;
  helpful: boolean;
}

/**
 * Feedback totals for one (stored query text, article) pair. A person who votes again on the
 * same answer (same user, query and article) replaces their earlier vote.
 */
export interface FeedbackEntry {
  queryText: string;
  articleId: string;
  helpful: number;
  notHelpful: number;
  /** Set on a learned pairing (a person answered this paste with this article): when, ISO 8601. */
  learnedAt?: string;
}

export interface GapReport {
  /** Unanswered pastes grouped by their normalised form, most frequent first. `example` is the latest paste of the group. */
  unanswered: Array<{ example: string; count: number; lastAt: Date }>;
  /** Articles most often marked not helpful, most first. */
  notHelpful: Array<{ articleId: string; count: number }>;
  /** Questions handed over to the help desk (absent from reports of stores that predate them). */
  escalations?: EscalationSummary;
}

/** A question handed over to people ("Ask the help desk"). */
export interface EscalationRecord {
  /** Caller-made uuid. */
  id: string;
  /**
   * What makes two presses one handover (platform, person and paste, say): a second escalation
   * with the same key returns the first one.
   */
  key: string;
  at: Date;
  platform: Platform;
  /** Raw platform user id; the store keeps only a salted hash of it. */
  userId?: string;
  /** The paste, secrets already masked. */
  queryText: string;
  /** The bot's best guesses, best first. */
  guesses: Array<{ id: string; title: string; confidence: number }>;
  /**
   * Where the asker is, so that the answer can go back (platform-specific, opaque to the store).
   * Kept until the escalation is answered (the answer's result still carries it), then dropped.
   */
  origin?: Record<string, unknown>;
}

export type EscalationAnswerKind = 'article' | 'text';

export interface EscalationAnswer {
  at: Date;
  /** Who answered, as the help-desk platform names them (a display name or id). */
  by: string;
  kind: EscalationAnswerKind;
  articleId?: string;
  text?: string;
}

export interface Escalation extends Omit<EscalationRecord, 'userId'> {
  /** Salted hash of the asker's id (null when unknown). */
  userHash: string | null;
  status: 'open' | 'answered';
  answer?: EscalationAnswer;
  /** Where the handover was posted (Slack channel + ts, Teams activity id…), to update it when answered. */
  posts: Array<Record<string, unknown>>;
}

export interface EscalationSummary {
  open: number;
  answered: number;
  /** Median time from handover to answer, of the answered ones. */
  medianAnswerMs?: number;
  /** The latest escalations, newest first. */
  recent: Escalation[];
}

/**
 * A paste a person answered with an article: it re-ranks later pastes like it more strongly
 * than any vote (and the card says why).
 */
export interface LearnedPairing {
  id: string;
  at: Date;
  queryText: string;
  articleId: string;
  /** Who answered. */
  by?: string;
  escalationId?: string;
}

export type EscalateResult = { escalation: Escalation; created: boolean };

export type StoreBackend = 'pglite' | 'postgres' | 'memory';

export interface Store {
  /** Never throws, never blocks: queued and written in the background. */
  recordQuery(r: QueryRecord): void;
  /** Never throws, never blocks: queued and written in the background; `feedback()` reflects it at once. */
  recordFeedback(r: FeedbackRecord): void;
  /**
   * Atomically claims an incoming platform event's idempotency key.
   * true = first claim (answer it); false = seen before (by this process or any other sharing the database).
   * On database trouble waits at most `claimTimeoutMs`, then returns true (answer rather than drop).
   */
  claimEvent(key: string): Promise<boolean>;
  /**
   * In-memory aggregate, kept current (loaded at open, updated on write, refreshed from the
   * database periodically), followed by the learned pairings (entries with `learnedAt`).
   * Cheap: the same array is returned until something changes.
   */
  feedback(): FeedbackEntry[];
  /**
   * Hands a question over to the help desk: never throws, never waits for the database (the
   * write is queued). A second call with the same key returns the first escalation, `created: false`.
   */
  escalate(r: EscalationRecord): EscalateResult;
  /**
   * Records a person's answer (queued). An article answer also becomes a learned pairing.
   * Undefined when no such escalation is known; an escalation answered already keeps its first answer.
   */
  answerEscalation(
    id: string,
    answer: EscalationAnswer,
  ): Promise<{ escalation: Escalation; first: boolean } | undefined>;
  /** Remembers where the handover was posted (queued). */
  addEscalationPost(id: string, post: Record<string, unknown>): void;
  escalation(id: string): Promise<Escalation | undefined>;
  /** Newest first. */
  escalations(opts?: { status?: 'open' | 'answered'; limit?: number }): Promise<Escalation[]>;
  /** The learned pairings, newest first. */
  learned(): LearnedPairing[];
  /** Removes learned pairings by id, or every pairing to an article id. Returns how many went. */
  forgetLearned(which: { id?: string; articleId?: string }): Promise<number>;
  contentGaps(opts?: { limit?: number; sinceDays?: number }): Promise<GapReport>;
  /** Deletes one person's queries and feedback (and feedback given on their queries), stored or still queued. Returns how many records went. Throws when the database is unreachable. */
  forgetUser(platform: Platform, userId: string): Promise<number>;
  /** Deletes queries and feedback older than `retentionDays` (and expired event claims). Returns how many queries and feedback rows went. Also run automatically on a timer. */
  applyRetention(now?: Date): Promise<number>;
  /** Writes everything queued; retries while the database is away, rejects after `flushTimeoutMs` with the writes still queued. */
  flush(): Promise<void>;
  /** Flushes (within `flushTimeoutMs`, logging what could not be written) then closes. */
  close(): Promise<void>;
  /** Writes accepted but not yet in the database. */
  readonly pendingWrites: number;
  /** Writes dropped because the queue was full, since open. */
  readonly droppedWrites: number;
  readonly backend: StoreBackend;
}

export interface StoreOptions {
  /** `postgres://...`: a PostgreSQL server (several kbbot instances may share it). Unset: embedded PGlite. */
  databaseUrl?: string;
  /** PGlite folder, default `.data/pglite`; `memory://` for a throw-away in-memory database. */
  dataDir?: string;
  /** Secret mixed into the user-id hash. Must not be empty; all instances sharing a database must use the same one. */
  salt: string;
  /** Queries and feedback older than this many days are deleted automatically; 0 or less keeps them forever. */
  retentionDays: number;
  /** Keep only the identifiers of a paste (codes, event ids, file names), not its prose. */
  keepOnlyIdentifiers: boolean;
  /** Most writes held in memory while the database is away; the oldest are dropped past it. */
  queueLimit: number;
  /** Longest an event claim waits for the database before answering anyway. */
  claimTimeoutMs: number;
  logger?: Log;
  clock?: () => Date;

  /** How long `openStore` waits for a PostgreSQL server before starting degraded (writes queued, retried in the background). Default 5000. */
  connectTimeoutMs?: number;
  /** Server-side statement timeout and client-side query timeout on PostgreSQL. Default 10000. */
  queryTimeoutMs?: number;
  /** How long `flush()` and `close()` keep retrying. Default 5000. */
  flushTimeoutMs?: number;
  /** How often retention runs. Default one hour; 0 disables the timer (call `applyRetention` yourself). */
  retentionIntervalMs?: number;
  /** How often the feedback aggregate is reloaded (to see other instances' feedback). Default 60000; 0 disables. */
  refreshIntervalMs?: number;
  /** Event claims are kept this long (they hold no personal data). Default 48 hours. */
  claimTtlMs?: number;
  /**
   * An already open PGlite (a `PGlite` instance or a `PgliteThread`) to use instead of opening
   * `dataDir` (tests, or an app that owns its PGlite). It is not closed by `close()`.
   */
  pglite?: import('./pglite-dialect.js').PgliteClient;
}

export { openStore, openMemoryStore } from './index.js';
