/**
 * Replies wait their turn behind acks. Under a burst, the main thread both acknowledges
 * commands (Slack allows 3 s) and renders and posts the replies of earlier ones; taken as they
 * come, a reply's work lands between two acks. Here each reply's synchronous part (rendering,
 * starting its POST) runs one per event-loop turn, from `setImmediate`, so the requests that
 * arrived meanwhile are read and acknowledged in between.
 */
export class ReplyLane {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  /** Resolves when it is this caller's turn; its continuation then runs before the next I/O. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()?.();
      if (this.waiting.length > 0) this.schedule();
    });
  }
}

/** The process's one lane: every platform's replies share it. */
export const replyLane = new ReplyLane();
