/**
 * Messages: an @mention in a channel is answered in the message's thread; every direct message
 * is a question; in a passive-help channel an error paste is answered in its thread when the
 * match is highly confident. Events are acknowledged by Bolt before these run; each event is
 * answered once (its event_id claimed), and passive help once per message, ever.
 */
import type { App, Context } from '@slack/bolt';
import type { Reply } from '../../conversation/types.js';
import { renderBlockKit } from '../../render/block-kit.js';
import { afterAck, answerTurn } from '../turn-reply.js';
import { claimKeys } from '../event-claims.js';
import { looksLikeError, PASSIVE_MIN_CONFIDENCE } from '../passive.js';
import { firstImage, slackTurn, withSlackImage, type SlackFile } from '../files.js';
import { messageTurn } from '../turns.js';
import type { Turn } from '../../conversation/types.js';
import { pasteWithImage, withImageNotice } from '../../ocr/index.js';
import type { ListenerDeps } from '../types.js';

interface PlainMessage {
  text?: string;
  user?: string;
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
  bot_id?: string;
  subtype?: string;
  files?: SlackFile[];
}

export function registerMessages(bolt: App, deps: ListenerDeps): void {
  const passiveChannels = new Set(deps.settings.passiveChannels);

  bolt.event('app_mention', async ({ event, body, client }) => {
    await afterAck(deps.log, 'mention', async () => {
      if (event.bot_id) return;
      if (!(await deps.claims.claim(claimKeys.event(body.event_id)))) return;
      const turn = await slackTurn(
        { ...(event as PlainMessage), thread_ts: event.thread_ts ?? event.ts },
        { emptyIsHelp: true },
        client,
        deps.settings,
      );
      const reply = 'kind' in turn ? turn : await answerTurn(turn, deps.respondDeps, deps.log, 'mention');
      await client.chat.postMessage({
        channel: event.channel,
        thread_ts: event.thread_ts ?? event.ts,
        ...renderBlockKit(reply),
      });
    });
  });

  bolt.event('message', async ({ event, body, client, context }) => {
    const msg = event as unknown as PlainMessage;
    // Edits, joins, bot posts (kbbot's own included) and the like are not questions; a shared file may be.
    if (
      (msg.subtype && msg.subtype !== 'file_share') ||
      msg.bot_id ||
      !msg.user ||
      msg.user === context.botUserId
    )
      return;
    if (msg.channel_type === 'im') {
      await afterAck(deps.log, 'dm', async () => {
        if (!(await deps.claims.claim(claimKeys.event(body.event_id)))) return;
        const turn = await slackTurn(msg, { emptyIsHelp: true }, client, deps.settings);
        const reply = 'kind' in turn ? turn : await answerTurn(turn, deps.respondDeps, deps.log, 'dm');
        await client.chat.postMessage({
          channel: msg.channel,
          thread_ts: msg.thread_ts,
          ...renderBlockKit(reply),
        });
      });
      return;
    }
    if (passiveChannels.has(msg.channel))
      await afterAck(deps.log, 'passive', () => passiveHelp(msg, context, client, deps));
  });
}

async function passiveHelp(
  msg: PlainMessage,
  context: Context,
  client: App['client'],
  deps: ListenerDeps,
): Promise<void> {
  const text = msg.text ?? '';
  // A message that mentions kbbot is the mention listener's.
  if (context.botUserId && text.includes(`<@${context.botUserId}>`)) return;
  const image = deps.respondDeps.images ? firstImage(msg.files) : undefined;
  const turn = messageTurn(msg);
  if (!image && !looksLikeError(turn.text)) return;
  if (deps.kb.status().state !== 'ready') return;
  // One reply per message, ever: also when Slack retries, also across instances.
  if (!(await deps.claims.claim(claimKeys.message(msg.channel, msg.ts)))) return;
  // A screenshot is read first; nobody asked, so an image that cannot be read is passed over in silence.
  const read = image ? await readPassiveImage(turn, image, client, deps) : undefined;
  const paste = read ? pasteWithImage(turn.text, read) : turn.text;
  if (image && (!read || !looksLikeError(paste))) {
    deps.log.debug(
      { platform: 'slack', surface: 'passive', channel: msg.channel, ts: msg.ts, read: read !== undefined },
      'screenshot passed over',
    );
    return;
  }
  // Matched directly, not through `respond`: nobody asked, so nothing is recorded unless kbbot speaks up.
  const answered = await deps.kb.answer(paste).catch((e: unknown) => {
    deps.log.error(
      { platform: 'slack', surface: 'passive', err: e instanceof Error ? e.message : String(e) },
      'answer failed',
    );
    return undefined;
  });
  const answer = answered && read ? withImageNotice(answered, read) : answered;
  if (!answer?.answered || answer.confidence < PASSIVE_MIN_CONFIDENCE) return;
  const reply: Reply = { kind: 'answer', answer };
  deps.log.info(
    { platform: 'slack', surface: 'passive', article: answer.article?.id, confidence: answer.confidence },
    'passive answer',
  );
  await client.chat.postMessage({
    channel: msg.channel,
    thread_ts: msg.thread_ts ?? msg.ts,
    ...renderBlockKit(reply),
  });
}

/** The text of a screenshot posted in a passive channel, or undefined when there is none to read. */
async function readPassiveImage(
  turn: Turn,
  image: SlackFile,
  client: App['client'],
  deps: ListenerDeps,
): Promise<string | undefined> {
  const withImage = await withSlackImage(turn, image, client, deps.settings);
  if ('ok' in withImage || !withImage.image || !deps.respondDeps.images) return undefined;
  const read = await deps.respondDeps.images.read(withImage.image);
  return read.ok ? read.text : undefined;
}
