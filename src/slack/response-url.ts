/**
 * Posting to a `response_url` (slash commands, shortcuts, buttons) with the same patience as the
 * Web API client: a 429 waits for its Retry-After, a 5xx or a network error is retried with
 * back-off, anything else (404: the URL expired) fails at once. Bolt's own `respond` does not
 * retry, hence this.
 */
import pRetry, { AbortError } from 'p-retry';

export interface ResponseMessage {
  text?: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
  thread_ts?: string;
}

export type PostToResponseUrl = (url: string, message: ResponseMessage) => Promise<void>;

export interface ResponseUrlOptions {
  /** Retries after the first attempt. Default 5. */
  retries?: number;
  /** First back-off; doubles each time. Default 1000 ms. */
  minTimeoutMs?: number;
  /** Longest Retry-After honoured; a longer one fails the post. Default 60 s. */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
}

export class ResponseUrlError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export function responseUrlPoster(opts: ResponseUrlOptions = {}): PostToResponseUrl {
  const doFetch = opts.fetch ?? fetch;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 60_000;
  return async (url, message) => {
    await pRetry(
      async () => {
        let res: Response;
        try {
          res = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
        } catch (e) {
          throw new ResponseUrlError(`response_url could not be reached: ${(e as Error).message}`);
        }
        if (res.ok) {
          await res.arrayBuffer().catch(() => undefined);
          return;
        }
        const body = await res.text().catch(() => '');
        const err = new ResponseUrlError(`response_url answered ${res.status}${body ? `: ${body.slice(0, 200)}` : ''}`, res.status);
        if (res.status === 429) {
          const waitMs = Number(res.headers.get('retry-after') ?? '1') * 1000;
          if (!Number.isFinite(waitMs) || waitMs > maxRetryAfterMs) throw new AbortError(err);
          await new Promise((r) => setTimeout(r, waitMs));
          throw err;
        }
        if (res.status >= 500) throw err;
        throw new AbortError(err);
      },
      { retries: opts.retries ?? 5, minTimeout: opts.minTimeoutMs ?? 1000, factor: 2, randomize: true },
    );
  };
}
