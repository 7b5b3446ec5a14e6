/**
 * `npm start`: wires the parts and nothing else. Settings (.env + environment, checked), the
 * logger, the store, the match pool, the live content, the HTTP app with its platform mounts,
 * and the signals. The server listens first, so /healthz answers at once; the corpus loads
 * behind it and queries are served as soon as the index is ready.
 */
import type { Server } from 'node:http';
import dotenv from 'dotenv';
import { openMemoryStore, openStore, storeOptionsFromSettings } from '../store/index.js';
import type { Store } from '../store/types.js';
import { getDefaultRouter } from '../conversation/intents.js';
import { MatchPool } from '../kb/match-pool.js';
import { mountTeams } from '../teams/mount.js';
import { mountSlack, slackSettingsFrom, type SlackAdapter } from '../slack/mount.js';
import { HelpDesk } from '../escalation/help-desk.js';
import { webhookTarget } from '../escalation/webhook.js';
import { createApp } from './app.js';
import type { Mount } from '../platform/mount.js';
import { DeferredStore } from './deferred-store.js';
import { LiveContent } from './live-content.js';
import { replyLane } from '../platform/reply-lane.js';
import { createLogger, stdoutDestination } from './logger.js';
import { loadSettings, type Settings } from '../config/settings.js';
import { VERSION } from '../config/version.js';
import { createImageReader } from '../ocr/index.js';

dotenv.config({ quiet: true });
const loaded = loadSettings(process.env);
if (!loaded.ok) {
  process.stderr.write(`${loaded.message}\n`);
  process.exit(1);
}
const settings: Settings = loaded.settings;
const log = createLogger(settings.LOG_LEVEL, stdoutDestination());
const started = Date.now();

process.on('uncaughtException', (err) => {
  log.fatal({ err: err.stack ?? err.message }, 'uncaught exception');
  process.exit(1);
});
process.on('unhandledRejection', (reason) =>
  log.error({ err: reason instanceof Error ? reason.stack : String(reason) }, 'unhandled rejection'),
);

for (const p of getDefaultRouter().problems)
  log.warn({ file: p.file, line: p.line, reason: p.reason }, 'intent file left out');

// Feedback re-ranks answers; the store may open after the corpus, so this is read at answer time.
const pool = new MatchPool({
  size: settings.KB_MATCH_WORKERS,
  logger: log.child({ component: 'match-pool' }),
  feedback: () => store.feedback(),
});
const content = new LiveContent({
  contentDir: settings.KB_CONTENT_DIR,
  cacheDir: settings.KB_CACHE_DIR,
  pool,
  watch: settings.KB_WATCH,
  logger: log.child({ component: 'content' }),
});
const corpusLoaded = content.start();
corpusLoaded.then(
  (info) =>
    log.info(
      {
        articles: info.size,
        problems: info.report.problems.length,
        fromSnapshot: info.fromSnapshot,
        ms: Date.now() - started,
      },
      `corpus ready: ${info.size} articles`,
    ),
  (err: unknown) =>
    log.error(
      { err: err instanceof Error ? err.message : String(err), contentDir: settings.KB_CONTENT_DIR },
      'the corpus could not be loaded',
    ),
);

// The store opens beside the corpus, each in threads of its own (PGlite creates and opens its
// database in a worker), so neither holds the event loop; /healthz says ready once both serve.
// What is recorded before the store is open is handed over then. A store that cannot open
// (PGlite folder in use, bad database) does not stop kbbot: it then keeps nothing, and says so.
const storeLog = log.child({ component: 'store' });
const opening: Promise<Store> = openStore({ ...storeOptionsFromSettings(settings), logger: storeLog }).then(
  (s) => {
    storeLog.info({ backend: s.backend, ms: Date.now() - started }, 'store open');
    return s;
  },
  (err: unknown) => {
    storeLog.error(
      { err: err instanceof Error ? err.message : String(err) },
      'store could not be opened; queries and feedback are not kept this run',
    );
    return openMemoryStore();
  },
);
const store = new DeferredStore(opening);

// One line when /healthz turns ready, with where the main thread's memory is at that moment.
void Promise.all([corpusLoaded, opening]).then(
  () => {
    const mb = (n: number) => Math.round(n / 1048576);
    const m = process.memoryUsage();
    const memoryMb = {
      rss: mb(m.rss),
      heapUsed: mb(m.heapUsed),
      heapTotal: mb(m.heapTotal),
      external: mb(m.external),
      arrayBuffers: mb(m.arrayBuffers),
    };
    log.info({ ms: Date.now() - started, memoryMb }, 'ready');
  },
  () => undefined,
);

let shuttingDown = false;
const mounts: Mount[] = [
  (app, ctx) =>
    void mountTeams(app, {
      deps: ctx.deps,
      logger: log.child({ component: 'teams' }),
      settings,
      store: ctx.store,
      helpDesk: ctx.helpDesk,
      escalation: settings.TEAMS_ESCALATION_CHANNEL
        ? { channelId: settings.TEAMS_ESCALATION_CHANNEL, serviceUrl: settings.TEAMS_SERVICE_URL }
        : undefined,
    }),
];
// The help desk's webhook, when set: every handover and its answer, signed.
const webhookUrl = settings.KB_ESCALATION_WEBHOOK_URL;
const webhookSecret = settings.KB_ESCALATION_WEBHOOK_SECRET;
if (webhookUrl && webhookSecret)
  mounts.push((_app, ctx) =>
    ctx.helpDesk?.addTarget(webhookTarget({ url: webhookUrl, secret: webhookSecret })),
  );
// Slack only when configured: HTTP mode (SLACK_SIGNING_SECRET) or Socket Mode (SLACK_APP_TOKEN).
const slackSettings = slackSettingsFrom(settings);
let slack: SlackAdapter | undefined;
if (slackSettings) mounts.push((app, ctx) => void (slack = mountSlack(app, ctx, slackSettings)));
const starting = (): string[] => (store.isOpen ? [] : ['store']);
// Screenshots: Tesseract threads start on the first image, not before.
const images =
  settings.KB_OCR_JOBS > 0
    ? createImageReader({ jobs: settings.KB_OCR_JOBS, maxBytes: settings.KB_OCR_MAX_MB * 1024 * 1024 })
    : undefined;
// Made here rather than by the app, so that shutdown can wait for handovers still being posted.
const helpDesk = new HelpDesk({ store, kb: content, log: log.child({ component: 'help-desk' }) });
const app = createApp({
  kb: content,
  store,
  logger: log,
  version: VERSION,
  content,
  mounts,
  images,
  isShuttingDown: () => shuttingDown,
  starting,
  helpDesk,
  apiToken: settings.KB_API_TOKEN,
});

const server: Server = app.listen(settings.PORT, settings.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.PORT;
  const host = settings.HOST === '0.0.0.0' || settings.HOST === '::' ? 'localhost' : settings.HOST;
  log.info(
    {
      port,
      host: settings.HOST,
      url: `http://${host}:${port}/`,
      version: VERSION,
      contentDir: settings.KB_CONTENT_DIR,
      workers: pool.size,
    },
    `kbbot ${VERSION} listening: playground at http://${host}:${port}/`,
  );
});
server.on('error', (err: NodeJS.ErrnoException) => {
  log.fatal(
    { err: err.message, code: err.code },
    err.code === 'EADDRINUSE'
      ? `port ${settings.PORT} is in use: set PORT to another port`
      : 'the server could not start',
  );
  process.exit(1);
});
// A new connection is a request on its way: replies wait until it is read (platform/reply-lane.ts).
server.on('connection', () => replyLane.arrived());
server.keepAliveTimeout = 65_000; // longer than the usual proxy's, so it never reuses a closed socket
slack
  ?.start()
  .catch((err: unknown) =>
    log.error(
      { component: 'slack', err: err instanceof Error ? err.message : String(err) },
      'slack: socket mode could not connect',
    ),
  );

/** SIGTERM/SIGINT: stop taking connections, let requests in flight finish, flush the store, exit. */
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) {
    log.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  }
  shuttingDown = true;
  log.info({ signal, inFlight: pool.inFlight }, 'shutting down: finishing requests in flight');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections close as soon as their request in flight has finished.
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  force.unref();
  await closed;
  clearInterval(idle);
  clearTimeout(force);
  // Slack replies to events acked before the signal, and handovers and answers being posted (a
  // webhook retrying), get a few seconds; the store keeps handovers anyway.
  await Promise.race([
    Promise.all([slack?.settled(), helpDesk.settled()]),
    new Promise((r) => setTimeout(r, 5000).unref()),
  ]);
  await slack?.stop().catch(() => undefined);
  // The pool first: a corpus still loading is abandoned rather than waited for.
  await pool.close();
  await images?.close();
  await content.close();
  await store
    .close()
    .catch((err: unknown) =>
      log.error({ err: err instanceof Error ? err.message : String(err) }, 'store did not close cleanly'),
    );
  log.info({ signal }, 'stopped');
  process.exit(0);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
