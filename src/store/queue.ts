/**
 * The in-memory write queue: writes are accepted at once, written in batches in the background,
 * kept and retried (with back-off) while the database is away, bounded (the oldest are dropped,
 * with a count in the log), and flushed on demand.
 */
import type { Log } from '../config/log.js';

export interface WriteQueueOptions<T> {
  limit: number;
  /** Writes one batch; throws to have the whole batch kept and retried. */
  write: (batch: T[]) => Promise<void>;
  logger: Log;
  batchSize?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Delay before a background write after a push, to batch bursts. */
  lingerMs?: number;
  /** Least time between two "dropped" log lines (they carry the count since the last). */
  dropLogIntervalMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class WriteQueue<T> {
  readonly #o: Required<WriteQueueOptions<T>>;
  #queue: T[] = [];
  #inflight: T[] = [];
  #dropped = 0;
  #droppedUnlogged = 0;
  #dropLogTimer: NodeJS.Timeout | null = null;
  #timer: NodeJS.Timeout | null = null;
  #failures = 0;
  #lastError: unknown = null;
  /** Serialises drains and exclusive sections. */
  #lock: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(opts: WriteQueueOptions<T>) {
    this.#o = {
      batchSize: 500,
      retryMinMs: 200,
      retryMaxMs: 5000,
      lingerMs: 5,
      dropLogIntervalMs: 5000,
      ...opts,
    };
  }

  get pending(): number {
    return this.#queue.length + this.#inflight.length;
  }
  get dropped(): number {
    return this.#dropped;
  }
  get failing(): boolean {
    return this.#failures > 0;
  }

  /** Items not yet written, oldest first (in flight included). */
  items(): readonly T[] {
    return [...this.#inflight, ...this.#queue];
  }

  push(item: T): void {
    this.#queue.push(item);
    this.#enforceLimit();
    if (!this.#closed && !this.#timer)
      this.#schedule(this.#failures > 0 ? this.#backoff() : this.#o.lingerMs);
  }

  #enforceLimit(): void {
    const over = this.pending - Math.max(0, this.#o.limit);
    if (over <= 0) return;
    const n = Math.min(over, this.#queue.length);
    this.#queue.splice(0, n);
    this.#dropped += n;
    this.#droppedUnlogged += n;
    this.#logDropped();
  }

  #logDropped(): void {
    if (this.#dropLogTimer) return;
    const emit = () => {
      if (this.#droppedUnlogged === 0) {
        this.#dropLogTimer = null;
        return;
      }
      this.#o.logger.warn(
        {
          dropped: this.#droppedUnlogged,
          droppedTotal: this.#dropped,
          queueLimit: this.#o.limit,
          pending: this.pending,
        },
        'store write queue full: dropped the oldest writes',
      );
      this.#droppedUnlogged = 0;
      this.#dropLogTimer = setTimeout(emit, this.#o.dropLogIntervalMs);
      this.#dropLogTimer.unref();
    };
    // A burst of drops is logged as one line, then at most one line per interval.
    this.#dropLogTimer = setTimeout(emit, 0);
    this.#dropLogTimer.unref();
  }

  #backoff(): number {
    return Math.min(
      this.#o.retryMaxMs,
      this.#o.retryMinMs * 2 ** Math.min(10, Math.max(0, this.#failures - 1)),
    );
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#drain().catch((err: unknown) =>
        this.#o.logger.error({ err: errorText(err) }, 'store: write queue error'),
      );
    }, ms);
    this.#timer.unref();
  }

  /** Runs `fn` with no write in flight and no write starting meanwhile. */
  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.#lock.then(fn);
    this.#lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Removes queued (not yet written) items; returns how many. */
  removeWhere(pred: (item: T) => boolean): number {
    const before = this.#queue.length;
    this.#queue = this.#queue.filter((i) => !pred(i));
    return before - this.#queue.length;
  }

  /** One attempt to write everything queued; resolves true when the queue is empty after it. */
  #drain(): Promise<boolean> {
    return this.exclusive(async () => {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.#o.batchSize);
        this.#inflight = batch;
        try {
          await this.#o.write(batch);
        } catch (err) {
          this.#queue.unshift(...batch);
          this.#inflight = [];
          this.#enforceLimit();
          this.#failures++;
          this.#lastError = err;
          if (this.#failures === 1 || this.#failures % 20 === 0) {
            this.#o.logger.warn(
              { err: errorText(err), pending: this.pending, failures: this.#failures },
              'store: database write failed; writes kept in memory and retried',
            );
          }
          if (!this.#closed && !this.#timer) this.#schedule(this.#backoff());
          return false;
        }
        this.#inflight = [];
        if (this.#failures > 0) {
          this.#o.logger.info(
            { failures: this.#failures, droppedTotal: this.#dropped },
            'store: database back, queued writes flushed',
          );
          this.#failures = 0;
          this.#lastError = null;
        }
      }
      return true;
    });
  }

  /** Writes everything queued, retrying until `timeoutMs`; rejects with the count still queued. */
  async flush(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#timer) {
        clearTimeout(this.#timer);
        this.#timer = null;
      }
      if (await this.#drain()) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        if (!this.#closed && !this.#timer) this.#schedule(this.#backoff());
        throw new Error(
          `store: ${this.pending} writes still queued after ${timeoutMs} ms (${errorText(this.#lastError)})`,
        );
      }
      await sleep(Math.min(left, this.#backoff()));
    }
  }

  /** Stops background writing (queued items stay, see `pending`). */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#dropLogTimer) clearTimeout(this.#dropLogTimer);
    this.#dropLogTimer = null;
    if (this.#droppedUnlogged > 0) {
      this.#o.logger.warn(
        { dropped: this.#droppedUnlogged, droppedTotal: this.#dropped },
        'store write queue full: dropped the oldest writes',
      );
      this.#droppedUnlogged = 0;
    }
  }
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const msg =
      err.message || (err as AggregateError).errors?.map((e: unknown) => errorText(e)).join('; ') || err.name;
    return code ? `${String(code)}: ${msg}` : msg;
  }
  return String(err);
}
