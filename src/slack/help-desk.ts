/**
 * Slack and the help desk:
 *
 *   slackHandoverTarget   posts a handover in SLACK_ESCALATION_CHANNEL (chat.postMessage, with a
 *                         chat.getPermalink link back to the question when it was a message) and
 *                         updates that message when it is answered (chat.update)
 *   slackAnswerDelivery   brings the answer back to a Slack asker: in their thread, in the DM, or
 *                         privately under the /kb card (its response_url), else in a DM from kbbot
 *   registerHelpDesk      "Answer with this" and the answer modal in the escalation channel
 */
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { Reply } from '../conversation/types.js';
import type { AnswerDelivery, HandoverTarget, HelpDesk } from '../escalation/help-desk.js';
import { renderBlockKit } from '../render/block-kit.js';
import { HELP_DESK_IDS, renderAnswerModal, renderHandoverMessage } from './help-desk-view.js';
import type { Escalation } from '../store/types.js';
import { afterAck } from './turn-reply.js';
import { claimKeys } from './event-claims.js';
import type { ListenerDeps } from './types.js';

type Client = App['client'];

/** Where a Slack asker is, kept with the escalation (see `slackOrigin`). */
export interface SlackOrigin {
  channel?: string;
  /** The thread the card is in (a mention's answer), or undefined. */
  threadTs?: string;
  /** The asker's own message, when there is one (a link back to it). */
  messageTs?: string;
  responseUrl?: string;
  userId?: string;
}

export function slackOrigin(o: Record<string, unknown> | undefined): SlackOrigin {
  const s = (k: string) => (typeof o?.[k] === 'string' ? (o[k] as string) : undefined);
  return {
    channel: s('channel'),
    threadTs: s('threadTs'),
    messageTs: s('messageTs'),
    responseUrl: s('responseUrl'),
    userId: s('userId'),
  };
}

export function slackHandoverTarget(client: Client, channel: string): HandoverTarget {
  // Askers on every platform are told where it went: the channel's name once Slack says it.
  let name = `the Slack channel ${channel}`;
  client.conversations.info({ channel }).then(
    (r) => {
      if (r.channel?.name) name = `#${r.channel.name} in Slack`;
    },
    () => undefined,
  );
  return {
    id: 'slack',
    get name() {
      return name;
    },
    async post(h) {
      const e = h.escalation;
      const origin = h.asker.platform === 'slack' ? slackOrigin(e.origin) : {};
      let link = h.link;
      if (!link && origin.channel && origin.messageTs) {
        link = await client.chat.getPermalink({ channel: origin.channel, message_ts: origin.messageTs }).then(
          (r) => r.permalink,
          () => undefined,
        );
      }
      const asker =
        h.asker.platform === 'slack' && h.asker.userId && /^[UW][A-Z0-9]+$/.test(h.asker.userId)
          ? `<@${h.asker.userId}>${origin.channel && !origin.channel.startsWith('D') ? ` in <#${origin.channel}>` : ''}`
          : (h.asker.name ?? h.asker.userId ?? 'someone').replace(/[<>&]/g, '');
      const message = renderHandoverMessage({ escalation: e, paste: h.paste, asker, link });
      const res = await client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks as never,
        unfurl_links: false,
      });
      return { channel: res.channel ?? channel, ts: res.ts, asker, link };
    },
    async answered(e, post, paste) {
      if (typeof post.ts !== 'string' || typeof post.channel !== 'string') return;
      const message = renderHandoverMessage({
        escalation: e,
        paste,
        asker: String(post.asker ?? 'someone'),
        link: post.link as string | undefined,
      });
      await client.chat.update({
        channel: post.channel,
        ts: post.ts,
        text: message.text,
        blocks: message.blocks as never,
      });
    },
  };
}

export function slackAnswerDelivery(
  client: Client,
  postToResponseUrl: ListenerDeps['postToResponseUrl'],
): AnswerDelivery {
  return {
    async deliver(e: Escalation, reply: Reply) {
      const o = slackOrigin(e.origin);
      const message = renderBlockKit(reply);
      if (o.channel && (o.threadTs || o.channel.startsWith('D'))) {
        await client.chat.postMessage({
          channel: o.channel,
          thread_ts: o.threadTs,
          ...message,
          blocks: message.blocks as never,
        });
        return;
      }
      if (o.responseUrl) {
        try {
          await postToResponseUrl(o.responseUrl, {
            response_type: 'ephemeral',
            replace_original: false,
            ...message,
          });
          return;
        } catch {
          // Expired (30 minutes, five uses): a direct message instead.
        }
      }
      if (o.userId)
        await client.chat.postMessage({ channel: o.userId, ...message, blocks: message.blocks as never });
    },
  };
}

function parseValue(v: string | undefined): { e?: string; a?: string } {
  try {
    const o = JSON.parse(v ?? '') as Record<string, unknown>;
    return { e: typeof o.e === 'string' ? o.e : undefined, a: typeof o.a === 'string' ? o.a : undefined };
  } catch {
    return {};
  }
}

/** The name the asker is told ("Dana"), from what Slack sends with an interaction. */
function nameOf(user: { id: string; name?: string; username?: string }): string {
  return user.name || user.username || user.id;
}

export function registerHelpDesk(bolt: App, deps: ListenerDeps, helpDesk: HelpDesk): void {
  const tellPresser = async (responseUrl: string | undefined, text: string) => {
    if (responseUrl)
      await deps.postToResponseUrl(responseUrl, {
        response_type: 'ephemeral',
        replace_original: false,
        text,
      });
  };

  bolt.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: new RegExp(`^${HELP_DESK_IDS.answerPrefix}`) },
    async ({ body, action, ack }) => {
      await ack();
      await afterAck(deps.log, 'help-desk-answer', async () => {
        if (!(await deps.localClaims.claim(claimKeys.interaction(body.trigger_id, action.action_ts)))) return;
        const { e, a } = parseValue(action.value);
        if (!e || !a) return;
        const out = await helpDesk.answer(e, { by: nameOf(body.user), articleId: a });
        if (!out.ok) await tellPresser(body.response_url, out.message);
        else if (!out.first)
          await tellPresser(
            body.response_url,
            `This was answered already by ${out.escalation.answer?.by ?? 'someone'}.`,
          );
      });
    },
  );

  bolt.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: HELP_DESK_IDS.modal },
    async ({ body, action, ack, client }) => {
      await ack();
      await afterAck(deps.log, 'help-desk-modal', async () => {
        const { e } = parseValue(action.value);
        const escalation = e ? await helpDesk.escalation(e) : undefined;
        if (!escalation) return tellPresser(body.response_url, 'That question is no longer kept.');
        await client.views.open({
          trigger_id: body.trigger_id,
          view: renderAnswerModal(escalation, helpDesk.pasteOf(escalation)) as never,
        });
      });
    },
  );

  bolt.view<ViewSubmitAction>(HELP_DESK_IDS.modalCallback, async ({ view, body, ack }) => {
    const values = view.state.values;
    const articleId =
      values[HELP_DESK_IDS.articleBlock]?.[HELP_DESK_IDS.articleInput]?.value?.trim() || undefined;
    const text = values[HELP_DESK_IDS.textBlock]?.[HELP_DESK_IDS.textInput]?.value?.trim() || undefined;
    if (!articleId && !text) {
      await ack({
        response_action: 'errors',
        errors: { [HELP_DESK_IDS.articleBlock]: 'Give an article id, or answer in words below.' },
      });
      return;
    }
    if (articleId && !(await deps.kb.article(articleId).catch(() => undefined))) {
      await ack({
        response_action: 'errors',
        errors: { [HELP_DESK_IDS.articleBlock]: `There is no article ${articleId} in this knowledge base.` },
      });
      return;
    }
    await ack();
    await afterAck(deps.log, 'help-desk-modal-answer', async () => {
      const by = nameOf(body.user);
      const out = await helpDesk.answer(
        view.private_metadata,
        articleId ? { by, articleId } : { by, text: text! },
      );
      if (!out.ok) deps.log.warn({ platform: 'slack', reason: out.reason }, 'help-desk answer refused');
    });
  });
}
