/**
 * Store options from the environment (a helper for the server and the CLI):
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | DATABASE_URL | postgres://… : a PostgreSQL server shared by several instances | unset: embedded PGlite |
 * | KBBOT_DATA_DIR | PGlite folder | .data/pglite |
 * | KBBOT_USER_SALT | secret for the user-id hash (required with DATABASE_URL) | made once and kept in `<data dir>/../user-salt` |
 * | KBBOT_RETENTION_DAYS | delete queries and feedback older than this; 0 keeps them | 90 |
 * | KBBOT_KEEP_ONLY_IDENTIFIERS | 1/true: keep only the identifiers of pastes | false |
 * | KBBOT_STORE_QUEUE_LIMIT | writes held in memory while the database is away | 10000 |
 * | KBBOT_CLAIM_TIMEOUT_MS | longest an event claim waits for the database | 1500 |
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StoreOptions } from './types.js';

function int(v: string | undefined, d: number, name: string): number {
  if (v === undefined || v.trim() === '') return d;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number ≥ 0 (got "${v}")`);
  return Math.floor(n);
}

function bool(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}

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
  writeFileSync(file, s + '\n', { mode: 0o600 });
  return s;
}

export function storeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StoreOptions {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const dataDir = env.KBBOT_DATA_DIR?.trim() || '.data/pglite';
  let salt = env.KBBOT_USER_SALT?.trim() || '';
  if (!salt) {
    if (databaseUrl) throw new Error('KBBOT_USER_SALT must be set with DATABASE_URL (every instance must use the same one)');
    salt = dataDir.startsWith('memory://') ? randomBytes(32).toString('hex') : localSalt(dataDir);
  }
  return {
    databaseUrl,
    dataDir,
    salt,
    retentionDays: int(env.KBBOT_RETENTION_DAYS, 90, 'KBBOT_RETENTION_DAYS'),
    keepOnlyIdentifiers: bool(env.KBBOT_KEEP_ONLY_IDENTIFIERS),
    queueLimit: Math.max(1, int(env.KBBOT_STORE_QUEUE_LIMIT, 10_000, 'KBBOT_STORE_QUEUE_LIMIT')),
    claimTimeoutMs: int(env.KBBOT_CLAIM_TIMEOUT_MS, 1500, 'KBBOT_CLAIM_TIMEOUT_MS'),
  };
}
