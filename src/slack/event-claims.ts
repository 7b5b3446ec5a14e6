/**
 * "Answer each Slack event once": Slack retries an Events API delivery it thinks was not
 * acknowledged in time (X-Slack-Retry-Num), possibly to another instance. The store's
 * `claimEvent` is atomic across every process sharing its database; without a store, claims
 * are kept in this process. Slash commands and interactions are not retried by Slack, so they
 * are claimed in this process only (no database write while a burst of commands is acked).
 *
 * Keys:   slack:event:<event_id>             Events API (mentions, DMs)            store
 *         slack:message:<channel>:<ts>        passive help (one reply per message)   store
 *         slack:command:<trigger_id>          slash commands                         this process
 *         slack:interaction:<trigger_id>      buttons, shortcuts                     this process
 */
import type { Store } from '../store/types.js';

export interface EventClaims {
  /** true: first time this key is seen, answer it; false: it was answered (or is being answered) already. */
  claim(key: string): Promise<boolean>;
}

/** How long an in-process claim is remembered: Slack retries for about an hour at most. */
const LOCAL_CLAIM_TTL_MS = 2 * 60 * 60 * 1000;

export function eventClaims(
  store: Pick<Store, 'claimEvent'> | undefined,
  now: () => number = Date.now,
): EventClaims {
  if (store) return { claim: (key) => store.claimEvent(key) };
  const seen = new Map<string, number>();
  return {
    async claim(key) {
      const t = now();
      // Map keeps insertion order, so the oldest claims are at the front.
      for (const [k, at] of seen) {
        if (t - at < LOCAL_CLAIM_TTL_MS) break;
        seen.delete(k);
      }
      if (seen.has(key)) return false;
      seen.set(key, t);
      return true;
    },
  };
}

export const claimKeys = {
  event: (eventId: string) => `slack:event:${eventId}`,
  message: (channel: string, ts: string) => `slack:message:${channel}:${ts}`,
  command: (triggerId: string) => `slack:command:${triggerId}`,
  interaction: (triggerId: string, actionTs = '') =>
    `slack:interaction:${triggerId}${actionTs ? `:${actionTs}` : ''}`,
};
