/**
 * Replies wait their turn behind acks. Under a burst, the main thread both acknowledges
 * requests (Slack allows 3 s) and answers earlier ones: starting their matching, rendering,
 * posting. Taken as they come, that work lands between two acks, and the matching threads it
 * starts take the cores the acks need.
 *
 * So a reply's main-thread work runs in turns, one per event-loop turn (from `setImmediate`),
 * and only once the server has read what came in: a turn waits while requests or connections
 * keep arriving (`arrived()`, called by the app for every request and connection), so a burst
 * is acknowledged first and answered after. `maxHoldMs` bounds the wait: under a steady stream
 * a reply still goes out at least that often.
 */
export interface ReplyLaneOptions {
  /** Longest a waiting reply is held while requests keep arriving. Default 100 ms. */
  maxHoldMs?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

export class ReplyLane {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;
  /** Requests or connections since the lane last looked. */
  private arrivals = 0;
  /** When a reply last went through, or when the lane began waiting with nothing let through. */
  private lastRelease = 0;
  private readonly maxHoldMs: number;
  private readonly now: () => number;

  constructor(opts: ReplyLaneOptions = {}) {
    this.maxHoldMs = opts.maxHoldMs ?? 100;
    this.now = opts.now ?? (() => performance.now());
  }

  /** A request or connection came in: waiting replies hold until the server has read what is there. */
  arrived(): void {
    this.arrivals++;
  }

  /** Resolves when it is this caller's turn; its continuation then runs before the next I/O. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      if (this.waiting.length === 0 && !this.scheduled) this.lastRelease = this.now();
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const busy = this.arrivals > 0;
      this.arrivals = 0;
      const now = this.now();
      if (!busy || now - this.lastRelease >= this.maxHoldMs) {
        this.lastRelease = now;
        this.waiting.shift()?.();
      }
      if (this.waiting.length > 0) this.schedule();
    });
  }
}

/** The process's one lane: every platform's replies share it. */
export const replyLane = new ReplyLane();
