/**
 * Teams and the help desk, through the adapter's proactive messages (continueConversationAsync):
 *
 *   EscalationChannel     the conversation reference of TEAMS_ESCALATION_CHANNEL: made from the
 *                         settings at start, and replaced by the one Teams shows when an activity
 *                         arrives from that channel (installing kbbot in the team sends one)
 *   teamsHandoverTarget   posts the handover card there; updates it when answered
 *   teamsAnswerDelivery   brings the answer back to a Teams asker (the reference kept with the
 *                         escalation when they pressed "Ask the help desk")
 */
import {
  CardFactory,
  TurnContext,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
} from 'botbuilder';
import type { Reply } from '../conversation/types.js';
import type { AnswerDelivery, HandoverTarget } from '../escalation/help-desk.js';
import { renderAdaptiveCard } from '../render/adaptive-card.js';
import { renderHandoverCard } from './help-desk-card.js';
import type { Escalation } from '../store/types.js';

export const DEFAULT_TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

/** The base id of a channel conversation ("19:…@thread.tacv2;messageid=…" → "19:…@thread.tacv2"). */
export function channelIdOf(conversationId: string | undefined): string | undefined {
  return conversationId?.split(';')[0];
}

export class EscalationChannel {
  #reference: Partial<ConversationReference>;

  constructor(
    readonly channelId: string,
    serviceUrl = DEFAULT_TEAMS_SERVICE_URL,
  ) {
    this.#reference = {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: channelId, isGroup: true, conversationType: 'channel', name: '' },
    };
  }

  /** Keeps what Teams shows of the channel (its service URL, tenant, the bot's id) from an activity sent from it. */
  observe(activity: Partial<Activity>): void {
    const fromChannel = channelIdOf(activity.conversation?.id) === this.channelId;
    const channelData = activity.channelData as
      | { channel?: { id?: string }; team?: { id?: string } }
      | undefined;
    const teamChannel =
      channelData?.channel?.id === this.channelId || channelData?.team?.id === this.channelId;
    if (!fromChannel && !teamChannel) return;
    const ref = TurnContext.getConversationReference(activity);
    this.#reference = {
      ...ref,
      activityId: undefined,
      conversation: { ...ref.conversation!, id: this.channelId, isGroup: true, conversationType: 'channel' },
    };
  }

  get reference(): Partial<ConversationReference> {
    return this.#reference;
  }
}

/** Sends within a conversation proactively; resolves with what `logic` returns. */
async function within<T>(
  adapter: CloudAdapter,
  appId: string,
  ref: Partial<ConversationReference>,
  logic: (ctx: TurnContext) => Promise<T>,
): Promise<T> {
  let out: T | undefined;
  await adapter.continueConversationAsync(appId, ref, async (ctx) => {
    out = await logic(ctx);
  });
  return out as T;
}

export function teamsHandoverTarget(
  adapter: CloudAdapter,
  appId: string,
  channel: EscalationChannel,
): HandoverTarget {
  return {
    id: 'teams',
    name: 'the help-desk channel in Teams',
    async post(h) {
      const asker = h.asker.name ?? h.asker.userId ?? 'someone';
      const card = renderHandoverCard(h.escalation, asker, h.link, h.paste);
      const res = await within(adapter, appId, channel.reference, (ctx) =>
        ctx.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(card)] }),
      );
      return { activityId: res?.id, asker, link: h.link };
    },
    async answered(e, post, paste) {
      if (typeof post.activityId !== 'string') return;
      const card = renderHandoverCard(
        e,
        String(post.asker ?? 'someone'),
        post.link as string | undefined,
        paste,
      );
      await within(adapter, appId, channel.reference, (ctx) =>
        ctx.updateActivity({
          type: 'message',
          id: post.activityId as string,
          attachments: [CardFactory.adaptiveCard(card)],
        }),
      );
    },
  };
}

export function teamsAnswerDelivery(adapter: CloudAdapter, appId: string): AnswerDelivery {
  return {
    async deliver(e: Escalation, reply: Reply) {
      const ref = e.origin as Partial<ConversationReference> | undefined;
      if (!ref?.conversation?.id || !ref.serviceUrl) return;
      await within(adapter, appId, ref, (ctx) =>
        ctx.sendActivity({
          type: 'message',
          attachments: [CardFactory.adaptiveCard(renderAdaptiveCard(reply))],
        }),
      );
    },
  };
}
