/**
 * A Store that can be used before the real one has opened: the server answers at once while
 * the database starts (creating the embedded PGlite the first time takes seconds). Writes made
 * meanwhile are handed over when the store opens; reads see nothing yet; event claims wait
 * for it (up to `claimWaitMs`, then answer rather than drop, as the store itself does).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { openMemoryStore } from '../store/memory-store.js';
import type {
  EscalateResult,
  Escalation,
  EscalationAnswer,
  EscalationRecord,
  FeedbackEntry,
  FeedbackRecord,
  GapReport,
  LearnedPairing,
  Platform,
  QueryRecord,
  Store,
  StoreBackend,
} from '../store/types.js';

type Write =
  | { kind: 'query'; r: QueryRecord }
  | { kind: 'feedback'; r: FeedbackRecord }
  | { kind: 'escalation'; r: EscalationRecord }
  | { kind: 'answer'; id: string; a: EscalationAnswer }
  | { kind: 'post'; id: string; post: Record<string, unknown> };

export class DeferredStore implements Store {
  private store: Store | undefined;
  private failed: Error | undefined;
  private early: Write[] = [];
  /** Escalations made before the store opened, answerable meanwhile; handed over with the writes. */
  private readonly earlyBook = openMemoryStore();
  private readonly opened: Promise<Store | undefined>;

  constructor(
    opening: Promise<Store>,
    private readonly claimWaitMs = 1500,
    private readonly maxEarlyWrites = 10_000,
  ) {
    this.opened = opening.then(
      (s) => {
        this.store = s;
        void (async () => {
          for (const w of this.early.splice(0)) {
            if (w.kind === 'query') s.recordQuery(w.r);
            else if (w.kind === 'feedback') s.recordFeedback(w.r);
            else if (w.kind === 'escalation') s.escalate(w.r);
            else if (w.kind === 'answer') await s.answerEscalation(w.id, w.a).catch(() => undefined);
            else s.addEscalationPost(w.id, w.post);
          }
        })();
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
    if (this.store) {
      this.store.recordQuery(r);
      return;
    }
    if (!this.failed && this.early.length < this.maxEarlyWrites) this.early.push({ kind: 'query', r });
  }

  recordFeedback(r: FeedbackRecord): void {
    if (this.store) {
      this.store.recordFeedback(r);
      return;
    }
    if (!this.failed && this.early.length < this.maxEarlyWrites) this.early.push({ kind: 'feedback', r });
  }

  escalate(r: EscalationRecord): EscalateResult {
    if (this.store) return this.store.escalate(r);
    const res = this.earlyBook.escalate(r);
    if (res.created && !this.failed) this.early.push({ kind: 'escalation', r });
    return res;
  }

  async answerEscalation(
    id: string,
    a: EscalationAnswer,
  ): Promise<{ escalation: Escalation; first: boolean } | undefined> {
    if (this.store && !this.earlyBook.book.get(id)) return this.store.answerEscalation(id, a);
    const res = await this.earlyBook.answerEscalation(id, a);
    if (res?.first) {
      if (this.store) await this.store.answerEscalation(id, a);
      else this.early.push({ kind: 'answer', id, a });
    }
    return res;
  }

  addEscalationPost(id: string, post: Record<string, unknown>): void {
    if (this.store && !this.earlyBook.book.get(id)) {
      this.store.addEscalationPost(id, post);
      return;
    }
    this.earlyBook.addEscalationPost(id, post);
    if (this.store) this.store.addEscalationPost(id, post);
    else this.early.push({ kind: 'post', id, post });
  }

  async escalation(id: string): Promise<Escalation | undefined> {
    return (await this.store?.escalation(id)) ?? this.earlyBook.book.get(id);
  }

  async escalations(opts?: { status?: 'open' | 'answered'; limit?: number }): Promise<Escalation[]> {
    return this.store ? this.store.escalations(opts) : this.earlyBook.escalations(opts);
  }

  learned(): LearnedPairing[] {
    return this.store?.learned() ?? this.earlyBook.learned();
  }

  async forgetLearned(which: { id?: string; articleId?: string }): Promise<number> {
    return (await this.need()).forgetLearned(which);
  }

  async claimEvent(key: string): Promise<boolean> {
    if (this.store) return this.store.claimEvent(key);
    if (this.failed) return true;
    const s = await Promise.race([this.opened, sleep(this.claimWaitMs, undefined, { ref: false })]);
    return s ? s.claimEvent(key) : true;
  }

  feedback(): FeedbackEntry[] {
    return this.store?.feedback() ?? this.earlyBook.feedback();
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
