/**
 * Fetching an image a chat platform holds (a Slack file, a Teams attachment) with the bot's
 * credentials, within the OCR byte limit and a deadline: the body is read as a stream and
 * dropped as soon as it passes the limit, so a large file costs no more than the limit.
 */
import { OCR_LIMITS } from './limits.js';
import { problem } from './read-image.js';
import type { ImageFailure } from './types.js';

export type Downloaded = { ok: true; bytes: Buffer; contentType: string } | ImageFailure;

export interface DownloadOptions {
  headers?: Record<string, string>;
  maxBytes?: number;
  timeoutMs?: number;
  /** False: a redirect is a failure (the URL came from a message and was checked; where it points to was not). */
  followRedirects?: boolean;
}

export const DOWNLOAD_FAILED = 'I could not download that image. Send it again, or paste the error text.';

export async function downloadImage(url: string, opts: DownloadOptions = {}): Promise<Downloaded> {
  const maxBytes = opts.maxBytes ?? OCR_LIMITS.maxBytes;
  const failed = { ok: false as const, problem: 'failed' as const, message: DOWNLOAD_FAILED };
  let res: Response;
  try {
    res = await fetch(url, {
      headers: opts.headers,
      redirect: opts.followRedirects === false ? 'error' : 'follow',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
  } catch {
    return failed;
  }
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  // Slack answers a request without a valid token with its sign-in page (200, text/html).
  if (!res.ok || contentType === 'text/html') {
    await res.body?.cancel().catch(() => undefined);
    return failed;
  }
  if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return problem('too-large', { maxBytes });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  try {
    for (let r = await reader?.read(); r && !r.done; r = await reader?.read()) {
      size += r.value.byteLength;
      if (size > maxBytes) {
        await reader?.cancel().catch(() => undefined);
        return problem('too-large', { maxBytes });
      }
      chunks.push(Buffer.from(r.value));
    }
  } catch {
    return failed;
  }
  return { ok: true, bytes: Buffer.concat(chunks), contentType };
}
