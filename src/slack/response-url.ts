/**
 * Posting to a `response_url` (slash commands, shortcuts, buttons) with the same patience as the
 * Web API client: a 429 waits for its Retry-After, a 5xx or a network error is retried with
 * back-off, anything else (404: the URL expired) fails at once. Bolt's own `respond` does not
 * retry, hence this. It posts with node:http(s) over kept-alive connections: under a burst of
 * commands the replies share the main thread with the acks, and fetch costs several times more
 * per request.
 */
import http from 'node:http';
import https from 'node:https';
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
}

export class ResponseUrlError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

interface PostResult {
  status: number;
  retryAfter?: string;
  body: string;
}

/** One POST of a JSON body; resolves with the status whatever it is, rejects on a network error. */
function post(url: URL, body: string, agents: { http: http.Agent; https: https.Agent }): Promise<PostResult> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

export function responseUrlPoster(opts: ResponseUrlOptions = {}): PostToResponseUrl {
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 60_000;
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  return async (url, message) => {
    const target = new URL(url);
    const body = JSON.stringify(message);
    await pRetry(
      async () => {
        let res: PostResult;
        try {
          res = await post(target, body, agents);
        } catch (e) {
          throw new ResponseUrlError(`response_url could not be reached: ${(e as Error).message}`);
        }
        if (res.status >= 200 && res.status < 300) return;
        const err = new ResponseUrlError(
          `response_url answered ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`,
          res.status,
        );
        if (res.status === 429) {
          const waitMs = Number(res.retryAfter ?? '1') * 1000;
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
