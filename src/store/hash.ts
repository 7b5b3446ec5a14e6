import { createHmac } from 'node:crypto';
import type { Platform } from './types.js';

/**
 * The salted hash the store keeps instead of a user id: HMAC-SHA-256 of `platform:userId`
 * keyed with the salt, hex. The same person on two platforms gets two unrelated hashes.
 */
export function hashUserId(salt: string, platform: Platform, userId: string): string {
  const key = `${platform}:${userId}`;
  const memo = memoFor(salt);
  let h = memo.get(key);
  if (h === undefined) {
    h = createHmac('sha256', salt).update(key).digest('hex');
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, h);
  }
  return h;
}

/**
 * Hashes already made, per salt: an HMAC costs ~0.1 ms of the main thread, paid for every query
 * and vote, and a burst comes from few people (at most MEMO_LIMIT kept, then started over).
 */
const MEMO_LIMIT = 10_000;
const memos = new Map<string, Map<string, string>>();
function memoFor(salt: string): Map<string, string> {
  let m = memos.get(salt);
  if (!m) {
    if (memos.size >= 8) memos.clear();
    memos.set(salt, (m = new Map()));
  }
  return m;
}
