/**
 * One matching thread of the match pool (match-pool.ts). It opens the KnowledgeBase it is told
 * to open and answers pastes with `answerPaste`, so matching never runs on the server's event
 * loop. It keeps the previous corpus in service until the new one is open.
 *
 * Messages in:  { type: 'open', gen, source, from? } | { type: 'share', gen, to } | { type: 'answer', id, paste }
 *               { type: 'article', id, articleId } | { type: 'feedback', entries }
 * Messages out: { type: 'progress', gen, phase, done, total } | { type: 'info', gen, message }
 *               { type: 'opened', gen, info } | { type: 'open-failed', gen, error }
 *               { type: 'result', id, value } | { type: 'error', id, error }
 */
import path from 'node:path';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { toAnswerArticle } from '../answer/build-answer.js';
import { answerPaste } from './answer-paste.js';
import { KnowledgeBase } from './knowledge-base.js';
import { lowerThisThreadPriority } from '../threads/priority.js';
import type { SharedIndex } from './knowledge-base.js';
import type { KbInfo, KbSource, WorkerRequest, WorkerResponse } from './match-pool.js';
import type { FeedbackEntry } from '../store/types.js';

if (!parentPort) throw new Error('match-worker.ts runs as a worker thread of the match pool');
const port = parentPort;

let kb: KnowledgeBase | undefined;
/** The generation `kb` is. */
let kbGen = -1;
/** How long a replaced corpus stays open for the requests still running on it. */
const REPLACED_GRACE_MS = 60_000;
/** The store's feedback aggregate, as the pool last sent it. */
let feedback: FeedbackEntry[] = [];

function send(m: WorkerResponse): void {
  port.postMessage(m);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A sibling's index of `gen`, sent on `from`; undefined when it has none or went away. */
function sharedFrom(from: MessagePort, gen: number): Promise<SharedIndex | undefined> {
  return new Promise((resolve) => {
    from.once('message', (m: { gen: number; shared?: SharedIndex }) => {
      from.close();
      resolve(m.gen === gen ? m.shared : undefined);
    });
    from.once('close', () => resolve(undefined));
  });
}

async function open(gen: number, source: KbSource, from?: MessagePort): Promise<void> {
  try {
    const shared = from ? await sharedFrom(from, gen) : undefined;
    if (shared) send({ type: 'info', gen, message: "match pool: a worker took its sibling's index" });
    let last = 0;
    const next = shared
      ? KnowledgeBase.fromIndex(source.contentDir, shared)
      : await KnowledgeBase.open({
          contentDir: source.contentDir,
          // The corpus in service: a file that no longer parses keeps its version from it.
          previous: kb?.root === path.resolve(source.contentDir) ? kb : undefined,
          cacheDir: source.cacheDir,
          snapshotMinFiles: source.snapshotMinFiles,
          onProgress: (phase, done, total) => {
            // At most a few progress messages a second.
            const now = Date.now();
            if (phase !== 'parsing' || now - last > 200 || done === total) {
              last = now;
              send({ type: 'progress', gen, phase, done, total });
            }
          },
          onInfo: (message) => send({ type: 'info', gen, message }),
        });
    const replaced = kb;
    kb = next;
    kbGen = gen;
    // Requests already running on the replaced corpus finish first; then its pack file is closed.
    if (replaced && replaced !== next) setTimeout(() => replaced.close(), REPLACED_GRACE_MS).unref();
    const info: KbInfo = {
      gen,
      root: next.root,
      size: next.size,
      report: next.report,
      loadedAt: next.loadedAt.toISOString(),
      fromSnapshot: next.fromSnapshot,
    };
    // Serving, matching yields the CPU to the main thread's acks (opening went at full speed).
    lowerThisThreadPriority();
    send({ type: 'opened', gen, info, shareable: next.shareable !== undefined });
  } catch (e) {
    send({ type: 'open-failed', gen, error: errorText(e) });
  }
}

port.on('message', (m: WorkerRequest) => {
  switch (m.type) {
    case 'open':
      void open(m.gen, m.source, m.from);
      return;
    case 'share':
      // The receiver closes the port once it has the message (closing here could cut it off).
      m.to.postMessage({ gen: m.gen, shared: kbGen === m.gen ? kb?.shareable : undefined });
      return;
    case 'feedback':
      feedback = m.entries;
      return;
    case 'answer': {
      const current = kb;
      if (!current) return send({ type: 'error', id: m.id, error: 'no knowledge base is open yet' });
      answerPaste(current, m.paste, { feedback }).then(
        (value) => send({ type: 'result', id: m.id, value }),
        (e: unknown) => send({ type: 'error', id: m.id, error: errorText(e) }),
      );
      return;
    }
    case 'article': {
      const current = kb;
      if (!current) return send({ type: 'error', id: m.id, error: 'no knowledge base is open yet' });
      current.article(m.articleId).then(
        (a) =>
          send({ type: 'result', id: m.id, value: a ? toAnswerArticle(a, [], current.context) : undefined }),
        (e: unknown) => send({ type: 'error', id: m.id, error: errorText(e) }),
      );
      return;
    }
  }
});
