/**
 * The Bot Framework bot behind /api/messages, minimal for now: a message activity (or a card
 * button's Action.Submit) becomes a Turn, `respond` answers it, and the Adaptive Card goes back
 * as an attachment. The Teams issue replaces this with a TeamsActivityHandler.
 */
import { ActivityHandler, CardFactory, MessageFactory, TurnContext, type Activity } from 'botbuilder';
import { respond } from '../conversation/respond.js';
import { turnFromAction } from '../conversation/actions.js';
import type { ConversationKind, RespondDeps, Turn } from '../conversation/types.js';
import { renderAdaptiveCard } from '../render/adaptive-card.js';

export interface BotLogger {
  info(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

/** Teams' conversation types → the shared ones. */
export function conversationKind(activity: Partial<Activity>): ConversationKind {
  switch (activity.conversation?.conversationType) {
    case 'personal':
      return 'dm';
    case 'groupChat':
      return 'group';
    case 'channel':
      return activity.replyToId ? 'thread' : 'channel';
    default:
      return 'none';
  }
}

/** The Turn a message activity stands for: a card button's value when it carries one, else the text without the bot's @mention. */
export function turnOfActivity(context: TurnContext): Turn {
  const a = context.activity;
  const base = { platform: 'teams' as const, conversation: conversationKind(a), userId: a.from?.aadObjectId ?? a.from?.id };
  const fromButton = turnFromAction(a.value, base);
  if (fromButton) return fromButton;
  const text = (a.text ? TurnContext.removeRecipientMention(a) : '') ?? '';
  return { ...base, text: text.trim() };
}

export class KbbotBot extends ActivityHandler {
  constructor(
    private readonly deps: RespondDeps,
    private readonly log: BotLogger,
  ) {
    super();
    this.onMessage(async (context, next) => {
      const turn = turnOfActivity(context);
      const reply = await respond(turn, this.deps);
      const card = renderAdaptiveCard(reply);
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
      this.log.info({ platform: 'teams', kind: reply.kind, conversation: turn.conversation }, 'answered');
      await next();
    });
  }
}
