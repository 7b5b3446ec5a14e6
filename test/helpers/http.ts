/**
 * Test fixtures for the server: a temporary content folder, the app started on 127.0.0.1:0
 * with a memory store, a real match pool and live content, logs captured as objects, and
 * small HTTP helpers.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Server } from 'node:http';
import { after, before } from 'node:test';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { MatchPool } from '../../src/kb/match-pool.js';
import { createApp, type AppDeps } from '../../src/server/app.js';
import type { Mount } from '../../src/platform/mount.js';
import { LiveContent } from '../../src/server/live-content.js';
import { createLogger } from '../../src/server/logger.js';
import { openMemoryStore } from '../../src/store/index.js';
import type { KbService } from '../../src/conversation/types.js';
import { createImageReader } from '../../src/ocr/index.js';

export const SEED_CONTENT = path.join(PACKAGE_ROOT, 'content');

/** The Event Viewer entry for event 4283, as an engineer copies it. */
export const EVENT_4283 = [
  'Log Name:      Application',
  'Source:        MSExchangeMTA',
  'Date:          17/04/2026 04:04:44',
  'Event ID:      4283',
  'Task Category: Interface',
  'Level:         Warning',
  'Keywords:      Classic',
  'User:          N/A',
  'Computer:      EXCH01.corp.example.com',
  'Description:',
  '(POP4 POP4 UP(7) Proc 228) Bad LPIs in message Bad LPI 1-15-12 Error code = 8464',
].join('\n');

/** A copy of the seed content (or of `from`) in a fresh temporary folder. */
export async function tempContent(
  from: string = SEED_CONTENT,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kbbot-test-content-'));
  await cp(from, dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A test server over a copy of the seed content for the whole test file: started before its first
 * test (and handed to `started`), closed and its content removed after the last.
 */
export function useTestServer(started: (server: TestServer) => void): void {
  let server: TestServer | undefined;
  let content: Awaited<ReturnType<typeof tempContent>> | undefined;
  before(async () => {
    content = await tempContent();
    server = await startTestServer({ contentDir: content.dir });
    started(server);
  });
  after(async () => {
    await server?.close();
    await content?.remove();
  });
}

export interface LogLine {
  level: string;
  msg: string;
  [k: string]: unknown;
}

/** A pino logger whose lines are kept (parsed) for assertions. */
export function captureLogger(level = 'debug') {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
      done();
    },
  });
  return { logger: createLogger(level, stream), lines };
}

export interface TestServer {
  url: string;
  content: LiveContent;
  pool: MatchPool;
  store: ReturnType<typeof openMemoryStore>;
  logs: LogLine[];
  close(): Promise<void>;
}

export interface TestServerOptions {
  contentDir: string;
  watch?: boolean;
  poolSize?: number;
  debounceMs?: number;
  mounts?: Mount[];
  /** Do not wait for the corpus before resolving. */
  noWait?: boolean;
  /** Index snapshots (and article packs) go here, for corpora of at least `snapshotMinFiles` files. */
  cacheDir?: string;
  snapshotMinFiles?: number;
}

/** The real app on 127.0.0.1, port 0, serving `contentDir` through a match pool. */
export async function startTestServer(opts: TestServerOptions): Promise<TestServer> {
  const { logger, lines } = captureLogger();
  const store = openMemoryStore();
  const pool = new MatchPool({ size: opts.poolSize ?? 1, logger, feedback: () => store.feedback() });
  const content = new LiveContent({
    contentDir: opts.contentDir,
    cacheDir: opts.cacheDir,
    snapshotMinFiles: opts.snapshotMinFiles,
    pool,
    watch: opts.watch ?? false,
    logger,
    debounceMs: opts.debounceMs ?? 100,
  });
  // One lazy reader per server, as in production: a Tesseract thread starts on the first image only.
  const images = createImageReader();
  const app = createApp({
    kb: content,
    store,
    logger,
    version: 'test',
    content,
    mounts: opts.mounts,
    images,
  });
  const server = await listen(app);
  const loaded = content.start();
  if (!opts.noWait) await loaded;
  else loaded.catch(() => undefined);
  if (opts.watch) await content.watching;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    content,
    pool,
    store,
    logs: lines,
    async close() {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await content.close();
      await images.close();
      await pool.close(1000);
    },
  };
}

/** The app with a KbService of the test's own (a corpus that is still loading, say). */
export async function startAppWith(
  kb: KbService,
  deps: Partial<AppDeps> = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const { logger } = captureLogger();
  const server = await listen(createApp({ kb, logger, version: 'test', ...deps }));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

function listen(app: ReturnType<typeof createApp>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
    server.on('error', reject);
  });
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function postJson<T = any>(url: string, body: unknown): Promise<JsonResponse<T>> {
  return send<T>(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function getJson<T = any>(url: string): Promise<JsonResponse<T>> {
  return send<T>(url, { method: 'GET' });
}

export async function send<T = any>(url: string, init: RequestInit): Promise<JsonResponse<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: kept as text */
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  what = 'the condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
