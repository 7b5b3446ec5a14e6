/**
 * Kysely's PGlite dialect (kysely-pglite) with one change: a connection is lent to one user at
 * a time. PGlite is a single session, so without this a query run while a transaction is open
 * elsewhere would land inside that transaction.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import { KyselyPGlite } from 'kysely-pglite';

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

/** kysely-pglite hands back PGlite's `affectedRows`; Kysely reads `numAffectedRows`. */
class CountingConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const res = (await this.inner.executeQuery<R>(q)) as QueryResult<R> & { affectedRows?: number };
    if (res.numAffectedRows === undefined && typeof res.affectedRows === 'number') {
      return { ...res, numAffectedRows: BigInt(res.affectedRows) };
    }
    return res;
  }
  streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(q, chunkSize);
  }
}

class SerialDriver implements Driver {
  readonly #inner: Driver;
  readonly #mutex = new Mutex();
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();
  readonly #ownsClient: boolean;
  constructor(inner: Driver, ownsClient: boolean) {
    this.#inner = inner;
    this.#ownsClient = ownsClient;
  }
  init() {
    return this.#inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.lock();
    try {
      const conn = new CountingConnection(await this.#inner.acquireConnection());
      this.#releases.set(conn, release);
      return conn;
    } catch (err) {
      release();
      throw err;
    }
  }
  beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
    return this.#inner.beginTransaction(conn, settings);
  }
  commitTransaction(conn: DatabaseConnection) {
    return this.#inner.commitTransaction(conn);
  }
  rollbackTransaction(conn: DatabaseConnection) {
    return this.#inner.rollbackTransaction(conn);
  }
  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.releaseConnection(conn instanceof CountingConnection ? conn.inner : conn);
    } finally {
      this.#releases.get(conn)?.();
      this.#releases.delete(conn);
    }
  }
  async destroy(): Promise<void> {
    if (this.#ownsClient) await this.#inner.destroy();
  }
}

/** The dialect for `client`; `ownsClient: false` leaves the client open when Kysely is destroyed. */
export function pgliteDialect(client: PGlite, ownsClient: boolean): Dialect {
  const inner = new KyselyPGlite(client).dialect;
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => new SerialDriver(inner.createDriver(), ownsClient),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
}
