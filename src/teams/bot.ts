/**
 * kbbot in Microsoft Teams: a TeamsActivityHandler that only translates. Activities become
 * Turns (src/teams/activity.ts), `respond` answers them, and the Reply goes back as an Adaptive
 * Card (src/render/adaptive-card.ts).
 *
 *   message                       personal chat: every message is a question; channel and group
 *                                 chat: the @mention is removed, the answer goes in the thread;
 *                                 a card button (Action.Submit) arrives as a message with `value`
 *   conversationUpdate, installationUpdate   the welcome card, once per conversation
 *   invoke composeExtension/query             the compose box's search: previews + cards
 *   invoke composeExtension/onCardButtonClicked   a button on a card the search inserted
 *   invoke composeExtension/queryLink         a support.microsoft.com link unfurled: the article's title and fix
 *   invoke composeExtension/fetchTask         "Find KB fix" on a message: the answer in a private dialog,
 *   invoke composeExtension/submitAction      …its buttons, and "Share in chat" (the card into the compose box)
 *   any other invoke                          501 (TeamsActivityHandler's default)
 *
 * Helpful / Not helpful record the feedback and turn the card itself into a thank-you:
 * updateActivity on the message the button belongs to (the press's `replyToId`). Why Action.Submit
 * + updateActivity rather than Action.Execute (Universal Actions, `adaptiveCard/action`): Teams
 * lets a bot edit its own messages in every scope, and Action.Submit is what every host of this
 * one card runs — the playground (adaptivecards), the Bot Framework Emulator, Teams on every
 * client — so one card and one code path serve them all; Action.Execute would need a fallback
 * card for hosts without it and a second handler.
 */
import {
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AppBasedLinkQuery,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
} from 'botbuilder';
import { articleIdOfLink } from '../answer/article-refs.js';
import type { AnswerArticle } from '../answer/types.js';
import { turnFromAction } from '../conversation/actions.js';
import { respond } from '../conversation/respond.js';
import type { Reply, RespondDeps, Turn } from '../conversation/types.js';
import { renderAdaptiveCard, type AdaptiveCard } from '../render/adaptive-card.js';
import type { HelpDesk } from '../escalation/help-desk.js';
import { helpDeskSubmit } from './help-desk-card.js';
import type { Store } from '../store/types.js';
import type { EscalationChannel } from './help-desk.js';
import {
  botWasAdded,
  claimKeyOf,
  onlyAttachments,
  plainTextOfHtml,
  turnBase,
  turnOfActivity,
} from './activity.js';
import { connectorAuth, imageOf, withTeamsImage, type ConnectorAuth } from './images.js';
import {
  composeResult,
  FIND_KB_FIX_COMMAND,
  isShare,
  linkUnfurl,
  privateAnswer,
  withShareButton,
} from './cards.js';
import {
  cardAttachment,
  EMPTY_SEARCH_TEXT,
  MAX_SEARCH_RESULTS,
  searchMessage,
  searchResults,
  welcomeCard,
  type HelpReply,
} from './cards.js';
import { replyLane } from '../platform/reply-lane.js';
import type { DebugLog } from '../config/log.js';

export interface TeamsBotDeps {
  respond: RespondDeps;
  /** Claims each activity once (store.claimEvent, shared by every kbbot process); without it every delivery is answered. */
  claims?: Pick<Store, 'claimEvent'>;
  log: DebugLog;
  /** Hands questions over to people; the help desk answers on its handover cards. */
  helpDesk?: HelpDesk;
  /** TEAMS_ESCALATION_CHANNEL: its conversation reference is kept from what Teams sends from it. */
  escalationChannel?: EscalationChannel;
  /** Headers that let the Bot Connector hand over an attachment (default: the bot's token). */
  connectorAuth?: ConnectorAuth;
}

export const ATTACHMENTS_ONLY_TEXT =
  'I can read text and screenshots, not other files. Paste the error message itself, or a screenshot of it, and I will look it up.';

/** Longest search the compose box sends that is read (the matcher reads no more of a paste either). */
const MAX_SEARCH_CHARS = 2000;

/** The words typed in the compose box's search (Teams sends `initialRun` when the box opens empty). */
export function searchTextOf(query: MessagingExtensionQuery | undefined): string {
  const p = (query?.parameters ?? []).find((x) => x.name !== 'initialRun' && typeof x.value === 'string');
  return typeof p?.value === 'string' ? p.value.trim().slice(0, MAX_SEARCH_CHARS) : '';
}

export class KbbotTeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onTurn(async (context, next) => {
      this.deps.escalationChannel?.observe(context.activity);
      await next();
    });
    this.onMessage(async (context, next) => {
      if (await this.firstDelivery(context)) await this.answerMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if (botWasAdded(context.activity)) await this.welcome(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcome(context);
      await next();
    });
  }

  /** False when this activity was answered already (a retry of the Bot Connector, another kbbot process). */
  private async firstDelivery(context: TurnContext, key = claimKeyOf(context.activity)): Promise<boolean> {
    if (!key || !this.deps.claims) return true;
    const first = await this.deps.claims.claimEvent(key);
    if (!first)
      this.deps.log.info(
        { platform: 'teams', activityId: context.activity.id },
        'activity delivered again: answered already',
      );
    return first;
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const image = activity.value === undefined && this.deps.respond.images ? imageOf(activity) : undefined;
    if (!image && onlyAttachments(activity)) {
      await context.sendActivity(MessageFactory.text(ATTACHMENTS_ONLY_TEXT));
      return;
    }
    const handover = helpDeskSubmit(activity.value);
    if (handover) {
      await this.answerHandover(context, handover);
      return;
    }
    // Where the asker is and who they are: a help-desk answer comes back here.
    const origin = TurnContext.getConversationReference(activity) as unknown as Record<string, unknown>;
    const asked = { ...turnOfActivity(activity), origin, userName: activity.from?.name };
    const turn = image
      ? await withTeamsImage(context, asked, image, this.deps.connectorAuth ?? connectorAuth)
      : asked;
    if ('ok' in turn) {
      await context.sendActivity(MessageFactory.text(turn.message));
      return;
    }
    const reply = await respond(turn, this.deps.respond);
    // Rendering and posting the card wait their turn behind acks, as Slack replies do.
    await replyLane.turn();
    const fromButton = activity.value !== undefined;
    if (reply.kind === 'feedback-ack' && fromButton && activity.replyToId) {
      await this.acknowledgeInPlace(context, reply, turn, activity.replyToId);
    } else if (reply.kind === 'escalated' && fromButton && activity.replyToId) {
      await this.updateInPlace(
        context,
        await this.cardSaying(reply.text, turn),
        activity.replyToId,
        MessageFactory.text(reply.text),
      );
    } else {
      await context.sendActivity(MessageFactory.attachment(cardAttachment(renderAdaptiveCard(reply))));
    }
    this.deps.log.info(
      { platform: 'teams', kind: reply.kind, conversation: turn.conversation, button: fromButton },
      'answered',
    );
  }

  /** A help-desk answer from a handover card ("Answer with this", or the boxes and "Send answer"). */
  private async answerHandover(
    context: TurnContext,
    h: { e: string; articleId?: string; text?: string },
  ): Promise<void> {
    const helpDesk = this.deps.helpDesk;
    if (!helpDesk) return;
    if (!h.articleId && !h.text) {
      await context.sendActivity(
        MessageFactory.text('Give an article id, or answer in words, then press "Send answer".'),
      );
      return;
    }
    const by = context.activity.from?.name || context.activity.from?.id || 'the help desk';
    const out = await helpDesk.answer(
      h.e,
      h.articleId ? { by, articleId: h.articleId } : { by, text: h.text! },
    );
    if (!out.ok) await context.sendActivity(MessageFactory.text(out.message));
    else if (!out.first)
      await context.sendActivity(
        MessageFactory.text(`This was answered already by ${out.escalation.answer?.by ?? 'someone'}.`),
      );
    this.deps.log.info({ platform: 'teams', kind: 'help-desk-answer', ok: out.ok }, 'answered a handover');
  }

  /** The answer card again (the button carries its paste) saying `text` in place of its buttons; `text` alone when it cannot be rebuilt. */
  private async cardSaying(text: string, turn: Turn): Promise<AdaptiveCard> {
    const kb = this.deps.respond.kb;
    if (turn.lastQuery?.trim() && kb.status().state === 'ready') {
      const answer = await kb.answer(turn.lastQuery);
      return renderAdaptiveCard({ kind: 'answer', answer }, { acknowledgement: text });
    }
    return renderAdaptiveCard({ kind: 'text', text });
  }

  /**
   * Replaces the card `cardActivityId` with `card`. The card may be too old to edit, or the client
   * cannot edit cards: then `fallback` is sent as a message instead, and the answer is false.
   */
  private async updateInPlace(
    context: TurnContext,
    card: AdaptiveCard,
    cardActivityId: string,
    fallback: Partial<Activity>,
  ): Promise<boolean> {
    try {
      await context.updateActivity({
        type: 'message',
        id: cardActivityId,
        attachments: [cardAttachment(card)],
      });
      return true;
    } catch (err) {
      this.deps.log.warn(
        { platform: 'teams', err: err instanceof Error ? err.message : String(err) },
        'card could not be updated; sent as a message',
      );
      await context.sendActivity(fallback);
      return false;
    }
  }

  /** The card whose Helpful / Not helpful was pressed becomes the same card saying thanks, without those buttons. */
  private async acknowledgeInPlace(
    context: TurnContext,
    ack: Extract<Reply, { kind: 'feedback-ack' }>,
    turn: Turn,
    cardActivityId: string,
  ): Promise<void> {
    const card = await this.thanksCard(ack, turn);
    const thanks = ack.escalate
      ? MessageFactory.attachment(cardAttachment(renderAdaptiveCard(ack)))
      : MessageFactory.text(ack.text);
    if (!(await this.updateInPlace(context, card, cardActivityId, thanks))) return;
    // Not helpful: the help desk is offered under the card.
    if (ack.escalate) {
      const offer: Reply = { ...ack, text: 'Still stuck? People at the help desk can answer it.' };
      await context.sendActivity(MessageFactory.attachment(cardAttachment(renderAdaptiveCard(offer))));
    }
  }

  /** The answer card again (the button carries its paste), acknowledged; a plain thank-you when it cannot be rebuilt. */
  private async thanksCard(ack: Extract<Reply, { kind: 'feedback-ack' }>, turn: Turn): Promise<AdaptiveCard> {
    const kb = this.deps.respond.kb;
    if (turn.lastQuery?.trim() && kb.status().state === 'ready') {
      const answer = await kb.answer(turn.lastQuery);
      if (answer.answered && answer.article?.id === ack.articleId)
        return renderAdaptiveCard({ kind: 'answer', answer }, { acknowledgement: ack.text });
    }
    return renderAdaptiveCard(ack);
  }

  /** The welcome card, once per conversation (Teams sends both conversationUpdate and installationUpdate on install). */
  private async welcome(context: TurnContext): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId || !(await this.firstDelivery(context, `teams:welcome:${conversationId}`))) return;
    const help = await respond({ ...turnBase(context.activity), text: 'help' }, this.deps.respond);
    const helpReply: HelpReply =
      help.kind === 'help'
        ? help
        : { kind: 'help', text: 'Paste an error and I answer with the article that fixes it.', examples: [] };
    const status = this.deps.respond.kb.status();
    const card = welcomeCard(helpReply, status.state === 'ready' ? status.stats.articles : undefined);
    await context.sendActivity(MessageFactory.attachment(cardAttachment(card)));
    this.deps.log.info(
      { platform: 'teams', conversation: turnBase(context.activity).conversation },
      'welcomed',
    );
  }

  /** The compose box's search: the best article and the closest others, each a preview with the card it inserts. */
  protected override async handleTeamsMessagingExtensionQuery(
    _context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    const text = searchTextOf(query);
    if (!text) return searchMessage(EMPTY_SEARCH_TEXT);
    const kb = this.deps.respond.kb;
    const status = kb.status();
    if (status.state === 'loading')
      return searchMessage('kbbot is still loading the knowledge base. Try again in a moment.');
    if (status.state === 'failed')
      return searchMessage(`The knowledge base could not be loaded: ${status.error}`);
    const answer = await kb.answer(text);
    const others = answer.alternatives.slice(0, MAX_SEARCH_RESULTS).map((a) => a.id);
    const read = await Promise.all(others.map(async (id) => [id, await kb.article(id)] as const));
    const articles = new Map(read.filter((r): r is readonly [string, AnswerArticle] => r[1] !== undefined));
    // Teams searches as the person types: one line per keystroke is debug, not info.
    this.deps.log.debug({ platform: 'teams', kind: 'search', answered: answer.answered }, 'searched');
    return searchResults(answer, articles);
  }

  /**
   * A button on a card the search inserted: that message is the user's (sent "via kbbot"), so it
   * cannot be edited; feedback is recorded, other buttons are answered in the conversation when
   * kbbot is a member of it.
   */
  /** A KB link posted or pasted: unfurled with the article's title and fix when the content holds it, else left to Teams. */
  protected override async handleTeamsAppBasedLinkQuery(
    _context: TurnContext,
    query: AppBasedLinkQuery,
  ): Promise<MessagingExtensionResponse> {
    const id = articleIdOfLink(query.url ?? '');
    const kb = this.deps.respond.kb;
    const article =
      id && kb.status().state === 'ready' ? await kb.article(id).catch(() => undefined) : undefined;
    this.deps.log.debug({ platform: 'teams', kind: 'unfurl', found: article !== undefined }, 'link');
    return article
      ? linkUnfurl(article)
      : { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } };
  }

  /** "Find KB fix" on a message: its text answered in a dialog only the person who asked sees, with "Share in chat". */
  protected override async handleTeamsMessagingExtensionFetchTask(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    if (action.commandId !== FIND_KB_FIX_COMMAND) return {};
    const body = action.messagePayload?.body;
    const text =
      body?.contentType === 'html' ? plainTextOfHtml(body.content ?? '') : (body?.content ?? '').trim();
    return this.answerPrivately({ ...turnBase(context.activity), text });
  }

  /** A button in that dialog: "Share in chat" puts the card in the compose box; any other answers in the dialog. */
  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    if (action.commandId !== FIND_KB_FIX_COMMAND) return {};
    if (isShare(action.data)) {
      const reply = await respond(
        { ...turnBase(context.activity), text: action.data.text },
        this.deps.respond,
      );
      return composeResult(renderAdaptiveCard(reply));
    }
    const turn = turnFromAction(action.data, turnBase(context.activity));
    return turn ? this.answerPrivately(turn) : {};
  }

  private async answerPrivately(turn: Turn): Promise<MessagingExtensionActionResponse> {
    const reply = await respond(turn, this.deps.respond);
    this.deps.log.info({ platform: 'teams', kind: reply.kind, surface: 'message-action' }, 'answered');
    const card = renderAdaptiveCard(reply);
    const shareable = reply.kind === 'answer' || reply.kind === 'article' || reply.kind === 'code';
    return privateAnswer(shareable && turn.text.trim() ? withShareButton(card, turn.text) : card);
  }

  protected override async handleTeamsMessagingExtensionCardButtonClicked(
    context: TurnContext,
    cardData: unknown,
  ): Promise<void> {
    const turn = turnFromAction(cardData, turnBase(context.activity));
    if (!turn || !(await this.firstDelivery(context))) return;
    const reply = await respond(turn, this.deps.respond);
    if (reply.kind === 'feedback-ack') return;
    try {
      await context.sendActivity(MessageFactory.attachment(cardAttachment(renderAdaptiveCard(reply))));
    } catch (err) {
      this.deps.log.warn(
        { platform: 'teams', err: err instanceof Error ? err.message : String(err) },
        'could not answer a button of an inserted card (kbbot is not in this conversation?)',
      );
    }
  }
}
