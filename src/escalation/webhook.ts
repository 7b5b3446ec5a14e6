/**
 * The help-desk webhook (KB_ESCALATION_WEBHOOK_URL): each handover, and later its answer, as a
 * JSON POST that a ticket system's automation (Jira, ServiceNow, Zendesk, PagerDuty) can act on.
 *
 *   X-Kbbot-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with KB_ESCALATION_WEBHOOK_SECRET>
 *   X-Kbbot-Event:     escalation.created | escalation.answered
 *   X-Kbbot-Delivery:  a uuid, the same on every retry of one delivery (to drop duplicates)
 *
 * A 5xx, a 429 or a network error is retried with exponential back-off; any other answer but
 * 2xx is given up at once (logged). The payload is documented in the README ("Help desk webhook").
 */
import { createHmac, randomUUID } from 'node:crypto';
import pRetry, { AbortError } from 'p-retry';
import type { Escalation } from '../store/types.js';
import { answerMs, type Handover, type HandoverTarget } from './help-desk.js';

const SIGNATURE_HEADER = 'x-kbbot-signature';
const EVENT_HEADER = 'x-kbbot-event';
const DELIVERY_HEADER = 'x-kbbot-delivery';

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Retries after the first attempt. Default 6 (about a minute in all). */
  retries?: number;
  /** First back-off; doubles each time. Default 1000 ms. */
  minTimeoutMs?: number;
  /** One attempt's time limit. Default 10 s. */
  timeoutMs?: number;
  /** Article links in the payload (the corpus's URL of an id), when known. */
  articleUrl?: (id: string) => string | undefined;
}

/** HMAC-SHA256 of the body, as the receiver recomputes it. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function createdPayload(h: Handover, articleUrl?: (id: string) => string | undefined) {
  const e = h.escalation;
  return {
    event: 'escalation.created' as const,
    id: e.id,
    at: e.at.toISOString(),
    platform: e.platform,
    asker: { id: h.asker.userId ?? null, name: h.asker.name ?? null },
    paste: h.paste,
    guesses: e.guesses.map((g) => ({
      id: g.id,
      title: g.title,
      confidence: g.confidence,
      url: articleUrl?.(g.id) ?? null,
    })),
    link: h.link ?? null,
  };
}

export function answeredPayload(e: Escalation) {
  const a = e.answer!;
  return {
    event: 'escalation.answered' as const,
    id: e.id,
    at: e.at.toISOString(),
    platform: e.platform,
    answer: {
      at: a.at.toISOString(),
      by: a.by,
      kind: a.kind,
      articleId: a.articleId ?? null,
      text: a.text ?? null,
    },
    answerMs: answerMs(e) ?? null,
  };
}

class WebhookError extends Error {}

export function webhookTarget(o: WebhookOptions): HandoverTarget {
  const host = new URL(o.url).host;
  const send = async (event: string, payload: object) => {
    const body = JSON.stringify(payload);
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'kbbot',
      [SIGNATURE_HEADER]: signBody(o.secret, body),
      [EVENT_HEADER]: event,
      [DELIVERY_HEADER]: randomUUID(),
    };
    await pRetry(
      async () => {
        let res: Response;
        try {
          res = await fetch(o.url, {
            method: 'POST',
            headers,
            body,
            signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
            redirect: 'error',
          });
        } catch (e) {
          throw new WebhookError(`webhook ${host} could not be reached: ${(e as Error).message}`);
        }
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return;
        const err = new WebhookError(`webhook ${host} answered ${res.status}`);
        if (res.status >= 500 || res.status === 429) throw err;
        throw new AbortError(err);
      },
      { retries: o.retries ?? 6, minTimeout: o.minTimeoutMs ?? 1000, factor: 2, randomize: true },
    );
  };
  return {
    id: 'webhook',
    name: `the help-desk webhook (${host})`,
    async post(h) {
      await send('escalation.created', createdPayload(h, o.articleUrl));
      return { host };
    },
    async answered(e) {
      if (e.answer) await send('escalation.answered', answeredPayload(e));
    },
  };
}
