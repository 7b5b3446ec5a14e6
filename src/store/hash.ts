import { createHmac } from 'node:crypto';
import type { Platform } from './types.js';

/**
 * The salted hash the store keeps instead of a user id: HMAC-SHA-256 of `platform:userId`
 * keyed with the salt, hex. The same person on two platforms gets two unrelated hashes.
 */
export function hashUserId(salt: string, platform: Platform, userId: string): string {
  return createHmac('sha256', salt).update(`${platform}:${userId}`).digest('hex');
}
