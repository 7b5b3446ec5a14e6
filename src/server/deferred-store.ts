/**
 * A Store that can be used before the real one has opened: the server answers at once while
 * the database starts (creating the embedded PGlite the first time takes seconds). Writes made
 * meanwhile are handed over when the store opens; reads see nothing yet; event claims wait
 * for it (up to `claimWaitMs`, then answer rather than drop, as the store itself does).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FeedbackEntry, FeedbackRecord, GapReport, Platform, QueryRecord, Store, StoreBackend } from '../store/types.js';

type Write = { kind: 'query'; r: QueryRecord } | { kind: 'feedback'; r: FeedbackRecord };

export class DeferredStore implements Store {
  private store: Store | undefined;
  private failed: Error | undefined;
  private early: Write[] = [];
  private readonly opened: Promise<Store | undefined>;

  constructor(
    opening: Promise<Store>,
    private readonly claimWaitMs = 1500,
    private readonly maxEarlyWrites = 10_000,
  ) {
    this.opened = opening.then(
      (s) => {
        this.store = s;
        for (const w of this.early.splice(0)) {
          if (w.kind === 'query') s.recordQuery(w.r);
          else s.recordFeedback(w.r);
        }
        return s;
      },
      (e: unknown) => {
        this.failed = e instanceof Error ? e : new Error(String(e));
        return undefined;
      },
    );
  }

  /** The opened store, or undefined when it could not be opened. */
  whenOpen(): Promise<Store | undefined> {
    return this.opened;
  }

  get openError(): Error | undefined {
    return this.failed;
  }

  get isOpen(): boolean {
    return this.store !== undefined;
  }

  get backend(): StoreBackend {
    return this.store?.backend ?? 'memory';
  }

  get pendingWrites(): number {
    return this.store ? this.store.pendingWrites : this.early.length;
  }

  get droppedWrites(): number {
    return this.store?.droppedWrites ?? 0;
  }

  recordQuery(r: QueryRecord): void {
    if (this.store) return this.store.recordQuery(r);
    if (!this.failed && this.early.length < this.maxEarlyWrites) this.early.push({ kind: 'query', r });
  }

  recordFeedback(r: FeedbackRecord): void {
    if (this.store) return this.store.recordFeedback(r);
    if (!this.failed && this.early.length < this.maxEarlyWrites) this.early.push({ kind: 'feedback', r });
  }

  async claimEvent(key: string): Promise<boolean> {
    if (this.store) return this.store.claimEvent(key);
    if (this.failed) return true;
    const s = await Promise.race([this.opened, sleep(this.claimWaitMs, undefined, { ref: false })]);
    return s ? s.claimEvent(key) : true;
  }

  feedback(): FeedbackEntry[] {
    return this.store?.feedback() ?? [];
  }

  async contentGaps(opts?: { limit?: number; sinceDays?: number }): Promise<GapReport> {
    return (await this.need()).contentGaps(opts);
  }

  async forgetUser(platform: Platform, userId: string): Promise<number> {
    return (await this.need()).forgetUser(platform, userId);
  }

  async applyRetention(now?: Date): Promise<number> {
    return (await this.need()).applyRetention(now);
  }

  async flush(): Promise<void> {
    const s = await this.opened;
    await s?.flush();
  }

  async close(): Promise<void> {
    const s = await this.opened;
    await s?.close();
  }

  private async need(): Promise<Store> {
    const s = await this.opened;
    if (!s) throw new Error(`the store could not be opened: ${this.failed?.message ?? 'unknown error'}`);
    return s;
  }
}
