/**
 * What a Bot Framework activity from Teams (or the Emulator) means to kbbot: which kind of
 * conversation it is in, the words it carries (the bot's @mention removed, or a card button's
 * payload), and the key that makes a re-delivered activity count once. Pure.
 */
import type { Activity } from 'botbuilder';
import { turnFromAction } from '../conversation/actions.js';
import { clipPaste, pastedLength } from '../conversation/paste.js';
import type { ConversationKind, Turn } from '../conversation/types.js';

/** Teams' conversation types → the shared ones. */
export function conversationKind(activity: Partial<Activity>): ConversationKind {
  switch (activity.conversation?.conversationType) {
    case 'personal':
      return 'dm';
    case 'groupChat':
      return 'group';
    case 'channel':
      return activity.replyToId || activity.conversation.id?.includes(';messageid=') ? 'thread' : 'channel';
    default:
      return 'none';
  }
}

/** The person behind an activity: their Entra object id in Teams, else the channel's user id. */
export function userIdOf(activity: Partial<Activity>): string | undefined {
  return activity.from?.aadObjectId ?? activity.from?.id;
}

/** The fields every Turn from this activity shares. */
export function turnBase(activity: Partial<Activity>): Omit<Turn, 'text'> {
  return { platform: 'teams', conversation: conversationKind(activity), userId: userIdOf(activity) };
}

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
};

/** HTML of a Teams message (a message action's payload) → its text: line breaks kept, tags and entities gone. */
export function plainTextOfHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(?:p|div|li|tr|h\d|pre)>/gi, '\n')
    .replace(/<[^>]{0,2000}>/g, '')
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The text of a message without the bot's @mention. Teams writes a mention as `<at>name</at>`
 * with an entity naming who is mentioned; only the bot's own mention is removed (someone else
 * @mentioned in a paste stays part of it). Teams also escapes a few characters as entities.
 */
export function messageText(activity: Partial<Activity>): string {
  let text = clipPaste(activity.text ?? '');
  const botId = activity.recipient?.id;
  let removed = false;
  for (const e of activity.entities ?? []) {
    const mentioned = (e as { mentioned?: { id?: string }; text?: string }).mentioned;
    const mentionText = (e as { text?: string }).text;
    if (
      e.type === 'mention' &&
      mentioned?.id &&
      mentioned.id === botId &&
      mentionText &&
      text.includes(mentionText)
    ) {
      text = text.split(mentionText).join(' ');
      removed = true;
    }
  }
  // A channel message reaches kbbot only when it is mentioned: with no entity for it, the
  // `<at>…</at>` the message starts with is the bot's.
  const inChat =
    activity.conversation?.conversationType === 'channel' ||
    activity.conversation?.conversationType === 'groupChat';
  if (!removed && inChat) text = text.replace(/^\s*<at>[^<]{0,100}<\/at>/i, ' ');
  text = text.replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
  return text.trim();
}

/** The Turn a message activity stands for: a card button's payload when it carries one, else its text. */
export function turnOfActivity(activity: Partial<Activity>): Turn {
  const base = turnBase(activity);
  return (
    turnFromAction(activity.value, base) ?? {
      ...base,
      text: messageText(activity),
      ...pastedLength(activity.text ?? ''),
    }
  );
}

/** True when the message carries nothing to read but files or images. */
export function onlyAttachments(activity: Partial<Activity>): boolean {
  const files = (activity.attachments ?? []).filter((a) => a.contentType !== 'text/html');
  return files.length > 0 && !messageText(activity) && activity.value === undefined;
}

/**
 * The idempotency key of an activity: the same activity delivered twice (the Bot Connector
 * retries when an answer is slow) has the same conversation and id. Undefined without an id.
 */
export function claimKeyOf(activity: Partial<Activity>): string | undefined {
  if (!activity.id || !activity.conversation?.id) return undefined;
  return `teams:${activity.conversation.id}:${activity.id}`;
}

/** True when the bot itself is among the members added (installed in a chat or team). */
export function botWasAdded(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  return !!botId && (activity.membersAdded ?? []).some((m) => m.id === botId);
}
