/**
 * The one HTTP app every platform plugs into, built from injected parts (so tests start it on
 * port 0 with a temporary content folder and a memory store):
 *
 *   GET  /                  the playground page (src/playground/)
 *   GET  /playground/*      its script and style; GET /vendor/adaptivecards.min.js (from node_modules)
 *   POST /api/ask           {"text": "...", "lastQuery"?: "..."} or a text/plain paste → the Reply and both cards
 *   GET  /api/content       the content panel: article count, formats, load problems, reloads
 *   GET  /api/gaps          content gaps: frequent unanswered pastes, articles most often not helpful, escalations
 *   GET  /api/escalations   questions handed over to the help desk (?status=open|answered)
 *   POST /api/escalations/:id/answer   answer one: {"articleId": "KB…"} or {"text": "…"}, "by"?
 *   GET  /api/learned       what was learned from help-desk answers; DELETE /api/learned/:id forgets one
 *   GET  /healthz           200 when ready (corpus and store), 503 with what is still starting
 *   GET  /readyz, /livez    Kubernetes-style readiness (also 503 while shutting down) and liveness
 *   POST /api/messages      Bot Framework (mounted by src/teams/mount.ts)
 *   …                       Slack's request URL (mounted by the Slack adapter)
 *
 * Body parsers are per route, so a platform that needs the raw body (Slack's signature) gets it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { PACKAGE_ROOT } from '../config/paths.js';
import { respond } from '../conversation/respond.js';
import { getDefaultRouter, type IntentRouter } from '../conversation/intents.js';
import type { KbService, RespondDeps, Turn } from '../conversation/types.js';
import { imageProblem, OCR_LIMITS, type ImageReader } from '../ocr/index.js';
import { articleFormatsText } from '../conversation/format.js';
import { clipPaste, pastedLength } from '../conversation/paste.js';
import { callerId, privateAccess } from '../platform/access.js';
import { buttonAction } from '../conversation/actions.js';
import { renderAdaptiveCard } from '../render/adaptive-card.js';
import { renderBlockKit } from '../render/block-kit.js';
import { renderReplyText } from '../render/text.js';
import { HelpDesk, answerMs } from '../escalation/help-desk.js';
import type { Escalation, Platform, Store } from '../store/types.js';
import type { ReloadEvent } from './live-content.js';
import { replyLane } from '../platform/reply-lane.js';
import { MAX_BODY, type Mount } from '../platform/mount.js';

/** What the content panel shows about reloads (LiveContent provides it). */
export interface ContentWatch {
  readonly reloads: number;
  readonly lastReload: ReloadEvent | undefined;
  readonly keepsPreviousVersions: boolean;
}

export interface AppDeps {
  kb: KbService;
  store?: Store;
  logger: Logger;
  version: string;
  router?: IntentRouter;
  content?: ContentWatch;
  mounts?: Mount[];
  /** Reads screenshots (src/ocr); without it an image is answered "paste the text". */
  images?: ImageReader;
  /** Clock for index ages (tests). */
  now?: () => Date;
  /** True once shutdown has begun: responses then close their connection. */
  isShuttingDown?: () => boolean;
  /**
   * Parts the first answers need besides the corpus that are still starting (e.g. `store`, whose
   * event claims a Slack retry waits for): not ready until this is empty.
   */
  starting?: () => string[];
  /** The help desk; by default one over the store (none without a store). */
  helpDesk?: HelpDesk;
  /** KB_API_TOKEN: what other addresses than this machine need for the playground and /api/* (platform/access.ts). */
  apiToken?: string;
}

/** Longest unanswered paste shown in the content-gap list (the rest is cut). */
const MAX_GAP_EXAMPLE = 500;
/** Longest `lastQuery` kept from a request. */
const MAX_LAST_QUERY = 20_000;

const PLAYGROUND_DIR = path.join(PACKAGE_ROOT, 'src', 'playground');

/** The playground's scripts and styles all come from this server; nothing may frame any page of it. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function adaptiveCardsBundle(): string {
  const require = createRequire(import.meta.url);
  return path.join(
    path.dirname(require.resolve('adaptivecards/package.json')),
    'dist',
    'adaptivecards.min.js',
  );
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  const router = deps.router ?? getDefaultRouter();
  const log = deps.logger;
  const now = deps.now ?? (() => new Date());
  const helpDesk =
    deps.helpDesk ??
    (deps.store
      ? new HelpDesk({ store: deps.store, kb: deps.kb, log: log.child({ component: 'help-desk' }), now })
      : undefined);
  const respondDeps: RespondDeps = {
    kb: deps.kb,
    store: deps.store,
    version: deps.version,
    router,
    now,
    helpDesk,
    images: deps.images,
  };
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((_req, _res, next) => {
    replyLane.arrived(); // replies wait until what came in is read and acknowledged
    next();
  });
  app.use(requestLog(log, deps.isShuttingDown));
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // Every response, page or not, may be neither framed nor run as a document with scripts of others.
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.use(privateAccess({ token: deps.apiToken }));

  // The playground: every script and style served from here (works offline).
  const page: RequestHandler = (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(PLAYGROUND_DIR, 'index.html'));
  };
  app.get('/', page);
  app.use('/playground', express.static(PLAYGROUND_DIR, { index: false, fallthrough: false, maxAge: 0 }));
  const bundle = adaptiveCardsBundle();
  app.get('/vendor/adaptivecards.min.js', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('application/javascript').sendFile(bundle);
  });

  /** What is still starting, the corpus first; empty once every part the answers need serves. */
  const waitingFor = (): string[] => [
    ...(deps.kb.status().state === 'ready' ? [] : ['corpus']),
    ...(deps.starting?.() ?? []),
  ];
  app.get('/livez', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('text/plain').send('ok\n');
  });
  app.get('/readyz', (_req, res) => {
    const waiting = deps.isShuttingDown?.() ? ['shutting down'] : waitingFor();
    res.setHeader('Cache-Control', 'no-store');
    if (waiting.length === 0) res.type('text/plain').send('ok\n');
    else
      res
        .status(503)
        .setHeader('Retry-After', '1')
        .type('text/plain')
        .send(`not ready: ${waiting.join(', ')}\n`);
  });

  app.get('/healthz', (_req, res) => {
    const st = deps.kb.status();
    const store = deps.store
      ? {
          backend: deps.store.backend,
          pendingWrites: deps.store.pendingWrites,
          droppedWrites: deps.store.droppedWrites,
        }
      : undefined;
    res.setHeader('Cache-Control', 'no-store');
    if (st.state === 'ready') {
      const loadedAt = new Date(st.stats.loadedAt);
      const starting = deps.starting?.() ?? [];
      if (starting.length > 0) res.setHeader('Retry-After', '1');
      res.status(starting.length > 0 ? 503 : 200).json({
        status: starting.length > 0 ? 'starting' : 'ok',
        ...(starting.length > 0 ? { waitingFor: starting } : {}),
        version: deps.version,
        corpus: {
          loaded: true,
          articles: st.stats.articles,
          loadedAt: st.stats.loadedAt,
          indexAgeSeconds: Math.max(0, Math.round((now().getTime() - loadedAt.getTime()) / 1000)),
          fromSnapshot: st.stats.fromSnapshot,
          reloading: st.reloading,
          problems: st.stats.problemCount,
        },
        store,
      });
      return;
    }
    res.setHeader('Retry-After', '2');
    if (st.state === 'failed') {
      res
        .status(503)
        .json({ status: 'failed', version: deps.version, corpus: { loaded: false, error: st.error }, store });
      return;
    }
    const p = st.progress;
    res.status(503).json({
      status: 'loading',
      waitingFor: waitingFor(),
      version: deps.version,
      corpus: {
        loaded: false,
        progress: {
          phase: p.phase,
          done: p.done,
          total: p.total,
          percent: p.total > 0 ? Math.floor((p.done / p.total) * 100) : 0,
        },
      },
      store,
    });
  });

  app.get('/api/content', (_req, res) => {
    const st = deps.kb.status();
    const intents = {
      count: router.intents.length,
      names: router.intents.map((i) => i.name),
      problems: router.problems,
    };
    const watch = deps.content
      ? {
          reloads: deps.content.reloads,
          lastReload: deps.content.lastReload ?? null,
          keepsPreviousVersions: deps.content.keepsPreviousVersions,
        }
      : null;
    res.setHeader('Cache-Control', 'no-store');
    if (st.state !== 'ready') {
      res.json({
        state: st.state,
        progress: st.state === 'loading' ? st.progress : null,
        error: st.state === 'failed' ? st.error : null,
        intents,
        watch,
      });
      return;
    }
    const s = st.stats;
    res.json({
      state: 'ready',
      reloading: st.reloading,
      contentDir: s.contentDir,
      articles: s.articles,
      byFormat: s.byFormat,
      formats: articleFormatsText(s.byFormat),
      loadedAt: s.loadedAt,
      fromSnapshot: s.fromSnapshot,
      problems: s.problems,
      problemCount: s.problemCount,
      intents,
      watch,
    });
  });

  // What KB authors should write next (the same report as `kbbot report`).
  app.get('/api/gaps', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!deps.store) {
      res.json({ kept: false, unanswered: [], notHelpful: [] });
      return;
    }
    const limit = queryNumber(req.query.limit, 1, 50);
    const since = queryNumber(req.query.since, 1, 36_500);
    if (Number.isNaN(limit) || Number.isNaN(since)) {
      res.status(400).json({
        error: 'bad-request',
        message: 'limit must be a whole number from 1 to 50 and since a number of days from 1 to 36500.',
      });
      return;
    }
    const sinceDays = since;
    try {
      const gaps = await deps.store.contentGaps({ limit: limit ?? 10, sinceDays });
      const titles = await Promise.all(
        gaps.notHelpful.map((n) =>
          deps.kb.article(n.articleId).then(
            (a) => a?.title,
            () => undefined,
          ),
        ),
      );
      res.json({
        kept: true,
        backend: deps.store.backend,
        unanswered: gaps.unanswered.map((u) => ({
          example: u.example.slice(0, MAX_GAP_EXAMPLE),
          count: u.count,
          lastAt: u.lastAt,
        })),
        notHelpful: gaps.notHelpful.map((n, i) => ({ ...n, title: titles[i] })),
        escalations: gaps.escalations
          ? { ...gaps.escalations, recent: gaps.escalations.recent.map((e) => escalationJson(e)) }
          : undefined,
      });
    } catch (e) {
      log.warn({ err: e instanceof Error ? e.message : String(e) }, 'content gaps unavailable');
      res.status(503).json({
        error: 'store-unavailable',
        message: 'The store is not reachable right now; content gaps come back when it is.',
      });
    }
  });

  const parseJson = express.json({
    limit: MAX_BODY,
    strict: false,
    type: ['application/json', 'application/*+json'],
  });
  const parseText = express.text({ limit: MAX_BODY, type: ['text/plain'] });
  // A screenshot (the playground's paste or drop) is the body itself, as image/*.
  const parseImage = express.raw({ limit: deps.images?.maxBytes ?? OCR_LIMITS.maxBytes, type: ['image/*'] });
  app.post('/api/ask', parseJson, parseText, parseImage, async (req, res, next) => {
    try {
      const turn = askTurn(req.headers['content-type'], req.body, callerId(req));
      if ('error' in turn) {
        res.status(turn.status).json({ error: turn.error, message: turn.message });
        return;
      }
      // A vote is taken only as JSON, which another site's page cannot send without asking first (CORS).
      if (!req.is('json') && router.route(turn.text).intent === 'feedback') {
        res.status(415).json({
          error: 'unsupported-media-type',
          message: 'Votes are taken as JSON ({"text": "helpful KB…", "lastQuery": "…"}).',
        });
        return;
      }
      const started = Date.now();
      const reply = await respond(turn, respondDeps);
      res.json({
        intent: router.route(turn.text).intent,
        reply,
        cards: { adaptiveCard: renderAdaptiveCard(reply), blockKit: renderBlockKit(reply) },
        text: renderReplyText(reply),
        corpus: deps.kb.status().state,
        ms: Date.now() - started,
      });
    } catch (e) {
      next(e);
    }
  });

  // The help desk without accounts: the playground lists handovers and answers them.
  app.get('/api/escalations', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!deps.store) {
      res.json({ kept: false, escalations: [] });
      return;
    }
    const status =
      req.query.status === 'open' || req.query.status === 'answered' ? req.query.status : undefined;
    const limit = queryNumber(req.query.limit, 1, 200);
    if (Number.isNaN(limit)) {
      res.status(400).json({ error: 'bad-request', message: 'limit must be a whole number from 1 to 200.' });
      return;
    }
    try {
      const list = await deps.store.escalations({ status, limit: limit ?? 50 });
      res.json({ kept: true, where: helpDesk?.where ?? [], escalations: list.map((e) => escalationJson(e)) });
    } catch (e) {
      log.warn({ err: e instanceof Error ? e.message : String(e) }, 'escalations unavailable');
      res.status(503).json({ error: 'store-unavailable', message: 'The store is not reachable right now.' });
    }
  });
  app.post('/api/escalations/:id/answer', parseJson, async (req, res, next) => {
    try {
      if (!helpDesk) {
        res
          .status(404)
          .json({ error: 'no-help-desk', message: 'This kbbot keeps no store, so nothing is handed over.' });
        return;
      }
      const b = (req.body ?? {}) as Record<string, unknown>;
      const by = typeof b.by === 'string' && b.by.trim() ? b.by.trim().slice(0, 100) : 'the playground';
      const articleId =
        typeof b.articleId === 'string' && b.articleId.trim() ? b.articleId.trim().slice(0, 200) : undefined;
      const text = typeof b.text === 'string' ? b.text.slice(0, 4000) : undefined;
      if (!articleId && !text?.trim()) {
        res
          .status(400)
          .json({ error: 'bad-request', message: 'Send {"articleId": "KB…"} or {"text": "the answer"}.' });
        return;
      }
      const out = await helpDesk.answer(
        String(req.params.id),
        articleId ? { by, articleId } : { by, text: text! },
      );
      if (!out.ok) {
        res.status(out.reason === 'empty' ? 400 : 404).json({ error: out.reason, message: out.message });
        return;
      }
      res.json({
        first: out.first,
        escalation: escalationJson(out.escalation),
        reply: out.reply,
        cards: { adaptiveCard: renderAdaptiveCard(out.reply), blockKit: renderBlockKit(out.reply) },
      });
    } catch (e) {
      next(e);
    }
  });
  // `kbbot forget --user` while the server holds the embedded database (private: this machine or the token).
  app.delete('/api/users/:platform/:id', async (req, res) => {
    const platform = String(req.params.platform);
    if (!['slack', 'teams', 'playground', 'cli'].includes(platform)) {
      res
        .status(400)
        .json({ error: 'bad-request', message: 'platform must be slack, teams, playground or cli.' });
      return;
    }
    if (!deps.store) {
      res.json({ deleted: 0 });
      return;
    }
    try {
      res.json({
        deleted: await deps.store.forgetUser(platform as Platform, String(req.params.id).slice(0, 200)),
      });
    } catch (e) {
      log.warn({ err: e instanceof Error ? e.message : String(e) }, 'could not forget a user');
      res.status(503).json({
        error: 'store-unavailable',
        message: 'The store is not reachable right now; nothing was deleted.',
      });
    }
  });
  app.get('/api/learned', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ learned: deps.store?.learned() ?? [] });
  });
  app.delete('/api/learned/:id', async (req, res) => {
    if (!deps.store) {
      res.status(404).json({ error: 'not-found', message: 'This kbbot keeps no store.' });
      return;
    }
    try {
      const n = await deps.store.forgetLearned({ id: String(req.params.id) });
      if (n === 0)
        res.status(404).json({ error: 'not-found', message: `No learned pairing ${req.params.id}.` });
      else res.json({ forgotten: n });
    } catch (e) {
      log.warn({ err: e instanceof Error ? e.message : String(e) }, 'could not forget a learned pairing');
      res.status(503).json({ error: 'store-unavailable', message: 'The store is not reachable right now.' });
    }
  });

  for (const mount of deps.mounts ?? [])
    mount(app, { deps: respondDeps, logger: log, store: deps.store, kb: deps.kb, helpDesk });

  app.use('/api', (_req, res) => {
    res
      .status(404)
      .json({ error: 'not-found', message: 'No such API. Try POST /api/ask with {"text": "..."}.' });
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found. The playground is at /.');
  });
  app.use(errorHandler(log));
  return app;
}

/** An escalation as the API shows it (no user hash, no platform origin). */
function escalationJson(e: Escalation) {
  return {
    id: e.id,
    at: e.at,
    platform: e.platform,
    status: e.status,
    paste: e.queryText.slice(0, MAX_GAP_EXAMPLE * 4),
    guesses: e.guesses,
    answer: e.answer,
    answerMs: answerMs(e),
    posted: e.posts.map((p) => String(p.target ?? '')),
  };
}

/** A query parameter as a whole number within [min, max]: undefined when absent, NaN when anything else. */
function queryNumber(v: unknown, min: number, max: number): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : NaN;
  return n >= min && n <= max ? n : NaN;
}

type AskTurn = Turn | { error: string; message: string; status: number };

/**
 * The request body of /api/ask → a Turn, or what is wrong with it. `caller`: who is asking when the
 * body does not say (only this machine and holders of KB_API_TOKEN get this far, so they may name a user).
 */
function askTurn(contentType: string | undefined, body: unknown, caller: string): AskTurn {
  const base = { platform: 'playground' as const, conversation: 'none' as const, userId: caller };
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/plain')
    return typeof body === 'string'
      ? { ...base, text: clipPaste(body), ...pastedLength(body) }
      : { ...base, text: '' };
  if (type.startsWith('image/'))
    return { ...base, text: '', image: { bytes: Buffer.isBuffer(body) ? body : Buffer.alloc(0) } };
  if (type !== 'application/json' && !type.endsWith('+json')) {
    return {
      status: 415,
      error: 'unsupported-media-type',
      message:
        'Send JSON ({"text": "the error"}) with Content-Type: application/json, the paste itself as text/plain, or a screenshot as image/png (or another image/* type).',
    };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return {
      status: 400,
      error: 'bad-request',
      message: 'The body must be a JSON object: {"text": "the error"}.',
    };
  }
  const o = body as Record<string, unknown>;
  if (typeof o.text !== 'string')
    return {
      status: 400,
      error: 'bad-request',
      message: 'The body needs "text": the error message to look up, as a string.',
    };
  if (o.lastQuery !== undefined && typeof o.lastQuery !== 'string')
    return { status: 400, error: 'bad-request', message: '"lastQuery", when given, must be a string.' };
  if (o.userId !== undefined && typeof o.userId !== 'string')
    return { status: 400, error: 'bad-request', message: '"userId", when given, must be a string.' };
  return {
    ...base,
    text: clipPaste(o.text),
    ...pastedLength(o.text),
    lastQuery: typeof o.lastQuery === 'string' ? o.lastQuery.slice(0, MAX_LAST_QUERY) : undefined,
    userId: typeof o.userId === 'string' && o.userId.trim() ? o.userId.slice(0, 200) : caller,
    ...(buttonAction(o.action) ? { action: buttonAction(o.action) } : {}),
  };
}

/** One log line per request: method, path (no query string), status, duration. */
function requestLog(log: Logger, isShuttingDown?: () => boolean): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const id =
      (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) ||
      randomUUID();
    res.setHeader('X-Request-Id', id);
    if (isShuttingDown?.()) res.setHeader('Connection', 'close');
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const p = req.originalUrl.split('?')[0];
      const quiet =
        p === '/healthz' ||
        p === '/readyz' ||
        p === '/livez' ||
        p.startsWith('/playground/') ||
        p.startsWith('/vendor/') ||
        p === '/api/content';
      const entry = {
        reqId: id,
        method: req.method,
        path: p,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      };
      if (quiet) log.debug(entry, 'request');
      else if (res.statusCode >= 500) log.error(entry, 'request failed');
      else log.info(entry, 'request');
    });
    next();
  };
}

/** Body-parser and unexpected errors as JSON with a clear status; never a stack trace to the client. */
function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
    let status = e.status ?? e.statusCode ?? 500;
    let body: { error: string; message: string };
    switch (e.type) {
      case 'entity.parse.failed':
        body = { error: 'bad-json', message: 'The body is not valid JSON. Send {"text": "the error"}.' };
        status = 400;
        break;
      case 'entity.too.large':
        body = req.is('image/*')
          ? {
              error: 'too-large',
              message: imageProblem('too-large', {
                maxBytes: (e as { limit?: number }).limit ?? OCR_LIMITS.maxBytes,
              }).message,
            }
          : {
              error: 'too-large',
              message: `The body is larger than ${MAX_BODY}. Paste the error message itself, not a whole log file.`,
            };
        status = 413;
        break;
      case 'encoding.unsupported':
      case 'charset.unsupported':
        body = { error: 'unsupported-encoding', message: 'Send the body as UTF-8.' };
        status = 415;
        break;
      case 'request.aborted':
        body = { error: 'aborted', message: 'The request was aborted.' };
        status = 400;
        break;
      default:
        if (status < 500) {
          body = { error: 'bad-request', message: e.message ?? 'Bad request.' };
        } else {
          const busy = status === 503 || /took longer|closed|still loading|stopped/.test(e.message ?? '');
          status = busy ? 503 : 500;
          body = {
            error: busy ? 'unavailable' : 'internal',
            message: busy
              ? `kbbot cannot answer right now: ${e.message}`
              : 'kbbot could not answer this request; the error is in the log.',
          };
          log.error({ path: req.path, err: e.message ?? String(err) }, 'request error');
        }
    }
    if (res.headersSent) return;
    if (status === 503) res.setHeader('Retry-After', '2');
    res.status(status).json(body);
  };
}
