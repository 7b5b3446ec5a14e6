/**
 * The SQL store: one implementation over Kysely for PGlite and PostgreSQL.
 *
 * Writes go through an in-memory queue (see queue.ts) so that nothing blocks a reply on the
 * database; event claims are single `INSERT … ON CONFLICT DO NOTHING RETURNING` statements
 * (atomic across processes), raced against `claimTimeoutMs`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Insertable, type Selectable } from 'kysely';
import { FeedbackAggregate, voteKeyOf } from './feedback-aggregate.js';
import { hashUserId } from './hash.js';
import { migrateToLatest } from './migrations.js';
import { WriteQueue, errorText } from './queue.js';
import {
  answerOf,
  combinedFeedback,
  ESCALATION_CACHE_LIMIT,
  EscalationBook,
  escalationOf,
  learnedOf,
  pairKey,
  summarize,
} from './escalations.js';
import type { Database, EscalationTable, FeedbackTable, LearnedTable, QueryTable } from './schema.js';
import { identifierText, groupingKey, sanitizeText } from './text.js';
import { maskSecrets } from './mask-secrets.js';
import type {
  EscalateResult,
  Escalation,
  EscalationAnswer,
  EscalationRecord,
  FeedbackEntry,
  FeedbackRecord,
  LearnedPairing,
  GapReport,
  Platform,
  QueryRecord,
  Store,
  StoreBackend,
  StoreOptions,
} from './types.js';
import type { Log } from '../config/log.js';

export type Write =
  | { kind: 'query'; row: Insertable<QueryTable> }
  | { kind: 'feedback'; row: Insertable<FeedbackTable>; voteKey?: string }
  | { kind: 'claim'; key: string; at: Date }
  | { kind: 'escalation'; row: Insertable<EscalationTable> }
  | { kind: 'escalation-update'; id: string; set: Partial<Insertable<EscalationTable>>; onlyOpen: boolean }
  | { kind: 'learned'; row: Insertable<LearnedTable> };

/** Options with every default filled in. */
export interface ResolvedOptions {
  salt: string;
  retentionDays: number;
  keepOnlyIdentifiers: boolean;
  queueLimit: number;
  claimTimeoutMs: number;
  logger: Log;
  clock: () => Date;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  flushTimeoutMs: number;
  retentionIntervalMs: number;
  refreshIntervalMs: number;
  claimTtlMs: number;
}

const DAY_MS = 86_400_000;
const MAX_ID = 200;
const LOCAL_CLAIMS_LIMIT = 50_000;
const GAP_EXAMPLE_MAX = 2000;

export const silentLogger: Log = { info() {}, warn() {}, error() {} };

/** A default logger for when none is given: warnings and errors as JSON lines on stderr. */
export const stderrLogger: Log = {
  info() {},
  warn(o, m) {
    process.stderr.write(`${JSON.stringify({ level: 'warn', msg: m, ...o })}\n`);
  },
  error(o, m) {
    process.stderr.write(`${JSON.stringify({ level: 'error', msg: m, ...o })}\n`);
  },
};

export function resolveOptions(o: StoreOptions): ResolvedOptions {
  if (typeof o.salt !== 'string' || o.salt.length === 0) {
    throw new Error('store: the user-id salt must not be empty (set KB_USER_SALT)');
  }
  const num = (v: number | undefined, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  return {
    salt: o.salt,
    retentionDays: num(o.retentionDays, 0),
    keepOnlyIdentifiers: !!o.keepOnlyIdentifiers,
    queueLimit: Math.max(1, Math.floor(num(o.queueLimit, 10_000))),
    claimTimeoutMs: Math.max(0, num(o.claimTimeoutMs, 1500)),
    logger: o.logger ?? stderrLogger,
    clock: o.clock ?? (() => new Date()),
    connectTimeoutMs: Math.max(0, num(o.connectTimeoutMs, 5000)),
    queryTimeoutMs: Math.max(100, num(o.queryTimeoutMs, 10_000)),
    flushTimeoutMs: Math.max(0, num(o.flushTimeoutMs, 5000)),
    retentionIntervalMs: Math.max(0, num(o.retentionIntervalMs, 3_600_000)),
    refreshIntervalMs: Math.max(0, num(o.refreshIntervalMs, 60_000)),
    claimTtlMs: Math.max(60_000, num(o.claimTtlMs, 2 * DAY_MS)),
  };
}

/** Cuts an id to what an index takes; long event keys are replaced by their hash. */
export function claimKey(key: string): string {
  return key.length > MAX_ID ? `sha256:${createHash('sha256').update(key).digest('hex')}` : key;
}
function shortId(id: string): string {
  return sanitizeText(id, MAX_ID);
}
function validDate(d: unknown, clock: () => Date): Date {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d : clock();
}

/** What is kept of a paste: cut, secrets masked (before anything else reads it), identifiers only when so set. */
function keptText(text: string, identifiersOnly: string | undefined, o: ResolvedOptions): string {
  const masked = maskSecrets(sanitizeText(text));
  if (!o.keepOnlyIdentifiers) return masked;
  return sanitizeText(identifiersOnly !== undefined ? maskSecrets(identifiersOnly) : identifierText(masked));
}

/** Rows as the store keeps them (shared with the in-memory store). */
export function queryRow(r: QueryRecord, o: ResolvedOptions): Insertable<QueryTable> {
  const text = keptText(r.text, r.identifiersOnly, o);
  return {
    id: shortId(String(r.queryId)),
    at: validDate(r.at, o.clock),
    platform: r.platform,
    conversation: r.conversation,
    user_hash: r.userId ? hashUserId(o.salt, r.platform, r.userId) : null,
    text,
    grouping_key: groupingKey(text),
    top_article: r.topArticle ? shortId(r.topArticle) : null,
    confidence: Number.isFinite(r.confidence) ? r.confidence : 0,
    answered: !!r.answered,
  };
}

export function feedbackRow(
  r: FeedbackRecord,
  o: ResolvedOptions,
): { row: Insertable<FeedbackTable>; voteKey?: string } {
  const userHash = r.userId ? hashUserId(o.salt, r.platform, r.userId) : null;
  const queryId = r.queryId ? shortId(r.queryId) : null;
  const articleId = shortId(r.articleId);
  const queryText = keptText(r.queryText, r.identifiersOnly, o);
  return {
    row: {
      id: randomUUID(),
      at: validDate(r.at, o.clock),
      platform: r.platform,
      user_hash: userHash,
      query_id: queryId,
      query_text: queryText,
      article_id: articleId,
      helpful: !!r.helpful,
    },
    voteKey: voteKeyOf(userHash, queryId, articleId),
  };
}

export function escalationRow(e: Escalation): Insertable<EscalationTable> {
  return {
    id: e.id,
    key: e.key,
    at: e.at,
    platform: e.platform,
    user_hash: e.userHash,
    query_text: e.queryText,
    guesses: JSON.stringify(e.guesses),
    origin: e.origin ? JSON.stringify(e.origin) : null,
    posts: JSON.stringify(e.posts),
    ...answerColumns(e.answer),
  };
}

function answerColumns(a: EscalationAnswer | undefined) {
  return {
    answered_at: a?.at ?? null,
    answered_by: a?.by ?? null,
    answer_kind: a?.kind ?? null,
    answer_article: a?.articleId ?? null,
    answer_text: a?.text ?? null,
  };
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function escalationFromRow(r: Selectable<EscalationTable>): Escalation {
  const e: Escalation = {
    id: r.id,
    key: r.key,
    at: new Date(r.at),
    platform: r.platform as Platform,
    userHash: r.user_hash,
    queryText: r.query_text,
    guesses: parseJson(r.guesses, []),
    origin: parseJson<Record<string, unknown> | undefined>(r.origin, undefined),
    posts: parseJson(r.posts, []),
    status: r.answered_at ? 'answered' : 'open',
  };
  if (r.answered_at) {
    e.answer = {
      at: new Date(r.answered_at),
      by: r.answered_by ?? 'the help desk',
      kind: r.answer_kind === 'article' ? 'article' : 'text',
      articleId: r.answer_article ?? undefined,
      text: r.answer_text ?? undefined,
    };
  }
  return e;
}

export function learnedRow(p: LearnedPairing): Insertable<LearnedTable> {
  return {
    id: p.id,
    pair_key: pairKey(p.queryText, p.articleId),
    at: p.at,
    query_text: p.queryText,
    article_id: p.articleId,
    answered_by: p.by ?? null,
    escalation_id: p.escalationId ?? null,
  };
}

function learnedFromRow(r: Selectable<LearnedTable> | Insertable<LearnedTable>): LearnedPairing {
  return {
    id: r.id,
    at: new Date(r.at),
    queryText: r.query_text,
    articleId: r.article_id,
    by: r.answered_by ?? undefined,
    escalationId: r.escalation_id ?? undefined,
  };
}

/** SQLSTATE classes of a row the database refuses (retrying will not help). */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

function timeout(ms: number): { promise: Promise<'timeout'>; cancel(): void } {
  let t: NodeJS.Timeout;
  const promise = new Promise<'timeout'>((r) => {
    t = setTimeout(() => r('timeout'), ms);
  });
  return { promise, cancel: () => clearTimeout(t) };
}

export interface SqlStoreParts {
  db: Kysely<Database>;
  backend: Exclude<StoreBackend, 'memory'>;
  options: ResolvedOptions;
  /** Run after Kysely is destroyed (e.g. release the PGlite folder lock). */
  onClose?: () => Promise<void> | void;
}

export class SqlStore implements Store {
  /** The Kysely instance (tests and maintenance tools; not part of `Store`). */
  readonly db: Kysely<Database>;
  readonly backend: Exclude<StoreBackend, 'memory'>;
  readonly #o: ResolvedOptions;
  readonly #log: Log;
  readonly #queue: WriteQueue<Write>;
  readonly #onClose?: () => Promise<void> | void;
  #aggregate = new FeedbackAggregate();
  readonly #book = new EscalationBook();
  readonly #combined = combinedFeedback();
  #claimed = new Map<string, true>();
  #ready = false;
  #closed = false;
  #timers: NodeJS.Timeout[] = [];
  #initRetry: NodeJS.Timeout | null = null;
  #warnedClosed = false;

  constructor(parts: SqlStoreParts) {
    this.db = parts.db;
    this.backend = parts.backend;
    this.#o = parts.options;
    this.#log = parts.options.logger;
    this.#onClose = parts.onClose;
    this.#queue = new WriteQueue<Write>({
      limit: this.#o.queueLimit,
      logger: this.#log,
      write: (batch) => this.#writeBatch(batch),
      // A burst's records in a few transactions rather than one every 5 ms: each statement
      // costs the main thread a compile and a message to the database (a thread, or a socket).
      lingerMs: 50,
    });
  }

  get pendingWrites(): number {
    return this.#queue.pending;
  }
  get droppedWrites(): number {
    return this.#queue.dropped;
  }
  /** True once migrations ran and the feedback aggregate was loaded. */
  get ready(): boolean {
    return this.#ready;
  }

  // ------------------------------------------------------------------ start

  /** Migrates and loads the aggregate. */
  async init(): Promise<void> {
    await migrateToLatest(this.db);
    await this.#reloadAggregate();
    await this.#loadEscalations();
    this.#ready = true;
  }

  /**
   * Starts: `init()` within `connectTimeoutMs` when `degradedOk`, else `init()` (throwing).
   * Started degraded, the store keeps retrying `init()` in the background; writes wait in the queue.
   */
  async start(degradedOk: boolean): Promise<void> {
    if (!degradedOk) {
      await this.init();
    } else {
      const t = timeout(this.#o.connectTimeoutMs);
      const attempt = this.init().then(
        () => 'ok' as const,
        (err: unknown) => ({ err }),
      );
      const res = await Promise.race([attempt, t.promise]);
      t.cancel();
      if (res !== 'ok') {
        this.#log.error(
          { err: res === 'timeout' ? `no answer within ${this.#o.connectTimeoutMs} ms` : errorText(res.err) },
          'store: database unavailable at start; answering anyway, writes queued until it is back',
        );
        // A timed-out attempt may still finish; otherwise retry.
        void attempt.then((r) => {
          if (r !== 'ok') this.#retryInit(1);
        });
      }
    }
    this.#startTimers();
  }

  #retryInit(n: number): void {
    if (this.#closed || this.#ready) return;
    const ms = Math.min(30_000, 500 * 2 ** Math.min(6, n));
    this.#initRetry = setTimeout(() => {
      this.#initRetry = null;
      this.init().then(
        () => {
          this.#log.info({}, 'store: database reachable, migrations applied');
          void this.#queue.flush(0).catch(() => undefined);
        },
        (err: unknown) => {
          if (n % 10 === 0)
            this.#log.warn({ err: errorText(err), attempts: n }, 'store: database still unavailable');
          this.#retryInit(n + 1);
        },
      );
    }, ms);
    this.#initRetry.unref();
  }

  #startTimers(): void {
    if (this.#o.retentionIntervalMs > 0) {
      const run = () => {
        if (!this.#ready) return;
        this.applyRetention().then(
          (n) =>
            n > 0 &&
            this.#log.info(
              { deleted: n, retentionDays: this.#o.retentionDays },
              'store: retention deleted old records',
            ),
          (err: unknown) => this.#log.warn({ err: errorText(err) }, 'store: retention failed; will retry'),
        );
      };
      const first = setTimeout(run, Math.min(1000, this.#o.retentionIntervalMs));
      const every = setInterval(run, this.#o.retentionIntervalMs);
      first.unref();
      every.unref();
      this.#timers.push(first, every);
    }
    if (this.#o.refreshIntervalMs > 0) {
      const every = setInterval(() => {
        if (!this.#ready) return;
        this.#reloadAggregate()
          .then(() => this.#reloadLearned())
          .catch(() => undefined);
      }, this.#o.refreshIntervalMs);
      every.unref();
      this.#timers.push(every);
    }
  }

  // ------------------------------------------------------------------ writes

  recordQuery(r: QueryRecord): void {
    if (this.#refuseClosed()) return;
    try {
      this.#queue.push({ kind: 'query', row: queryRow(r, this.#o) });
    } catch (err) {
      this.#log.error({ err: errorText(err) }, 'store: could not record a query');
    }
  }

  recordFeedback(r: FeedbackRecord): void {
    if (this.#refuseClosed()) return;
    try {
      const { row, voteKey } = feedbackRow(r, this.#o);
      this.#aggregate.addRow(row, voteKey);
      this.#queue.push({ kind: 'feedback', row, voteKey });
    } catch (err) {
      this.#log.error({ err: errorText(err) }, 'store: could not record feedback');
    }
  }

  #refuseClosed(): boolean {
    if (!this.#closed) return false;
    if (!this.#warnedClosed) {
      this.#warnedClosed = true;
      this.#log.warn({}, 'store: write after close ignored');
    }
    return true;
  }

  async #writeBatch(batch: Write[]): Promise<void> {
    if (!this.#ready) throw new Error('database not reachable yet (migrations pending)');
    try {
      await this.db.transaction().execute((trx) => writeRows(trx, batch));
    } catch (err) {
      if (!isDataError(err)) throw err;
      // Some row is refused by the database: write them one by one, dropping the refused ones.
      for (const w of batch) {
        try {
          await writeRows(this.db, [w]);
        } catch (e) {
          if (!isDataError(e)) throw e;
          this.#log.error(
            { err: errorText(e), kind: w.kind },
            'store: the database refused a record; dropped',
          );
        }
      }
    }
  }

  // ------------------------------------------------------------------ claims

  async claimEvent(key: string): Promise<boolean> {
    const k = claimKey(String(key));
    if (this.#claimed.has(k)) return false;
    this.#claimed.set(k, true);
    if (this.#claimed.size > LOCAL_CLAIMS_LIMIT) {
      const oldest = this.#claimed.keys().next().value;
      if (oldest !== undefined) this.#claimed.delete(oldest);
    }
    const at = this.#o.clock();
    if (!this.#ready || this.#closed) {
      this.#claimAnyway(k, at, this.#closed ? 'store closed' : 'database not reachable');
      return true;
    }
    const attempt = this.db
      .insertInto('kbbot_event_claim')
      .values({ key: k, claimed_at: at })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst()
      .then(
        (row) => (row ? ('won' as const) : ('lost' as const)),
        (err: unknown) => ({ err }),
      );
    const t = timeout(this.#o.claimTimeoutMs);
    const res = await Promise.race([attempt, t.promise]);
    t.cancel();
    if (res === 'won') return true;
    if (res === 'lost') return false;
    this.#claimAnyway(
      k,
      at,
      res === 'timeout' ? `no answer within ${this.#o.claimTimeoutMs} ms` : errorText(res.err),
    );
    return true;
  }

  /** Answers without a database claim; the claim is queued so other instances see it later. */
  #claimAnyway(key: string, at: Date, why: string): void {
    this.#log.warn({ key, why }, 'store: event claim not confirmed by the database; answering anyway');
    if (!this.#closed) this.#queue.push({ kind: 'claim', key, at });
  }

  // ------------------------------------------------------------------ feedback aggregate

  feedback(): FeedbackEntry[] {
    return this.#combined(this.#aggregate.entries(), this.#book.learnedEntries());
  }

  // ------------------------------------------------------------------ escalations

  /** The newest escalations into the cache (those made here meanwhile kept), and every learned pairing. */
  async #loadEscalations(): Promise<void> {
    const rows = await this.db
      .selectFrom('kbbot_escalation')
      .selectAll()
      .orderBy('at', 'desc')
      .limit(ESCALATION_CACHE_LIMIT)
      .execute();
    for (const r of rows.reverse())
      if (!this.#book.get(r.id)) this.#book.put(escalationFromRow(r), ESCALATION_CACHE_LIMIT);
    await this.#reloadLearned();
  }

  #reloadLearned(): Promise<void> {
    return this.#queue.exclusive(async () => {
      const rows = await this.db.selectFrom('kbbot_learned').selectAll().execute();
      const list = rows.map(learnedFromRow);
      for (const w of this.#queue.items()) {
        if (w.kind === 'learned') list.push(learnedFromRow(w.row));
      }
      this.#book.setLearned(list);
    });
  }

  escalate(r: EscalationRecord): EscalateResult {
    const e = escalationOf(r, this.#o);
    const before = this.#book.byKey(e.key);
    if (before) return { escalation: before, created: false };
    this.#book.put(e, ESCALATION_CACHE_LIMIT);
    if (!this.#refuseClosed()) this.#queue.push({ kind: 'escalation', row: escalationRow(e) });
    return { escalation: e, created: true };
  }

  async escalation(id: string): Promise<Escalation | undefined> {
    const cached = this.#book.get(id);
    if (cached) return cached;
    if (!this.#ready) return undefined;
    const row = await this.db
      .selectFrom('kbbot_escalation')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? escalationFromRow(row) : undefined;
  }

  async answerEscalation(
    id: string,
    answer: EscalationAnswer,
  ): Promise<{ escalation: Escalation; first: boolean } | undefined> {
    const e = await this.escalation(id);
    if (!e) return undefined;
    const a = answerOf(answer, this.#o);
    const answered = EscalationBook.answered(e, a);
    if (!answered) return { escalation: e, first: false };
    // Where the asker was is needed once, to bring the answer back: not kept after it.
    this.#book.put({ ...answered, origin: undefined }, ESCALATION_CACHE_LIMIT);
    this.#queue.push({
      kind: 'escalation-update',
      id: e.id,
      set: { ...answerColumns(a), origin: null },
      onlyOpen: true,
    });
    const learned = learnedOf(answered, a);
    if (learned) {
      this.#book.addLearned(learned);
      this.#queue.push({ kind: 'learned', row: learnedRow(learned) });
    }
    return { escalation: answered, first: true };
  }

  addEscalationPost(id: string, post: Record<string, unknown>): void {
    const e = this.#book.get(id);
    if (!e) return;
    const next = { ...e, posts: [...e.posts, post] };
    this.#book.put(next, ESCALATION_CACHE_LIMIT);
    this.#queue.push({
      kind: 'escalation-update',
      id,
      set: { posts: JSON.stringify(next.posts) },
      onlyOpen: false,
    });
  }

  async escalations(opts: { status?: 'open' | 'answered'; limit?: number } = {}): Promise<Escalation[]> {
    const limit = Math.max(1, Math.floor(opts.limit ?? 50));
    await this.#queue.flush(0).catch(() => undefined);
    if (!this.#ready) {
      return this.#book
        .all()
        .filter((e) => !opts.status || e.status === opts.status)
        .sort((a, b) => b.at.getTime() - a.at.getTime())
        .slice(0, limit);
    }
    const rows = await this.db
      .selectFrom('kbbot_escalation')
      .selectAll()
      .$if(opts.status === 'open', (qb) => qb.where('answered_at', 'is', null))
      .$if(opts.status === 'answered', (qb) => qb.where('answered_at', 'is not', null))
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(escalationFromRow);
  }

  learned(): LearnedPairing[] {
    return this.#book.learned();
  }

  async forgetLearned(which: { id?: string; articleId?: string }): Promise<number> {
    if (!which.id && !which.articleId) return 0;
    const match = (id: string, articleId: string) =>
      which.id ? id === which.id : articleId === which.articleId;
    const n = await this.#queue.exclusive(async () => {
      const res = await this.db
        .deleteFrom('kbbot_learned')
        .$if(!!which.id, (qb) => qb.where('id', '=', which.id!))
        .$if(!which.id, (qb) => qb.where('article_id', '=', which.articleId!))
        .executeTakeFirst();
      const queued = this.#queue.removeWhere(
        (w) => w.kind === 'learned' && match(w.row.id, w.row.article_id),
      );
      return Number(res.numDeletedRows) + queued;
    });
    const gone = this.#book.removeLearned((p) => match(p.id, p.articleId));
    return Math.max(n, gone.length);
  }

  /** Reloads the aggregate from the database (plus feedback still queued). */
  #reloadAggregate(): Promise<void> {
    return this.#queue.exclusive(async () => {
      const agg = new FeedbackAggregate();
      const counts = await this.db
        .selectFrom('kbbot_feedback')
        .select([
          'query_text',
          'article_id',
          sql<number>`(count(*) filter (where helpful))::int`.as('helpful'),
          sql<number>`(count(*) filter (where not helpful))::int`.as('not_helpful'),
        ])
        .groupBy(['query_text', 'article_id'])
        .execute();
      for (const c of counts)
        agg.addCounts(c.query_text, c.article_id, Number(c.helpful), Number(c.not_helpful));
      const votes = await this.db
        .selectFrom('kbbot_feedback')
        .select(['user_hash', 'query_id', 'article_id', 'query_text', 'helpful'])
        .where('user_hash', 'is not', null)
        .where('query_id', 'is not', null)
        .execute();
      for (const v of votes) {
        const vk = voteKeyOf(v.user_hash, v.query_id, v.article_id);
        if (vk) agg.knowVote(vk, v.query_text, v.article_id, v.helpful);
      }
      for (const w of this.#queue.items()) {
        if (w.kind === 'feedback') agg.addRow(w.row, w.voteKey);
      }
      this.#aggregate = agg;
    });
  }

  // ------------------------------------------------------------------ reports and privacy

  async contentGaps(opts: { limit?: number; sinceDays?: number } = {}): Promise<GapReport> {
    await this.#queue.flush(0).catch(() => undefined);
    const limit = Math.max(1, Math.floor(opts.limit ?? 20));
    const since =
      opts.sinceDays !== undefined && opts.sinceDays > 0
        ? new Date(this.#o.clock().getTime() - opts.sinceDays * DAY_MS)
        : undefined;
    const unanswered = await this.db
      .selectFrom('kbbot_query')
      .select([
        sql<number>`count(*)::int`.as('count'),
        sql<Date>`max(at)`.as('last_at'),
        sql<string>`left((array_agg(text order by at desc))[1], ${sql.lit(GAP_EXAMPLE_MAX)})`.as('example'),
      ])
      .where('answered', '=', false)
      .$if(since !== undefined, (qb) => qb.where('at', '>=', since!))
      .groupBy('grouping_key')
      .orderBy('count', 'desc')
      .orderBy('last_at', 'desc')
      .limit(limit)
      .execute();
    const notHelpful = await this.db
      .selectFrom('kbbot_feedback')
      .select(['article_id', sql<number>`count(*)::int`.as('count')])
      .where('helpful', '=', false)
      .$if(since !== undefined, (qb) => qb.where('at', '>=', since!))
      .groupBy('article_id')
      .orderBy('count', 'desc')
      .orderBy('article_id')
      .limit(limit)
      .execute();
    const escalations = await this.db
      .selectFrom('kbbot_escalation')
      .selectAll()
      .$if(since !== undefined, (qb) => qb.where('at', '>=', since!))
      .orderBy('at', 'desc')
      .limit(ESCALATION_CACHE_LIMIT)
      .execute();
    return {
      unanswered: unanswered.map((u) => ({
        example: u.example,
        count: Number(u.count),
        lastAt: new Date(u.last_at),
      })),
      notHelpful: notHelpful.map((n) => ({ articleId: n.article_id, count: Number(n.count) })),
      escalations: summarize(escalations.map(escalationFromRow), limit),
    };
  }

  async forgetUser(platform: Platform, userId: string): Promise<number> {
    const h = hashUserId(this.#o.salt, platform, userId);
    const n = await this.#queue.exclusive(async () => {
      const queuedQueryIds = new Set<string>();
      for (const w of this.#queue.items())
        if (w.kind === 'query' && w.row.user_hash === h) queuedQueryIds.add(w.row.id);
      const deleted = await this.db.transaction().execute(async (trx) => {
        const fb = await trx
          .deleteFrom('kbbot_feedback')
          .where((eb) =>
            eb.or([
              eb('user_hash', '=', h),
              eb('query_id', 'in', eb.selectFrom('kbbot_query').select('id').where('user_hash', '=', h)),
            ]),
          )
          .executeTakeFirst();
        const q = await trx.deleteFrom('kbbot_query').where('user_hash', '=', h).executeTakeFirst();
        // Their escalations, and what was learned from them (the paste is theirs).
        const mine = trx.selectFrom('kbbot_escalation').select('id').where('user_hash', '=', h);
        const l = await trx.deleteFrom('kbbot_learned').where('escalation_id', 'in', mine).executeTakeFirst();
        const es = await trx.deleteFrom('kbbot_escalation').where('user_hash', '=', h).executeTakeFirst();
        return (
          Number(fb.numDeletedRows) +
          Number(q.numDeletedRows) +
          Number(es.numDeletedRows) +
          Number(l.numDeletedRows)
        );
      });
      const queuedEscalations = new Set<string>();
      for (const w of this.#queue.items())
        if (w.kind === 'escalation' && w.row.user_hash === h) queuedEscalations.add(w.row.id);
      const removed = this.#queue.removeWhere(
        (w) =>
          (w.kind === 'query' && w.row.user_hash === h) ||
          (w.kind === 'feedback' &&
            (w.row.user_hash === h || (!!w.row.query_id && queuedQueryIds.has(w.row.query_id)))) ||
          (w.kind === 'escalation' && w.row.user_hash === h) ||
          (w.kind === 'escalation-update' && queuedEscalations.has(w.id)) ||
          (w.kind === 'learned' && !!w.row.escalation_id && queuedEscalations.has(w.row.escalation_id)),
      );
      return deleted + removed;
    });
    for (const e of this.#book.all()) {
      if (e.userHash !== h) continue;
      this.#book.remove(e.id);
      this.#book.removeLearned((p) => p.escalationId === e.id);
    }
    await this.#reloadAggregate();
    this.#log.info({ platform, deleted: n }, 'store: forgot a user');
    return n;
  }

  async applyRetention(now: Date = this.#o.clock()): Promise<number> {
    const claimCutoff = new Date(now.getTime() - this.#o.claimTtlMs);
    await this.db.deleteFrom('kbbot_event_claim').where('claimed_at', '<', claimCutoff).execute();
    if (!(this.#o.retentionDays > 0)) return 0;
    const cutoff = new Date(now.getTime() - this.#o.retentionDays * DAY_MS);
    const [fb, q, es] = await this.db.transaction().execute(async (trx) => [
      await trx.deleteFrom('kbbot_feedback').where('at', '<', cutoff).executeTakeFirst(),
      await trx.deleteFrom('kbbot_query').where('at', '<', cutoff).executeTakeFirst(),
      // Escalations hold a person's paste; what was learned from them stays until forgotten.
      await trx.deleteFrom('kbbot_escalation').where('at', '<', cutoff).executeTakeFirst(),
    ]);
    for (const e of this.#book.all()) if (e.at < cutoff) this.#book.remove(e.id);
    const nFb = Number(fb.numDeletedRows);
    if (nFb > 0) await this.#reloadAggregate();
    return nFb + Number(q.numDeletedRows) + Number(es.numDeletedRows);
  }

  // ------------------------------------------------------------------ shutdown

  flush(): Promise<void> {
    return this.#queue.flush(this.#o.flushTimeoutMs);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      if (this.#ready) await this.flush();
      else if (this.#queue.pending > 0)
        throw new Error(`store: ${this.#queue.pending} writes still queued (database never reachable)`);
    } catch (err) {
      this.#log.error(
        { err: errorText(err), lost: this.#queue.pending },
        'store: closing with writes not written',
      );
    }
    this.#closed = true;
    this.#queue.close();
    for (const t of this.#timers) clearTimeout(t);
    if (this.#initRetry) clearTimeout(this.#initRetry);
    // Let a claim or exclusive section in progress end before the pool goes away.
    await this.#queue.exclusive(async () => undefined);
    await this.db
      .destroy()
      .catch((err: unknown) => this.#log.warn({ err: errorText(err) }, 'store: error while closing'));
    await this.#onClose?.();
  }
}

/** Writes a batch: queries, then feedback (votes upserted), then claims. Every write is idempotent. */
async function writeRows(db: Kysely<Database>, batch: Write[]): Promise<void> {
  const queries = new Map<string, Insertable<QueryTable>>();
  const votes = new Map<string, Insertable<FeedbackTable>>();
  const anonymous: Insertable<FeedbackTable>[] = [];
  const claims = new Map<string, Date>();
  const escalations = new Map<string, Insertable<EscalationTable>>();
  const updates: Array<Extract<Write, { kind: 'escalation-update' }>> = [];
  const learned = new Map<string, Insertable<LearnedTable>>();
  for (const w of batch) {
    if (w.kind === 'escalation') {
      if (!escalations.has(w.row.key)) escalations.set(w.row.key, w.row);
      continue;
    }
    if (w.kind === 'escalation-update') {
      updates.push(w);
      continue;
    }
    if (w.kind === 'learned') {
      learned.delete(w.row.pair_key);
      learned.set(w.row.pair_key, w.row);
      continue;
    }
    if (w.kind === 'query') {
      if (!queries.has(w.row.id)) queries.set(w.row.id, w.row);
    } else if (w.kind === 'feedback') {
      if (w.voteKey) {
        votes.delete(w.voteKey); // keep the last vote, in order
        votes.set(w.voteKey, w.row);
      } else anonymous.push(w.row);
    } else if (!claims.has(w.key)) claims.set(w.key, w.at);
  }
  if (queries.size) {
    await db
      .insertInto('kbbot_query')
      .values([...queries.values()])
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  if (votes.size) {
    await db
      .insertInto('kbbot_feedback')
      .values([...votes.values()])
      .onConflict((oc) =>
        oc.columns(['user_hash', 'query_id', 'article_id']).doUpdateSet((eb) => ({
          helpful: eb.ref('excluded.helpful'),
          at: eb.ref('excluded.at'),
          query_text: eb.ref('excluded.query_text'),
          platform: eb.ref('excluded.platform'),
        })),
      )
      .execute();
  }
  if (anonymous.length) {
    await db
      .insertInto('kbbot_feedback')
      .values(anonymous)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  if (claims.size) {
    await db
      .insertInto('kbbot_event_claim')
      .values([...claims].map(([key, at]) => ({ key, claimed_at: at })))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
  if (escalations.size) {
    // Another instance may have handed the same question over first: its row stays.
    await db
      .insertInto('kbbot_escalation')
      .values([...escalations.values()])
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  for (const u of updates) {
    await db
      .updateTable('kbbot_escalation')
      .set(u.set)
      .where('id', '=', u.id)
      .$if(u.onlyOpen, (qb) => qb.where('answered_at', 'is', null))
      .execute();
  }
  if (learned.size) {
    await db
      .insertInto('kbbot_learned')
      .values([...learned.values()])
      .onConflict((oc) =>
        oc.column('pair_key').doUpdateSet((eb) => ({
          id: eb.ref('excluded.id'),
          at: eb.ref('excluded.at'),
          answered_by: eb.ref('excluded.answered_by'),
          escalation_id: eb.ref('excluded.escalation_id'),
        })),
      )
      .execute();
  }
}
