/**
 * The thread that owns the embedded PGlite database (started by pglite-thread.ts): it opens the
 * database (and creates it for `memory://`) and runs every query, so none of that ever holds
 * the main thread's event loop. Requests are answered one at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { lowerThisThreadPriority } from '../threads/priority.js';
import type { PgliteRequest, PgliteResponse, PgliteWorkerData, WireError } from './pglite-thread.js';

const port = parentPort!;
const { dataDir, options } = workerData as PgliteWorkerData;

function wire(err: unknown): WireError {
  const e = err instanceof Error ? err : new Error(String(err));
  const out: WireError = { name: e.name, message: e.message };
  for (const k of ['code', 'detail', 'hint', 'severity'] as const) {
    const v = (e as unknown as Record<string, unknown>)[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function post(m: PgliteResponse): void {
  port.postMessage(m);
}

let db: PGlite;
try {
  db = await PGlite.create(dataDir, options as PGliteOptions);
  // Open, its writes are batched in the background: the main thread's acks come first.
  lowerThisThreadPriority();
  post({ type: 'ready' });
} catch (err) {
  post({ type: 'failed', error: wire(err) });
  port.close();
}

let tail = Promise.resolve();
port.on('message', (m: PgliteRequest) => {
  tail = tail.then(() => handle(m));
});

async function handle(m: PgliteRequest): Promise<void> {
  try {
    if (m.op === 'query') {
      const r = await db.query(m.sql, m.params);
      post({ type: 'result', id: m.id, rows: r.rows, affectedRows: r.affectedRows });
    } else {
      if (!db.closed) await db.close();
      post({ type: 'result', id: m.id, rows: [] });
      port.close();
    }
  } catch (err) {
    post({ type: 'error', id: m.id, error: wire(err) });
  }
}
