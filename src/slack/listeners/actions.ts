/**
 * The card's buttons (action_id `kbbot:*`, value = an ActionPayload). Acknowledged at once, then:
 *
 *   Full article        the whole article in a modal (views.open; views.push over a modal)
 *   Share in channel    the answer again, for everyone (response_url, in_channel), the private one removed
 *   Helpful/Not helpful feedback written to the store; the card's vote buttons become the thanks
 *                       (and "Not helpful" offers "Ask the help desk")
 *   Ask the help desk   handed over (src/slack/help-desk.ts); the button becomes where it went
 *   anything else       (Other matches, a suggestion, an example) answered as the words it carries:
 *                       privately under the card, or in a modal when pressed in the Home tab or a modal
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { turnFromAction } from '../../conversation/actions.js';
import type { Reply, Turn } from '../../conversation/types.js';
import { ACTION_IDS, renderBlockKit, type Block } from '../../render/block-kit.js';
import { acknowledgeInPlace, renderArticleModal, renderReplyModal } from '../views.js';
import { afterAck, answerTurn } from '../turn-reply.js';
import { claimKeys } from '../event-claims.js';
import { conversationOf, shareable } from '../turns.js';
import type { ListenerDeps } from '../types.js';

export function registerActions(bolt: App, deps: ListenerDeps): void {
  bolt.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: /^kbbot:/ },
    async ({ body, action, ack, client }) => {
      await ack();
      await afterAck(deps.log, 'button', async () => {
        if (!(await deps.localClaims.claim(claimKeys.interaction(body.trigger_id, action.action_ts)))) return;
        const base = {
          platform: 'slack' as const,
          conversation: conversationOf(
            body.channel?.id,
            undefined,
            body.message?.thread_ts as string | undefined,
          ),
          userId: body.user.id,
        };
        const turn = turnFromAction(action.value, base);
        if (!turn) {
          deps.log.warn(
            { platform: 'slack', actionId: action.action_id },
            'button without a kbbot value ignored',
          );
          return;
        }
        const inModal = body.view?.type === 'modal';
        const inView = body.container?.type === 'view' || body.view !== undefined;
        const showView = (view: ReturnType<typeof renderReplyModal>) =>
          inModal
            ? client.views.push({ trigger_id: body.trigger_id, view })
            : client.views.open({ trigger_id: body.trigger_id, view });
        /** The card pressed on, its `replaced` buttons now saying `said`; a private message when there is no card. */
        const sayInCard = async (said: string, replaced?: readonly string[], after: Block[] = []) => {
          const card = (body.message?.blocks as Block[] | undefined) ?? (await cardAgain(turn, deps));
          if (!card) {
            await deps.postToResponseUrl(body.response_url, {
              response_type: 'ephemeral',
              replace_original: false,
              text: said,
            });
            return;
          }
          await deps.postToResponseUrl(body.response_url, {
            replace_original: true,
            text: (body.message?.text as string | undefined) ?? said,
            blocks: [...acknowledgeInPlace(card, said, replaced), ...after],
          });
        };

        switch (action.action_id) {
          case ACTION_IDS.fullArticle: {
            const reply = await answerTurn(turn, deps.respondDeps, deps.log, 'full-article');
            await showView(renderArticleModal(reply));
            return;
          }
          case ACTION_IDS.share: {
            const reply = await answerTurn(turn, deps.respondDeps, deps.log, 'share');
            await deps.postToResponseUrl(body.response_url, {
              response_type: 'in_channel',
              ...renderBlockKit(reply, { sharedBy: body.user.id }),
            });
            await deps.postToResponseUrl(body.response_url, { delete_original: true });
            return;
          }
          case ACTION_IDS.helpful:
          case ACTION_IDS.notHelpful: {
            const reply = await answerTurn(turn, deps.respondDeps, deps.log, 'feedback');
            const thanks = 'text' in reply ? reply.text : 'Thanks.';
            const offer =
              reply.kind === 'feedback-ack' && reply.escalate
                ? renderBlockKit(reply).blocks.filter((b) => b.type === 'actions')
                : [];
            await sayInCard(thanks, undefined, offer);
            return;
          }
          case ACTION_IDS.escalate: {
            const threadTs = body.message?.thread_ts as string | undefined;
            const origin = {
              channel: body.channel?.id,
              threadTs,
              messageTs: threadTs,
              responseUrl: body.response_url,
              userId: body.user.id,
            };
            const reply = await answerTurn(
              { ...turn, origin, userName: body.user.name },
              deps.respondDeps,
              deps.log,
              'escalate',
            );
            const said = 'text' in reply ? reply.text : 'Sent to the help desk.';
            // Pressed in the App Home or a modal: said in a modal (the answer comes as a DM).
            if (inView || !body.response_url) {
              await showView(renderReplyModal(reply));
              return;
            }
            await sayInCard(said, [ACTION_IDS.escalate]);
            return;
          }
          default: {
            const reply = await answerTurn(turn, deps.respondDeps, deps.log, 'button');
            if (inView || !body.response_url) {
              await showView(renderReplyModal(reply));
              return;
            }
            const message = renderBlockKit(reply, {
              shareText: shareable(reply.kind) ? turn.text : undefined,
            });
            await deps.postToResponseUrl(body.response_url, {
              response_type: 'ephemeral',
              replace_original: false,
              ...message,
            });
          }
        }
      });
    },
  );
}

/**
 * A private card's blocks are not sent back with its buttons' presses, so to acknowledge a vote
 * in place the card is drawn again from the paste the button carries (matched, not recorded again).
 */
async function cardAgain(turn: Turn, deps: ListenerDeps): Promise<Block[] | undefined> {
  if (!turn.lastQuery?.trim()) return undefined;
  const answer = await deps.kb.answer(turn.lastQuery).catch(() => undefined);
  if (!answer) return undefined;
  const reply: Reply = { kind: 'answer', answer, escalate: !!deps.helpDesk && !answer.answered };
  return renderBlockKit(reply, { shareText: turn.lastQuery }).blocks;
}
