/**
 * Handing questions over to people, and their answers back.
 *
 *   escalate   the paste (secrets masked) and the bot's best guesses are kept in the store, once
 *              per person and paste, and posted to every target: a Slack channel, a Teams
 *              channel, a webhook. With no target the handover waits in the playground and
 *              `kbbot report`.
 *   answer     a person answers with an article or in words: the store keeps it (an article
 *              becomes a learned pairing that re-ranks later pastes like this one), the asker
 *              gets it where they asked (the platform's delivery), and every post of the
 *              handover is updated to say who answered and how long it took.
 *
 * Posting and delivering run in the background (a target retrying must not hold a reply);
 * `settled()` waits for them (tests, shutdown).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AnswerArticle } from '../answer/types.js';
import type {
  EscalationOutcome,
  EscalationRequest,
  HelpDeskPort,
  KbService,
  Reply,
} from '../conversation/types.js';
import { maskSecrets } from '../store/mask-secrets.js';
import type { Escalation, EscalationAnswer, Platform, Store } from '../store/types.js';
import type { Log } from '../config/log.js';

/** Where handovers are posted (a Slack channel, a Teams channel, a webhook). */
export interface HandoverTarget {
  /** Short and unique: kept with each post ("slack", "teams", "webhook"). */
  readonly id: string;
  /** Where it went, as the asker is told ("#help-desk"). */
  readonly name: string;
  /** Posts a handover; what it returns is kept with the escalation, to update the post later. */
  post(h: Handover): Promise<Record<string, unknown> | undefined>;
  /** The handover was answered: update what was posted (`post` is what `post` returned; `paste` as in the handover when still known). */
  answered?(e: Escalation, post: Record<string, unknown>, paste: string): Promise<void>;
}

export interface Handover {
  escalation: Escalation;
  /**
   * The paste as people should read it (secrets masked). The escalation keeps what the store
   * keeps, which is only its identifiers when KB_KEEP_ONLY_IDENTIFIERS is on.
   */
  paste: string;
  /** Who asked, as the asking platform names them (its user id when nothing better is known). */
  asker: { platform: Platform; userId?: string; name?: string };
  /** A link back to the question, when the platform has one. */
  link?: string;
}

/** Brings an answer back to the asker on one platform (where `origin` says they asked). */
export interface AnswerDelivery {
  deliver(e: Escalation, reply: Reply, by: string): Promise<void>;
}

type EscalationStore = Pick<Store, 'escalate' | 'answerEscalation' | 'addEscalationPost' | 'escalation'>;

export interface HelpDeskDeps {
  store: EscalationStore;
  kb: KbService;
  log: Log;
  now?: () => Date;
  newId?: () => string;
}

/** Most handed-over pastes remembered in full for updating their posts. */
const MAX_KEPT_PASTES = 5000;

/** Most guesses handed over with a question. */
export const MAX_GUESSES = 5;

export type AnswerInput = { by: string } & (
  | { articleId: string; text?: undefined }
  | { text: string; articleId?: undefined }
);

export type AnswerOutcome =
  | { ok: true; escalation: Escalation; first: boolean; reply: Reply }
  | { ok: false; reason: 'no-such-escalation' | 'no-such-article' | 'empty'; message: string };

export class HelpDesk implements HelpDeskPort {
  readonly #targets: HandoverTarget[] = [];
  readonly #deliveries = new Map<Platform, AnswerDelivery>();
  readonly #pending = new Set<Promise<unknown>>();
  /** The masked pastes of recent handovers (the store may keep only their identifiers), for updating posts. */
  readonly #pastes = new Map<string, string>();

  constructor(private readonly deps: HelpDeskDeps) {}

  addTarget(t: HandoverTarget): void {
    this.#targets.push(t);
  }

  setDelivery(platform: Platform, d: AnswerDelivery): void {
    this.#deliveries.set(platform, d);
  }

  /** The paste of a handover as people read it (masked, whole when still known). */
  pasteOf(e: Escalation): string {
    return this.#pastes.get(e.id) ?? e.queryText;
  }

  escalation(id: string): Promise<Escalation | undefined> {
    return this.deps.store.escalation(id);
  }

  /** Where handovers go, in words. */
  get where(): string[] {
    return this.#targets.map((t) => t.name);
  }

  async escalate(req: EscalationRequest): Promise<EscalationOutcome> {
    const paste = maskSecrets(req.paste);
    const answer = await this.deps.kb.answer(paste).catch(() => undefined);
    const guesses = answer
      ? [
          ...(answer.article
            ? [{ id: answer.article.id, title: answer.article.title, confidence: answer.confidence }]
            : []),
          ...answer.alternatives,
        ]
          .slice(0, MAX_GUESSES)
          .map((g) => ({ id: g.id, title: g.title, confidence: g.confidence }))
      : [];
    const at = this.deps.now?.() ?? new Date();
    const { escalation, created } = this.deps.store.escalate({
      id: this.deps.newId?.() ?? randomUUID(),
      key: escalationKey(req.platform, req.userId, paste),
      at,
      platform: req.platform,
      userId: req.userId,
      queryText: paste,
      guesses,
      origin: req.origin,
    });
    if (created) {
      this.deps.log.info(
        {
          escalation: escalation.id,
          platform: req.platform,
          guesses: guesses.length,
          targets: this.#targets.length,
        },
        'handed over to the help desk',
      );
      this.#pastes.set(escalation.id, paste);
      if (this.#pastes.size > MAX_KEPT_PASTES)
        this.#pastes.delete(this.#pastes.keys().next().value as string);
      const handover: Handover = {
        escalation,
        paste,
        asker: { platform: req.platform, userId: req.userId, name: req.userName },
        link: req.link,
      };
      for (const t of this.#targets) this.#background(`post to ${t.id}`, () => this.#post(t, handover));
    }
    return {
      escalationId: escalation.id,
      created,
      at: escalation.at,
      where: this.where,
      answered: escalation.answer ? { by: escalation.answer.by, at: escalation.answer.at } : undefined,
    };
  }

  async #post(t: HandoverTarget, h: Handover): Promise<void> {
    const post = await t.post(h);
    if (post) this.deps.store.addEscalationPost(h.escalation.id, { target: t.id, ...post });
  }

  /** A person's answer: kept, learned from (an article), sent to the asker, shown on every post. */
  async answer(id: string, input: AnswerInput): Promise<AnswerOutcome> {
    const e = await this.deps.store.escalation(id);
    if (!e)
      return { ok: false, reason: 'no-such-escalation', message: `There is no handed-over question ${id}.` };
    let article: AnswerArticle | undefined;
    if (input.articleId !== undefined) {
      article = await this.deps.kb.article(input.articleId.trim());
      if (!article)
        return {
          ok: false,
          reason: 'no-such-article',
          message: `There is no article ${input.articleId} in this knowledge base.`,
        };
    } else if (!input.text?.trim()) {
      return { ok: false, reason: 'empty', message: 'Answer with an article id or with some text.' };
    }
    const by = input.by.trim() || 'the help desk';
    const answer: EscalationAnswer = article
      ? { at: this.deps.now?.() ?? new Date(), by, kind: 'article', articleId: article.id }
      : { at: this.deps.now?.() ?? new Date(), by, kind: 'text', text: input.text!.trim() };
    const res = await this.deps.store.answerEscalation(id, answer);
    if (!res)
      return { ok: false, reason: 'no-such-escalation', message: `There is no handed-over question ${id}.` };
    const reply = answerReply(res.escalation, article);
    if (res.first) {
      const done = res.escalation;
      this.deps.log.info(
        { escalation: id, kind: answer.kind, article: answer.articleId, ms: answerMs(done) },
        'help desk answered',
      );
      const delivery = this.#deliveries.get(done.platform);
      if (delivery && done.origin)
        this.#background('deliver the answer', () => delivery.deliver(done, reply, by));
      for (const post of done.posts) {
        const t = this.#targets.find((x) => x.id === post.target);
        const paste = this.#pastes.get(done.id) ?? done.queryText;
        if (t?.answered) this.#background(`update the post on ${t.id}`, () => t.answered!(done, post, paste));
      }
    }
    return { ok: true, escalation: res.escalation, first: res.first, reply };
  }

  /** Resolves when every post and delivery started so far has finished (or failed, logged). */
  async settled(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  #background(what: string, work: () => Promise<void>): void {
    const p = work().catch((err: unknown) => {
      const e = err as { message?: string; data?: { error?: string } };
      this.deps.log.error(
        { err: e?.data?.error ?? e?.message ?? String(err) },
        `help desk: could not ${what}`,
      );
    });
    this.#pending.add(p);
    void p.finally(() => this.#pending.delete(p));
  }
}

/** One handover per person and paste (a second press, a retried press). */
export function escalationKey(platform: Platform, userId: string | undefined, paste: string): string {
  const h = createHash('sha256').update(paste.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 32);
  return `${platform}:${userId ?? 'anonymous'}:${h}`;
}

/** What the asker gets: the article's card saying who sent it, or the person's words. */
export function answerReply(e: Escalation, article?: AnswerArticle): Reply {
  const a = e.answer;
  const by = a?.by ?? 'the help desk';
  if (article) return { kind: 'article', id: article.id, article, answeredBy: by };
  return { kind: 'text', text: `${by} from the help desk answered your question:\n\n${a?.text ?? ''}` };
}

/** Time from handover to answer. */
export function answerMs(e: Escalation): number | undefined {
  return e.answer ? Math.max(0, e.answer.at.getTime() - e.at.getTime()) : undefined;
}
