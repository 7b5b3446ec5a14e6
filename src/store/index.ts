/**
 * Opening the store.
 *
 * - `databaseUrl` (DATABASE_URL=postgres://…): a PostgreSQL server through `pg`; several kbbot
 *   processes may share it. A server that is down at start does not stop kbbot: the store starts
 *   degraded and connects (and migrates) when the server is back.
 * - otherwise: embedded PGlite in `dataDir` (default `.data/pglite`), one process at a time, in
 *   a thread of its own (pglite-thread.ts) so that it never holds the event loop.
 *
 * Either way the same migrations (migrations.ts) are applied at start.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pgliteDialect, type PgliteClient } from './pglite-dialect.js';
import { PgliteThread } from './pglite-thread.js';
import type { Database } from './schema.js';
import { SqlStore, resolveOptions } from './sql-store.js';
import { errorText } from './queue.js';
import type { Store, StoreOptions } from './types.js';

export { openMemoryStore } from './memory-store.js';
export { formatGapReport } from './report.js';
export { storeOptionsFromSettings } from './config.js';
export type * from './types.js';

export const DEFAULT_DATA_DIR = '.data/pglite';

export async function openStore(opts: StoreOptions): Promise<Store> {
  return opts.databaseUrl && !opts.pglite ? openPostgresStore(opts) : openPgliteStore(opts);
}

async function openPostgresStore(opts: StoreOptions): Promise<SqlStore> {
  const options = resolveOptions(opts);
  const log = options.logger;
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max: 5,
    connectionTimeoutMillis: Math.max(500, Math.min(options.connectTimeoutMs, options.queryTimeoutMs)),
    idleTimeoutMillis: 30_000,
    statement_timeout: options.queryTimeoutMs,
    query_timeout: options.queryTimeoutMs + 1000,
    idle_in_transaction_session_timeout: Math.max(options.queryTimeoutMs * 3, 30_000),
    keepAlive: true,
    application_name: 'kbbot',
  });
  // A connection lost while idle or checked out must not crash the process.
  pool.on('error', (err) => log.warn({ err: errorText(err) }, 'store: database connection lost'));
  pool.on('connect', (client) => {
    client.on('error', (err) => log.warn({ err: errorText(err) }, 'store: database connection lost'));
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const store = new SqlStore({ db, backend: 'postgres', options });
  await store.start(true);
  return store;
}

/**
 * kbbot's tables are small: PostgreSQL's default 128 MB of shared buffers (kept resident in
 * PGlite's WebAssembly memory) would cost more than the whole index of the archive; 4 MB
 * (512 pages) holds their hot pages, and costs ~30 MB less resident than 16 MB.
 */
const PGLITE_OPTIONS = { postgresqlconf: ['shared_buffers=4MB'] };

/** The embedded database allows one process: another one (a running server) holds this folder. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `store: the PGlite folder ${dataDir} is in use by process ${pid}; stop it first, or set DATABASE_URL to a PostgreSQL server to run several kbbot processes`,
    );
    this.name = 'DataDirInUseError';
  }
}

async function openPgliteStore(opts: StoreOptions): Promise<SqlStore> {
  const options = resolveOptions(opts);
  let client: PgliteClient | undefined = opts.pglite;
  let release: (() => void) | undefined;
  if (!client) {
    const dataDir = opts.dataDir ?? DEFAULT_DATA_DIR;
    if (isMemoryDir(dataDir)) {
      client = await PgliteThread.open(dataDir, PGLITE_OPTIONS);
    } else {
      mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
      release = lockDataDir(dataDir);
      try {
        client = await PgliteThread.open(dataDir, PGLITE_OPTIONS);
      } catch (err) {
        release();
        throw err;
      }
    }
  }
  const db = new Kysely<Database>({ dialect: pgliteDialect(client, !opts.pglite) });
  const store = new SqlStore({ db, backend: 'pglite', options, onClose: release });
  try {
    await store.start(false);
  } catch (err) {
    await db.destroy().catch(() => undefined);
    release?.();
    throw err;
  }
  return store;
}

function isMemoryDir(dir: string): boolean {
  return dir === 'memory://' || dir.startsWith('memory://');
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file beside the folder (`<dataDir>.lock`, holding the pid) refuses that with a clear error.
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(lockPath, 'utf8').trim() === String(process.pid))
            rmSync(lockPath, { force: true });
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirInUseError(dataDir, pid);
      }
      if (pid === process.pid) {
        throw new Error(`store: the PGlite folder ${dataDir} is already open in this process`);
      }
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`store: could not lock the PGlite folder ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
