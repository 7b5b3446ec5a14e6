/**
 * The store: what kbbot remembers (queries, feedback, claimed platform events).
 *
 * Open one with `openStore()` (PGlite by default, PostgreSQL when `databaseUrl` is set)
 * or `openMemoryStore()` (tests of other parts); both are exported from `./index.js`
 * and re-exported at the end of this file.
 */

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
}

export interface GapReport {
  /** Unanswered pastes grouped by their normalised form, most frequent first. `example` is the latest paste of the group. */
  unanswered: Array<{ example: string; count: number; lastAt: Date }>;
  /** Articles most often marked not helpful, most first. */
  notHelpful: Array<{ articleId: string; count: number }>;
}

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
  /** In-memory aggregate, kept current (loaded at open, updated on write, refreshed from the database periodically). Cheap: the same array is returned until something changes. */
  feedback(): FeedbackEntry[];
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

export interface StoreLogger {
  info(o: object, m?: string): void;
  warn(o: object, m?: string): void;
  error(o: object, m?: string): void;
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
  logger?: StoreLogger;
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
