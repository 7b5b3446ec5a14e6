/**
 * Matching off the main thread: a small pool of worker threads (match-worker.ts), one per core
 * by default, each holding the same KnowledgeBase and answering `answerPaste` requests. The
 * server's event loop only routes messages, so acknowledging a platform event never waits on
 * matching.
 *
 * Loading and reloading ("generations"): `load(source)` opens the corpus in one worker first
 * (which builds and writes the index snapshot when the corpus is large), then in the others,
 * which take the first one's index over a MessageChannel of their own: its arrays are in shared
 * memory, and its word lists are copied into each worker only, never into the main thread. Requests go to the workers holding the newest corpus as
 * soon as one of them has it; until then the previous corpus keeps answering. A load that
 * fails leaves the previous corpus in service.
 *
 * The worker file is chosen by this module's own extension: `.js` when running from dist/,
 * `.ts` under tsx (tests, `npm run dev`), then started with `--import tsx`.
 */
import os from 'node:os';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker } from '../threads/start-worker.js';
import type { Answer, AnswerArticle } from '../answer/types.js';
import type { LoadReport } from '../corpus/types.js';
import type { FeedbackEntry } from '../store/types.js';
import type { LoadPhase } from './knowledge-base.js';
import type { Log } from '../config/log.js';

/** What to open: the KnowledgeBase options that cross the thread boundary. */
export interface KbSource {
  contentDir: string;
  /** Index snapshots are written and read here (large corpora); none when undefined. */
  cacheDir?: string;
  snapshotMinFiles?: number;
}

/** What a worker reports about the corpus it opened. */
export interface KbInfo {
  gen: number;
  root: string;
  size: number;
  report: LoadReport;
  /** ISO 8601. */
  loadedAt: string;
  fromSnapshot: boolean;
}

export type WorkerRequest =
  /** `from`: a port a sibling sends its index of `gen` on (see 'share'); the source is read when it cannot. */
  | { type: 'open'; gen: number; source: KbSource; from?: MessagePort }
  /** Sends this worker's index of `gen` (or `undefined`, when it serves another) on `to`, then closes it. */
  | { type: 'share'; gen: number; to: MessagePort }
  | { type: 'answer'; id: number; paste: string }
  /** The store's feedback aggregate, sent to a worker before the first answer that needs it. */
  | { type: 'feedback'; entries: FeedbackEntry[] }
  | { type: 'article'; id: number; articleId: string };

export type WorkerResponse =
  | { type: 'progress'; gen: number; phase: LoadPhase; done: number; total: number }
  | { type: 'info'; gen: number; message: string }
  /** `shareable`: its index is in shared memory, so siblings can take it ('share'). */
  | { type: 'opened'; gen: number; info: KbInfo; shareable: boolean }
  | { type: 'open-failed'; gen: number; error: string }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: string };

/** How an open ended on one worker; `shareable` when other workers can take its index. */
interface OpenOutcome {
  info?: KbInfo;
  shareable?: boolean;
  error?: string;
}

export interface MatchPoolOptions {
  /** Worker threads; default one per core (`os.availableParallelism()`), at most 8. */
  size?: number;
  /**
   * A request not answered within this is rejected, and its worker (stuck on it, or behind it) is
   * ended and replaced; requests queued on that worker are rejected too. Default 20 000 ms.
   */
  requestTimeoutMs?: number;
  /** Requests waiting per worker at most; past it a request is refused at once (PoolBusyError). Default 256. */
  maxQueuePerWorker?: number;
  logger?: Log;
  /**
   * The store's feedback aggregate (`Store.feedback()`), which re-ranks answers. It returns the
   * same array until something changes, so a worker is sent it again only after a change.
   */
  feedback?: () => FeedbackEntry[];
}

export interface PoolProgress {
  phase: LoadPhase | 'starting';
  done: number;
  total: number;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

interface Slot {
  n: number;
  worker: Worker;
  /** Generation this worker serves; -1 before its first open. */
  gen: number;
  /** Generation it is opening, if any. */
  opening?: number;
  pending: Map<number, Pending>;
  /** Waiters for the result of an open, by generation. */
  openWaiters: Map<number, (r: OpenOutcome) => void>;
  /** The feedback aggregate this worker was last sent. */
  feedbackSent?: FeedbackEntry[];
}

const silent: Log = { info() {}, warn() {}, error() {} };

/** Every worker's queue is full: the caller should answer 503 with Retry-After. */
export class PoolBusyError extends Error {
  readonly status = 503;
  readonly retryAfterSeconds = 2;
  constructor() {
    super('every matching thread is busy; try again in a moment');
    this.name = 'PoolBusyError';
  }
}

export function defaultPoolSize(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(8, cores));
}

export class MatchPool {
  private readonly slots: Slot[] = [];
  private readonly log: Log;
  private readonly timeoutMs: number;
  private readonly maxQueue: number;
  private nextId = 1;
  private nextGen = 0;
  /** The newest generation at least one worker serves. */
  private servingGen = -1;
  private source: KbSource | undefined;
  private currentInfo: KbInfo | undefined;
  /** The serving generation's index is in shared memory: a worker that joins later takes it from a sibling. */
  private servingShareable = false;
  private readyWaiters: Array<() => void> = [];
  private closed = false;
  private readonly feedback: (() => FeedbackEntry[]) | undefined;
  private loads = 0;
  progress: PoolProgress = { phase: 'starting', done: 0, total: 0 };
  lastError: string | undefined;

  constructor(opts: MatchPoolOptions = {}) {
    this.log = opts.logger ?? silent;
    this.timeoutMs = opts.requestTimeoutMs ?? 20_000;
    this.maxQueue = Math.max(1, opts.maxQueuePerWorker ?? 256);
    this.feedback = opts.feedback;
    const size = Math.max(1, opts.size ?? defaultPoolSize());
    for (let n = 0; n < size; n++) this.slots.push(this.spawn(n));
  }

  get size(): number {
    return this.slots.length;
  }

  /** The corpus in service, undefined until the first load has finished. */
  get info(): KbInfo | undefined {
    return this.currentInfo;
  }

  get ready(): boolean {
    return this.servingGen >= 0;
  }

  /** True while a load or reload is under way. */
  get loading(): boolean {
    return this.loads > 0;
  }

  /** Requests sent to a worker and not answered yet. */
  get inFlight(): number {
    return this.slots.reduce((n, s) => n + s.pending.size, 0);
  }

  /**
   * Opens `source` in every worker; resolves with its info as soon as one worker serves it
   * (the others follow in the background). Rejects when the first worker cannot open it;
   * the previous corpus then stays in service.
   */
  async load(source: KbSource): Promise<KbInfo> {
    if (this.closed) throw new Error('the match pool is closed');
    const gen = this.nextGen++;
    this.source = source;
    this.loads++;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        this.loads--;
      }
    };
    try {
      const leader = this.pickLeader();
      const first = await this.openOn(leader, gen, source);
      if (!first.info) throw new Error(first.error ?? 'the knowledge base could not be opened');
      if (gen > this.servingGen) {
        this.servingGen = gen;
        this.currentInfo = first.info;
        this.servingShareable = first.shareable === true;
        this.lastError = undefined;
      }
      for (const w of this.readyWaiters.splice(0)) w();
      // The others follow, in parallel: they take the leader's index when it is in shared memory
      // (a snapshot), and otherwise read the snapshot the leader wrote or build a small corpus.
      const followers = this.slots.filter((s) => s !== leader);
      void Promise.all(
        followers.map(async (s) => {
          if (this.nextGen - 1 !== gen || this.closed) return; // a newer load took over
          const from = first.shareable ? this.shareFrom(leader, gen) : undefined;
          const r = await this.openOn(s, gen, source, from);
          if (r.error && !this.closed)
            this.log.warn(
              { worker: s.n, gen, err: r.error },
              'match pool: a worker could not open the knowledge base',
            );
        }),
      ).finally(release);
      if (!followers.length) release();
      return first.info;
    } catch (e) {
      release();
      this.lastError = e instanceof Error ? e.message : String(e);
      throw e;
    }
  }

  answer(paste: string): Promise<Answer> {
    return this.request({ type: 'answer', paste }) as Promise<Answer>;
  }

  async article(id: string): Promise<AnswerArticle | undefined> {
    return (
      ((await this.request({ type: 'article', articleId: id })) as AnswerArticle | null | undefined) ??
      undefined
    );
  }

  /** Stops taking requests, lets the ones in flight finish (up to `graceMs`), then ends the workers. */
  async close(graceMs = 5000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const deadline = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const s of this.slots) {
      for (const p of s.pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error('the match pool closed'));
      }
      s.pending.clear();
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => 0)));
  }

  private pickLeader(): Slot {
    // The least busy worker that is not opening something else.
    return [...this.slots].sort(
      (a, b) =>
        Number(a.opening !== undefined) - Number(b.opening !== undefined) || a.pending.size - b.pending.size,
    )[0];
  }

  private openOn(slot: Slot, gen: number, source: KbSource, from?: MessagePort): Promise<OpenOutcome> {
    return new Promise((resolve) => {
      slot.opening = gen;
      slot.openWaiters.set(gen, resolve);
      slot.worker.postMessage(
        { type: 'open', gen, source, from } satisfies WorkerRequest,
        from ? [from] : [],
      );
    });
  }

  /** A port on which `sibling` sends its index of `gen`: worker to worker, past the main thread. */
  private shareFrom(sibling: Slot, gen: number): MessagePort {
    const { port1, port2 } = new MessageChannel();
    sibling.worker.postMessage({ type: 'share', gen, to: port1 } satisfies WorkerRequest, [port1]);
    return port2;
  }

  private async request(
    body: { type: 'answer'; paste: string } | { type: 'article'; articleId: string },
  ): Promise<unknown> {
    if (this.closed) throw new Error('the match pool is closed');
    if (!this.ready) await this.whenReady();
    const slot = this.pickWorker();
    if (slot.pending.size >= this.maxQueue) throw new PoolBusyError();
    if (body.type === 'answer') this.syncFeedback(slot);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        slot.pending.delete(id);
        reject(new Error(`matching took longer than ${this.timeoutMs} ms`));
        // The thread is stuck (or far behind): end it; onExit starts another with the corpus in service.
        if (!this.closed && this.slots.includes(slot)) {
          this.log.error(
            { worker: slot.n, timeoutMs: this.timeoutMs },
            'match pool: a request took too long; replacing its worker',
          );
          void slot.worker.terminate();
        }
      }, this.timeoutMs);
      timer.unref();
      slot.pending.set(id, { resolve, reject, timer });
      slot.worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  /** Sends the worker the feedback aggregate when it changed since the last one it got (messages arrive in order). */
  private syncFeedback(slot: Slot): void {
    let entries: FeedbackEntry[];
    try {
      entries = this.feedback?.() ?? [];
    } catch (e) {
      this.log.warn(
        { err: e instanceof Error ? e.message : String(e) },
        'match pool: feedback unavailable; answering without it',
      );
      return;
    }
    if (entries === slot.feedbackSent || (entries.length === 0 && !slot.feedbackSent?.length)) return;
    slot.feedbackSent = entries;
    slot.worker.postMessage({ type: 'feedback', entries } satisfies WorkerRequest);
  }

  private whenReady(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== done);
        reject(
          new Error(
            this.lastError
              ? `the knowledge base could not be loaded: ${this.lastError}`
              : 'the knowledge base is still loading',
          ),
        );
      }, this.timeoutMs);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.readyWaiters.push(done);
    });
  }

  /** The least busy worker serving the newest corpus, preferring ones not busy opening. */
  private pickWorker(): Slot {
    const serving = this.slots.filter((s) => s.gen === this.servingGen);
    const candidates = serving.length ? serving : this.slots.filter((s) => s.gen >= 0);
    const free = candidates.filter((s) => s.opening === undefined);
    const pool = free.length ? free : candidates;
    let best = pool[0];
    for (const s of pool) if (s.pending.size < best.pending.size) best = s;
    return best;
  }

  private spawn(n: number): Slot {
    const worker = startWorker(import.meta.url, 'match-worker', { name: `kbbot-match-${n}` });
    const slot: Slot = { n, worker, gen: -1, pending: new Map(), openWaiters: new Map() };
    worker.on('message', (m: WorkerResponse) => this.onMessage(slot, m));
    worker.on('error', (err) =>
      this.log.error({ worker: n, err: err.message }, 'match pool: a worker failed'),
    );
    worker.on('exit', (code) => this.onExit(slot, code));
    return slot;
  }

  private onMessage(slot: Slot, m: WorkerResponse): void {
    switch (m.type) {
      case 'progress':
        if (!this.ready || m.gen === this.nextGen - 1)
          this.progress = { phase: m.phase, done: m.done, total: m.total };
        return;
      case 'info':
        this.log.info({ worker: slot.n, gen: m.gen }, m.message);
        return;
      case 'opened':
      case 'open-failed': {
        if (m.type === 'opened') slot.gen = Math.max(slot.gen, m.gen);
        if (slot.opening === m.gen) slot.opening = undefined;
        const waiter = slot.openWaiters.get(m.gen);
        slot.openWaiters.delete(m.gen);
        waiter?.(m.type === 'opened' ? { info: m.info, shareable: m.shareable } : { error: m.error });
        return;
      }
      case 'result':
      case 'error': {
        const p = slot.pending.get(m.id);
        if (!p) return; // timed out already
        slot.pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.type === 'result') p.resolve(m.value);
        else p.reject(new Error(m.error));
        return;
      }
    }
  }

  private onExit(slot: Slot, code: number): void {
    for (const p of slot.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`the matching thread stopped (exit code ${code})`));
    }
    slot.pending.clear();
    for (const w of slot.openWaiters.values())
      w({ error: `the matching thread stopped (exit code ${code})` });
    slot.openWaiters.clear();
    if (this.closed) return;
    // Replace it, and open the corpus in service on the new one.
    this.log.error({ worker: slot.n, code }, 'match pool: a worker stopped; starting another');
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    const fresh = this.spawn(slot.n);
    this.slots[i] = fresh;
    if (this.source && this.servingGen >= 0) {
      const gen = this.servingGen;
      const sibling = this.slots.find((s) => s !== fresh && s.gen === gen && s.opening === undefined);
      const from = this.servingShareable && sibling ? this.shareFrom(sibling, gen) : undefined;
      void this.openOn(fresh, gen, this.source, from).then((r) => {
        if (r.error)
          this.log.error(
            { worker: fresh.n, err: r.error },
            'match pool: the new worker could not open the knowledge base',
          );
      });
    }
  }
}
