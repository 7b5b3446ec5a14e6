/**
 * The message shortcut "Find KB fix" (callback_id `find_kb_fix`, in slack-manifest.json): runs
 * the chosen message's text and answers the person who asked, privately, through the
 * response_url, with "Share in channel".
 */
import type { App, MessageShortcut } from '@slack/bolt';
import { renderBlockKit } from '../../render/block-kit.js';
import { afterAck, answerTurn } from '../answer.js';
import { claimKeys } from '../event-claims.js';
import { messageTurn, shareable } from '../turns.js';
import type { ListenerDeps } from '../types.js';

export const FIND_KB_FIX = 'find_kb_fix';

export function registerShortcut(bolt: App, deps: ListenerDeps): void {
  bolt.shortcut<MessageShortcut>({ callback_id: FIND_KB_FIX, type: 'message_action' }, async ({ shortcut, ack }) => {
    await ack();
    await afterAck(deps.log, 'shortcut', async () => {
      if (!(await deps.localClaims.claim(claimKeys.interaction(shortcut.trigger_id)))) return;
      const turn = { ...messageTurn({ text: shortcut.message.text, channel: shortcut.channel.id }), userId: shortcut.user.id };
      const reply = await answerTurn(turn, deps.respondDeps, deps.log, 'shortcut');
      const message = renderBlockKit(reply, { shareText: shareable(reply.kind) ? turn.text : undefined });
      await deps.postToResponseUrl(shortcut.response_url, { response_type: 'ephemeral', ...message });
    });
  });
}
