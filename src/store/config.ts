/**
 * Store options from kbbot's settings (src/config/settings.ts: one schema, validated at start,
 * for the server and the CLI alike). The salt, when not set, is made once per PGlite folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StoreOptions } from './types.js';

/** A salt made once per PGlite folder and kept beside it (mode 0600). */
function localSalt(dataDir: string): string {
  const file = path.join(path.dirname(path.resolve(dataDir)), 'user-salt');
  try {
    const s = readFileSync(file, 'utf8').trim();
    if (s) return s;
  } catch {
    /* made below */
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const s = randomBytes(32).toString('hex');
  writeFileSync(file, `${s}\n`, { mode: 0o600 });
  return s;
}

/** The settings the store reads (names as in `.env`). */
export interface StoreSettings {
  DATABASE_URL?: string;
  KB_DATA_DIR: string;
  KB_USER_SALT?: string;
  KB_RETENTION_DAYS: number;
  KB_KEEP_ONLY_IDENTIFIERS: boolean;
  KB_STORE_QUEUE_LIMIT: number;
  KB_CLAIM_TIMEOUT_MS: number;
}

export function storeOptionsFromSettings(s: StoreSettings): StoreOptions {
  const databaseUrl = s.DATABASE_URL || undefined;
  const dataDir = s.KB_DATA_DIR;
  let salt = s.KB_USER_SALT ?? '';
  if (!salt) {
    if (databaseUrl)
      throw new Error('KB_USER_SALT must be set with DATABASE_URL (every instance must use the same one)');
    salt = dataDir.startsWith('memory://') ? randomBytes(32).toString('hex') : localSalt(dataDir);
  }
  return {
    databaseUrl,
    dataDir,
    salt,
    retentionDays: s.KB_RETENTION_DAYS,
    keepOnlyIdentifiers: s.KB_KEEP_ONLY_IDENTIFIERS,
    queueLimit: Math.max(1, s.KB_STORE_QUEUE_LIMIT),
    claimTimeoutMs: s.KB_CLAIM_TIMEOUT_MS,
  };
}
