/**
 * The one call from Slack into the conversation: a Turn → a Reply, never a throw. An error in
 * the core (a worker that died, a corpus that failed) becomes a friendly reply and one log line,
 * so a person always hears back and the adapter never crashes on it.
 */
import type { Logger } from 'pino';
import { respond } from '../conversation/respond.js';
import type { Reply, RespondDeps, Turn } from '../conversation/types.js';
import { replyLane } from '../platform/reply-lane.js';

export const CORE_ERROR_TEXT =
  'Sorry, kbbot could not answer that just now. Try again in a moment; if it keeps failing, tell whoever runs kbbot.';

export async function answerTurn(
  turn: Turn,
  deps: RespondDeps,
  log: Logger,
  surface: string,
): Promise<Reply> {
  let reply: Reply;
  try {
    // The matching this starts, like the reply's rendering and posting below, waits for acks.
    await replyLane.turn();
    reply = await respond(turn, deps);
  } catch (e) {
    log.error(
      {
        platform: 'slack',
        surface,
        conversation: turn.conversation,
        err: e instanceof Error ? e.message : String(e),
      },
      'answer failed',
    );
    reply = { kind: 'text', text: CORE_ERROR_TEXT };
  }
  // What the caller does next (render, post) waits for its turn behind pending acks.
  await replyLane.turn();
  return reply;
}

/** Runs a listener's work after its ack; a failure (Slack unreachable after retries) is one log line, never an unhandled rejection. */
export async function afterAck(log: Logger, surface: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    const err = e as { message?: string; code?: string; data?: { error?: string } };
    log.error(
      { platform: 'slack', surface, err: err.data?.error ?? err.message ?? String(e), code: err.code },
      'reply could not be delivered',
    );
  }
}
