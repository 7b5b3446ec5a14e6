/**
 * A Kysely dialect for PGlite: Kysely's own PostgreSQL adapter, query compiler and
 * introspector, over a small driver.
 *
 * The driver is ours rather than kysely-pglite's because kysely-pglite's (0.6) lends its one
 * PGlite session to any number of users at once (a query run while a transaction is open
 * elsewhere lands inside that transaction), reports no affected-row counts to Kysely, and
 * starts an unawaited `mkdir` of the data folder on every construction. Here a connection is
 * lent to one user at a time (one lock per PGlite instance, shared by every Kysely on it).
 *
 * The client is PGlite itself (tests, an app that owns its PGlite) or kbbot's PGlite thread
 * (pglite-thread.ts), which is how the store opens a data folder.
 */
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';

/** What the driver needs of PGlite; `PGlite` and `PgliteThread` both have it. */
export interface PgliteClient {
  readonly waitReady: Promise<void>;
  readonly closed: boolean;
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  close(): Promise<void>;
}

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(
    readonly client: PgliteClient,
    readonly release: () => void,
  ) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const res = await this.client.query<R>(q.sql, [...q.parameters]);
    return {
      rows: res.rows,
      ...(typeof res.affectedRows === 'number' ? { numAffectedRows: BigInt(res.affectedRows) } : {}),
    };
  }
  // biome-ignore lint/correctness/useYield: Kysely's driver interface wants a generator; PGlite cannot stream.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream query results');
  }
}

class PGliteDriver implements Driver {
  constructor(
    readonly client: PgliteClient,
    readonly mutex: Mutex,
    readonly ownsClient: boolean,
  ) {}
  async init(): Promise<void> {
    await this.client.waitReady;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.lock();
    return new PGliteConnection(this.client, release);
  }
  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    (conn as PGliteConnection).release();
  }
  async destroy(): Promise<void> {
    if (this.ownsClient && !this.client.closed) await this.client.close();
  }
}

const mutexes = new WeakMap<PgliteClient, Mutex>();

/** The dialect for `client`; `ownsClient: false` leaves the client open when Kysely is destroyed. */
export function pgliteDialect(client: PgliteClient, ownsClient: boolean): Dialect {
  let mutex = mutexes.get(client);
  if (!mutex) {
    mutex = new Mutex();
    mutexes.set(client, mutex);
  }
  const m = mutex;
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PGliteDriver(client, m, ownsClient),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}
