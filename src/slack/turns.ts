/**
 * Slack payloads → Turns, pure. Slack's text arrives as mrkdwn with `<@U…>` mentions and
 * `&amp;`-style entities; the matcher wants what the person typed.
 */
import { clipPaste, pastedLength } from '../conversation/paste.js';
import type { ConversationKind, Turn } from '../conversation/types.js';

/** Slack escapes &, < and > in message text; a paste must be matched as it was written. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The words of a message without the bot's (or anyone's) @mention, entities decoded, trimmed. */
export function messageText(text: string | undefined): string {
  return unescapeSlack(clipPaste(text ?? '').replace(/<@[A-Z0-9]+(?:\|[^<>]*)?>/g, ' ')).trim();
}

/** What kind of conversation a channel id is: D… a direct message, G… or mpim a group, C… a channel. */
export function conversationOf(
  channelId: string | undefined,
  channelType?: string,
  threadTs?: string,
): ConversationKind {
  if (channelType === 'im' || channelId?.startsWith('D')) return 'dm';
  if (threadTs) return 'thread';
  if (channelType === 'mpim' || channelType === 'group' || channelId?.startsWith('G')) return 'group';
  return channelId ? 'channel' : 'none';
}

/**
 * A slash command's text as a Turn: a bare `/kb` is a request for help (the intents answer
 * "help" with usage and examples).
 */
export function commandTurn(cmd: {
  text?: string;
  user_id: string;
  channel_id: string;
  channel_name?: string;
}): Turn {
  const text = messageText(cmd.text);
  return {
    platform: 'slack',
    conversation: cmd.channel_name === 'directmessage' ? 'dm' : conversationOf(cmd.channel_id),
    userId: cmd.user_id,
    text: text || 'help',
    ...pastedLength(cmd.text ?? ''),
  };
}

/** A message (mention, DM, shared via the shortcut) as a Turn; a mention with nothing else is a request for help. */
export function messageTurn(
  msg: { text?: string; user?: string; channel?: string; channel_type?: string; thread_ts?: string },
  opts: { emptyIsHelp?: boolean } = {},
): Turn {
  const text = messageText(msg.text);
  return {
    platform: 'slack',
    conversation: conversationOf(msg.channel, msg.channel_type, msg.thread_ts),
    userId: msg.user,
    text: text || (opts.emptyIsHelp ? 'help' : ''),
    ...pastedLength(msg.text ?? ''),
  };
}

/** Replies worth a "Share in channel" button: cards with something to show others. */
export function shareable(kind: string): boolean {
  return kind === 'answer' || kind === 'article' || kind === 'code' || kind === 'more';
}
