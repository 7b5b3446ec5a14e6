/**
 * The conversation logic every surface shares: a Turn in, a Reply out. Routing is the intent
 * router's; matching is the KbService's; renderers (src/render/) draw the Reply per platform.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Alternative, Answer } from '../answer/types.js';
import { decodeCode, formatCodeReport } from '../codes/index.js';
import { looksBinary } from '../corpus/decode-text.js';
import { canonicalId } from '../corpus/article-id.js';
import { longPasteNotice } from '../kb/answer-paste.js';
import { clipPaste, pastedLength } from './paste.js';
import type { ButtonAction } from './actions.js';
import { agoText, articleFormatsText, progressText } from './format.js';
import { pasteWithImage, withImageNotice } from '../ocr/paste.js';
import { getDefaultRouter, type IntentRouter, type Route } from './intents.js';
import type { KbStatus, Reply, RespondDeps, Turn } from './types.js';
import type { QueryRecord } from '../store/types.js';

/** Longest paste kept in a reply (buttons carry it back; the store keeps it): the matcher reads no more than this anyway. */
export const MAX_KEPT_QUERY_CHARS = 2000;

export async function respond(turn: Turn, deps: RespondDeps): Promise<Reply> {
  const router = deps.router ?? getDefaultRouter();
  // Surfaces cut a paste where it comes in; this catches any that did not, before a pattern runs.
  const t: Turn = {
    ...turn,
    ...pastedLength(turn.text),
    text: clipPaste(turn.text),
    lastQuery: turn.lastQuery === undefined ? undefined : clipPaste(turn.lastQuery),
  };
  if (t.image) return screenshot(t, deps, router);
  const route = t.action ? buttonRoute(t.action, t.text) : router.route(t.text);
  return replyFor(route, t, deps, router);
}

/** The route a button names: its intent and article as they are (any id spelling). */
function buttonRoute(action: ButtonAction, text: string): Route {
  if (action.intent === 'article') return { intent: 'article', slots: { id: action.articleId }, text };
  return {
    intent: 'feedback',
    slots: { id: action.articleId, vote: action.helpful ? 'helpful' : 'not helpful' },
    text,
  };
}

async function replyFor(route: Route, turn: Turn, deps: RespondDeps, router: IntentRouter): Promise<Reply> {
  const status = deps.kb.status();
  switch (route.intent) {
    case 'help':
      return {
        kind: 'help',
        text: router.reply('help', 'text', {}, 'Paste an error and I answer with the article that fixes it.'),
        examples: helpExamples(router),
      };
    case 'greeting':
      return {
        kind: 'greeting',
        text: router.reply(
          'greeting',
          'text',
          {},
          'Hello! Paste an error and I will find the article that fixes it.',
        ),
      };
    case 'about':
      return about(status, deps, router);
    case 'code':
      return code(route.slots.code ?? route.text, router);
    case 'article':
      return article(route.slots.id ?? route.text, turn, status, deps, router);
    case 'more':
      return more(turn, status, deps, router);
    case 'feedback':
      return feedback(route, turn, status, deps, router);
    case 'escalate':
      return escalate(turn, deps, router);
    case 'search':
      return search(route.slots.query ?? turn.text, turn, status, deps, router);
    default: {
      const text = router.reply(route.intent, 'text');
      return text ? { kind: 'text', text } : search(turn.text, turn, status, deps, router);
    }
  }
}

function helpExamples(router: IntentRouter): string[] {
  const wanted = ['search', 'article', 'code', 'more', 'about'];
  const out: string[] = [];
  for (const name of wanted) {
    const ex = router.get(name)?.examples.find((e) => !e.includes('\n') && e.length <= 60);
    if (ex) out.push(ex);
  }
  return out;
}

function loadingText(status: KbStatus, router: IntentRouter): string | undefined {
  if (status.state === 'ready') return undefined;
  if (status.state === 'failed') return `The knowledge base could not be loaded: ${status.error}`;
  return router.reply(
    'search',
    'loading',
    { progress: progressText(status.progress) },
    `I am still loading the knowledge base (${progressText(status.progress)}). Ask again in a moment.`,
  );
}

async function search(
  paste: string,
  turn: Turn,
  status: KbStatus,
  deps: RespondDeps,
  router: IntentRouter,
): Promise<Reply> {
  const waiting = loadingText(status, router);
  if (waiting) return { kind: 'text', text: waiting };
  const answer = keepShort(await deps.kb.answer(paste));
  if (turn.pastedChars && !answer.notice) answer.notice = longPasteNotice(turn.pastedChars);
  if (worthKeeping(answer.query)) {
    recordQuery(turn, deps, {
      text: answer.query,
      topArticle: answer.article?.id,
      confidence: answer.confidence,
      answered: answer.answered,
    });
  }
  const escalate =
    !!deps.helpDesk &&
    !answer.answered &&
    worthKeeping(answer.query) &&
    !answer.notice?.startsWith('The message was empty');
  return escalate ? { kind: 'answer', answer, escalate } : { kind: 'answer', answer };
}

/** A message with a screenshot: its text is read and searched, and the card says what was read. */
async function screenshot(turn: Turn, deps: RespondDeps, router: IntentRouter): Promise<Reply> {
  const waiting = loadingText(deps.kb.status(), router);
  if (waiting) return { kind: 'text', text: waiting };
  if (!deps.images || !turn.image) return { kind: 'text', text: NO_OCR_TEXT };
  const read = await deps.images.read(turn.image);
  if (!read.ok) return { kind: 'text', text: read.message };
  const reply = await search(pasteWithImage(turn.text, read.text), turn, deps.kb.status(), deps, router);
  return reply.kind === 'answer'
    ? { kind: 'answer', answer: withImageNotice(reply.answer, read.text) }
    : reply;
}

export const NO_OCR_TEXT = 'I cannot read images here. Paste the error text instead.';

async function article(
  id: string,
  turn: Turn,
  status: KbStatus,
  deps: RespondDeps,
  router: IntentRouter,
): Promise<Reply> {
  const waiting = loadingText(status, router);
  if (waiting) return { kind: 'text', text: waiting };
  const found = await deps.kb.article(id);
  recordQuery(turn, deps, {
    text: turn.text.trim().slice(0, MAX_KEPT_QUERY_CHARS),
    topArticle: found?.id,
    confidence: found ? 1 : 0,
    answered: found !== undefined,
  });
  return { kind: 'article', id, article: found };
}

async function more(turn: Turn, status: KbStatus, deps: RespondDeps, router: IntentRouter): Promise<Reply> {
  let alternatives: Alternative[] | undefined;
  let query = turn.lastAnswer?.query ?? turn.lastQuery;
  if (turn.lastAnswer) {
    alternatives = alternativesOf(turn.lastAnswer);
  } else if (turn.lastQuery?.trim()) {
    const waiting = loadingText(status, router);
    if (waiting) return { kind: 'text', text: waiting };
    const answer = await deps.kb.answer(turn.lastQuery);
    query = answer.query;
    alternatives = alternativesOf(answer);
  }
  if (!alternatives || !query?.trim()) {
    return {
      kind: 'text',
      text: router.reply(
        'more',
        'nothing_before',
        {},
        'There is nothing to show more of yet. Paste an error first.',
      ),
    };
  }
  const shown = oneLine(query, 80);
  const text = alternatives.length
    ? router.reply('more', 'text', { query: shown }, `Other matches for "${shown}":`)
    : router.reply('more', 'none', { query: shown }, `No other article comes close to "${shown}".`);
  return { kind: 'more', query: query.slice(0, MAX_KEPT_QUERY_CHARS), alternatives, text };
}

/** The other matches of an answer; when it was not confident, its best guess is one of them too. */
function alternativesOf(a: Answer): Alternative[] {
  const out = [...a.alternatives];
  if (!a.answered && a.article)
    out.unshift({ id: a.article.id, title: a.article.title, confidence: a.confidence });
  return out;
}

async function feedback(
  route: Route,
  turn: Turn,
  status: KbStatus,
  deps: RespondDeps,
  router: IntentRouter,
): Promise<Reply> {
  const helpful = !/^(not|un|didn|did not|that didn|that did not|wrong|no good|👎|-1)/i.test(
    route.slots.vote ?? '',
  );
  // Canonical, so feedback on "KB214864" counts for the article the matcher calls Q214864.
  const articleId = route.slots.id ? canonicalId(route.slots.id) : turn.lastAnswer?.article?.id;
  const query = turn.lastQuery ?? turn.lastAnswer?.query;
  if (!articleId)
    return {
      kind: 'text',
      text: router.reply('feedback', 'which', {}, 'Which article? Ask me about an error first.'),
    };
  const waiting = loadingText(status, router);
  if (waiting) return { kind: 'text', text: waiting };
  if (!(await votable(articleId, query, turn, deps))) {
    return {
      kind: 'text',
      text: router.reply(
        'feedback',
        'not_shown',
        { id: articleId },
        `${articleId} was not among the answers to that paste, so the vote was not kept.`,
      ),
    };
  }
  deps.store?.recordFeedback({
    at: now(deps),
    platform: turn.platform,
    userId: turn.userId,
    // The answer the vote is for: one vote per person and answer (a second one replaces the first).
    queryId: query?.trim() ? answerKey(query) : undefined,
    queryText: (query ?? '').slice(0, MAX_KEPT_QUERY_CHARS),
    articleId,
    helpful,
  });
  const text = router.reply(
    'feedback',
    helpful ? 'helpful' : 'not_helpful',
    { id: articleId },
    helpful ? `Thanks, noted that ${articleId} helped.` : `Thanks, noted that ${articleId} did not help.`,
  );
  const kept = query?.trim() ? query.slice(0, MAX_KEPT_QUERY_CHARS) : undefined;
  const escalate = !helpful && !!deps.helpDesk && kept !== undefined;
  return { kind: 'feedback-ack', helpful, articleId, text, query: kept, ...(escalate ? { escalate } : {}) };
}

/**
 * A vote counts only for an article the answer to its paste showed (the best match or one of the
 * others), or, without a paste, for an article that exists: nobody can vote up an article for a
 * paste it was never given for.
 */
async function votable(
  articleId: string,
  query: string | undefined,
  turn: Turn,
  deps: RespondDeps,
): Promise<boolean> {
  if (!query?.trim()) return (await deps.kb.article(articleId)) !== undefined;
  const answer = turn.lastAnswer?.query === query ? turn.lastAnswer : await deps.kb.answer(query);
  const shown = [answer.article?.id, ...answer.alternatives.map((a) => a.id)];
  return shown.includes(articleId);
}

/** The id of the answer to a paste (its hash): a person's votes on one answer share it. */
function answerKey(query: string): string {
  return `answer:${createHash('sha256').update(query.slice(0, MAX_KEPT_QUERY_CHARS).trim()).digest('hex').slice(0, 32)}`;
}

/** "Ask the help desk": the paste the button refers to goes to people, once. */
async function escalate(turn: Turn, deps: RespondDeps, router: IntentRouter): Promise<Reply> {
  const paste = (turn.lastQuery ?? turn.lastAnswer?.query ?? '').slice(0, MAX_KEPT_QUERY_CHARS);
  if (!paste.trim() || !worthKeeping(paste)) {
    return {
      kind: 'text',
      text: router.reply(
        'escalate',
        'nothing_before',
        {},
        'There is nothing to hand over yet. Paste an error first.',
      ),
    };
  }
  if (!deps.helpDesk)
    return {
      kind: 'text',
      text: router.reply('escalate', 'unavailable', {}, 'No help desk is set up for kbbot.'),
    };
  const o = await deps.helpDesk.escalate({
    platform: turn.platform,
    userId: turn.userId,
    userName: turn.userName,
    paste,
    origin: turn.origin,
    link: turn.link,
  });
  const where = o.where.length ? o.where.join(', ') : 'the help desk queue';
  const text = o.answered
    ? router.reply(
        'escalate',
        'answered',
        { by: o.answered.by, when: dayText(o.answered.at) },
        `The help desk answered this already (${o.answered.by}).`,
      )
    : o.created
      ? router.reply('escalate', 'sent', { where }, `I sent this to the help desk (${where}).`)
      : router.reply(
          'escalate',
          'already',
          { since: dayText(o.at), where },
          'This is already with the help desk.',
        );
  return { kind: 'escalated', escalationId: o.escalationId, created: o.created, where: o.where, text };
}

function dayText(d: Date): string {
  return Number.isNaN(d.getTime()) ? 'earlier' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function code(input: string, router: IntentRouter): Reply {
  const decoded = decodeCode(input);
  if (decoded.value === undefined || decoded.readings.length === 0) {
    const text =
      decoded.value === undefined
        ? router.reply('code', 'unknown', { code: input }, `"${input}" is not a Windows error code I know.`)
        : formatCodeReport(input);
    return { kind: 'code', input, value: decoded.value, readings: [], text };
  }
  return {
    kind: 'code',
    input,
    value: decoded.value,
    readings: decoded.readings,
    text: formatCodeReport(input),
  };
}

function about(status: KbStatus, deps: RespondDeps, router: IntentRouter): Reply {
  if (status.state !== 'ready') {
    const progress = status.state === 'loading' ? progressText(status.progress) : `failed: ${status.error}`;
    return {
      kind: 'about',
      version: deps.version,
      loading: status.state === 'loading' ? status.progress : undefined,
      text: router.reply(
        'about',
        'loading',
        { version: deps.version, progress },
        `kbbot ${deps.version}. The knowledge base is not loaded yet (${progress}).`,
      ),
    };
  }
  const s = status.stats;
  const loaded = agoText(new Date(s.loadedAt), now(deps));
  const text = router.reply(
    'about',
    'text',
    {
      version: deps.version,
      articles: s.articles.toLocaleString('en'),
      formats: articleFormatsText(s.byFormat),
      loaded,
    },
    `kbbot ${deps.version}. I know ${s.articles} articles, loaded ${loaded}.`,
  );
  return { kind: 'about', version: deps.version, corpus: s, text };
}

/** Empty and binary pastes are refused, not recorded (a database text column cannot hold NUL bytes anyway). */
function worthKeeping(text: string): boolean {
  return (
    text.trim() !== '' && !looksBinary(Buffer.from(text.slice(0, 8192), 'utf8')) && !text.includes('\u0000')
  );
}

function keepShort(a: Answer): Answer {
  return a.query.length > MAX_KEPT_QUERY_CHARS ? { ...a, query: a.query.slice(0, MAX_KEPT_QUERY_CHARS) } : a;
}

function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Keeps what was asked and what was answered (content gaps, feedback), when there is a store. */
function recordQuery(
  turn: Turn,
  deps: RespondDeps,
  r: Pick<QueryRecord, 'text' | 'topArticle' | 'confidence' | 'answered'>,
): void {
  deps.store?.recordQuery({
    ...r,
    at: now(deps),
    platform: turn.platform,
    conversation: turn.conversation,
    userId: turn.userId,
    queryId: newId(deps),
  });
}

function now(deps: RespondDeps): Date {
  return deps.now?.() ?? new Date();
}

function newId(deps: RespondDeps): string {
  return deps.newId?.() ?? randomUUID();
}
