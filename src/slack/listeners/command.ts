/**
 * `/kb <text>`: acknowledged at once (empty 200), answered through the response_url with a
 * private card and its "Share in channel" button. `/kb`, `/kb help` → usage; `/kb KB214864` →
 * that article; anything else is searched.
 */
import type { App } from '@slack/bolt';
import { renderBlockKit } from '../../render/block-kit.js';
import { afterAck, answerTurn } from '../turn-reply.js';
import { claimKeys } from '../event-claims.js';
import { commandTurn, shareable } from '../turns.js';
import type { ListenerDeps } from '../types.js';

export function registerCommand(bolt: App, deps: ListenerDeps): void {
  bolt.command(deps.settings.command, async ({ command, ack }) => {
    await ack();
    await afterAck(deps.log, 'command', async () => {
      if (!(await deps.localClaims.claim(claimKeys.command(command.trigger_id)))) return;
      const turn = commandTurn(command);
      const reply = await answerTurn(turn, deps.respondDeps, deps.log, 'command');
      const message = renderBlockKit(reply, { shareText: shareable(reply.kind) ? turn.text : undefined });
      await deps.postToResponseUrl(command.response_url, { response_type: 'ephemeral', ...message });
    });
  });
}
