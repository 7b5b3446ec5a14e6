/**
 * The message shortcut "Find KB fix" (callback_id `find_kb_fix`, in slack-manifest.json): runs
 * the chosen message's text and answers the person who asked, privately, through the
 * response_url, with "Share in channel".
 */
import type { App, MessageShortcut } from '@slack/bolt';
import { renderBlockKit } from '../../render/block-kit.js';
import { afterAck, answerTurn } from '../turn-reply.js';
import { claimKeys } from '../event-claims.js';
import type { Reply } from '../../conversation/types.js';
import { slackTurn, type SlackFile } from '../files.js';
import { shareable } from '../turns.js';
import type { ListenerDeps } from '../types.js';

export const FIND_KB_FIX = 'find_kb_fix';

export function registerShortcut(bolt: App, deps: ListenerDeps): void {
  bolt.shortcut<MessageShortcut>(
    { callback_id: FIND_KB_FIX, type: 'message_action' },
    async ({ shortcut, ack, client }) => {
      await ack();
      await afterAck(deps.log, 'shortcut', async () => {
        if (!(await deps.localClaims.claim(claimKeys.interaction(shortcut.trigger_id)))) return;
        const message0 = {
          text: shortcut.message.text,
          channel: shortcut.channel.id,
          files: (shortcut.message as { files?: SlackFile[] }).files,
        };
        const got = await slackTurn(message0, {}, client, deps.settings);
        const turn = 'kind' in got ? undefined : { ...got, userId: shortcut.user.id };
        const reply = turn ? await answerTurn(turn, deps.respondDeps, deps.log, 'shortcut') : (got as Reply);
        // What is shared is the paste: the typed text, or the text read from the screenshot.
        const paste = reply.kind === 'answer' ? reply.answer.query : turn?.text;
        const message = renderBlockKit(reply, { shareText: shareable(reply.kind) ? paste : undefined });
        await deps.postToResponseUrl(shortcut.response_url, { response_type: 'ephemeral', ...message });
      });
    },
  );
}
