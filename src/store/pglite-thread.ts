/**
 * The embedded PGlite database in a worker thread (pglite-worker.ts), seen from the main thread
 * as the small client the Kysely dialect needs (pglite-dialect.ts): `query`, `close`.
 *
 * Why a thread: PGlite is PostgreSQL compiled to WebAssembly and runs on the thread that calls
 * it. Creating a database takes seconds and opening one about two; every query also ran on the
 * main thread, between the acks Slack gives three seconds for.
 *
 * A new data folder is created by a short-lived process (pglite-initdb.ts), then opened by the
 * thread: `initdb` needs several times the memory serving queries does, and a WebAssembly memory
 * never shrinks; a process gives all of it back when it exits.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { nodeScriptArgs, startWorker } from '../threads/start-worker.js';
import type { PgliteClient } from './pglite-dialect.js';

export interface PgliteWorkerData {
  dataDir: string;
  /** PGlite options that survive structured cloning and JSON (no functions, no file systems). */
  options: Record<string, unknown>;
}

export type PgliteRequest =
  | { op: 'query'; id: number; sql: string; params: unknown[] }
  | { op: 'close'; id: number };

export interface WireError {
  name: string;
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  severity?: string;
}

export type PgliteResponse =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { type: 'result'; id: number; rows: unknown[]; affectedRows?: number }
  | { type: 'error'; id: number; error: WireError };

/** An Error with the database's fields (`code` is what the store tests, e.g. 23505). */
function errorFrom(w: WireError): Error {
  return Object.assign(new Error(w.message), w);
}

interface Pending {
  resolve: (r: { rows: unknown[]; affectedRows?: number }) => void;
  reject: (e: Error) => void;
}

/** PGlite in its own thread; open one with `PgliteThread.open()`. */
export class PgliteThread implements PgliteClient {
  readonly waitReady = Promise.resolve();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: Error | undefined;
  private closing: Promise<void> | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: PgliteResponse) => this.onMessage(m));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`store: the PGlite thread exited (code ${code})`)));
    worker.unref();
  }

  /**
   * Opens (creating it first when new) the database in `dataDir`, or a throw-away one for
   * `memory://`. Resolves once it answers queries; rejects with PGlite's error.
   */
  static async open(dataDir: string, options: Record<string, unknown> = {}): Promise<PgliteThread> {
    const isNewFolder = !dataDir.startsWith('memory://') && !existsSync(path.join(dataDir, 'PG_VERSION'));
    if (isNewFolder) await createDatabase(dataDir, options);
    return new PgliteThread(await ready(startThread({ dataDir, options })));
  }

  get closed(): boolean {
    return this.exited !== undefined || this.closing !== undefined;
  }

  query<R>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[]; affectedRows?: number }> {
    if (this.closing) return Promise.reject(new Error('store: the PGlite thread is closed'));
    if (this.exited) return Promise.reject(this.exited);
    return this.send({ op: 'query', sql, params: [...params] }) as Promise<{
      rows: R[];
      affectedRows?: number;
    }>;
  }

  close(): Promise<void> {
    this.closing ??= this.exited
      ? Promise.resolve()
      : this.send({ op: 'close' }).then(
          () => this.worker.terminate().then(() => undefined),
          () => this.worker.terminate().then(() => undefined),
        );
    return this.closing;
  }

  private send(
    req: { op: 'query'; sql: string; params: unknown[] } | { op: 'close' },
  ): Promise<{ rows: unknown[]; affectedRows?: number }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keep the process alive while a query is out (a CLI awaiting its flush), not when idle.
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...req, id } satisfies PgliteRequest);
    });
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    return p;
  }

  private onMessage(m: PgliteResponse): void {
    if (m.type === 'result') this.settle(m.id)?.resolve({ rows: m.rows, affectedRows: m.affectedRows });
    else if (m.type === 'error') this.settle(m.id)?.reject(errorFrom(m.error));
  }

  private fail(err: Error): void {
    this.exited ??= err;
    for (const [id, p] of [...this.pending]) {
      this.settle(id);
      p.reject(err);
    }
  }
}

function startThread(data: PgliteWorkerData): Worker {
  return startWorker(import.meta.url, 'pglite-worker', { name: 'kbbot-pglite', workerData: data });
}

/** The worker once its database answers. */
function ready(worker: Worker): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (m: PgliteResponse): void => {
      if (m.type !== 'ready' && m.type !== 'failed') return;
      done();
      if (m.type === 'ready') resolve(worker);
      else void worker.terminate().finally(() => reject(errorFrom(m.error)));
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    const onExit = (code: number): void => {
      done();
      reject(new Error(`store: the PGlite thread exited (code ${code}) before the database was open`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** Runs `initdb` for `dataDir` in a process of its own (pglite-initdb.ts); rejects with its error. */
function createDatabase(dataDir: string, options: Record<string, unknown>): Promise<void> {
  const args = [...nodeScriptArgs(import.meta.url, 'pglite-initdb'), dataDir, JSON.stringify(options)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `store: the embedded database could not be created in ${dataDir}: ${stderr.trim() || `exit ${code ?? signal}`}`,
          ),
        );
    });
  });
}
