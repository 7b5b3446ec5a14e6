/**
 * The cards only Teams shows: the welcome card on install, and the messaging extension's
 * search results (previews to pick from, each carrying the Adaptive Card it inserts). Pure:
 * they draw what the conversation core and the knowledge base already answered.
 */
import {
  CardFactory,
  type Attachment,
  type MessagingExtensionActionResponse,
  type MessagingExtensionAttachment,
  type MessagingExtensionResponse,
} from 'botbuilder';
import type { Alternative, Answer, AnswerArticle } from '../answer/types.js';
import type { Reply } from '../conversation/types.js';
import { renderAdaptiveCard, renderLinkCard, type AdaptiveCard } from '../render/adaptive-card.js';
import { actionPayload } from '../conversation/actions.js';
import { clip, confidenceText, displayId, NO_MATCH_HINT } from '../render/view.js';

export type HelpReply = Extract<Reply, { kind: 'help' }>;

/** The lines of the welcome that only Teams needs: where kbbot can be asked. */
export const TEAMS_USAGE = [
  'In this chat every message is a question: paste the error as it is.',
  'In a channel or group chat, @mention kbbot with the paste; the answer comes in the thread.',
  'From the compose box (… → kbbot), search the knowledge base and insert an article into any conversation.',
  'On any message: … → More actions → Find KB fix, and the answer comes to you privately.',
];

/** An Adaptive Card message attachment. */
export function cardAttachment(card: AdaptiveCard): Attachment {
  return CardFactory.adaptiveCard(card);
}

/**
 * The card sent when kbbot is installed: what to paste (help's own first paragraph, said once),
 * where to ask and what else to say as lists, examples to press.
 */
export function welcomeCard(help: HelpReply, articles?: number): AdaptiveCard {
  const knows = articles ? `I know ${articles.toLocaleString('en')} knowledge-base articles.` : '';
  const [statement, ...more] = help.text.trim().split(/\n\s*\n/);
  const text = [
    [statement, knows].filter(Boolean).join(' '),
    ['Where to ask:', ...TEAMS_USAGE.map((l) => `• ${l}`)].join('\n'),
    ...more,
  ].join('\n\n');
  const card = renderAdaptiveCard({ ...help, text });
  const [title, ...rest] = card.body;
  if (title?.type === 'TextBlock')
    return {
      ...card,
      body: [{ ...title, text: 'Welcome to kbbot' }, ...rest],
      fallbackText: 'Welcome to kbbot. Paste an error and I answer with the article that fixes it.',
    };
  return card;
}

/** The message action on any message (manifest.json composeExtensions, `context: ["message"]`). */
export const FIND_KB_FIX_COMMAND = 'findKbFix';

/** The data of the "Share in chat" button: the words to answer again, for the conversation. */
export interface ShareData {
  kbbot: 1;
  text: string;
  share: true;
}

export function isShare(data: unknown): data is ShareData {
  const d = data as Partial<ShareData> | undefined;
  return d?.kbbot === 1 && d.share === true && typeof d.text === 'string';
}

/** A card shown privately (the message action's dialog) with a button that shares it in the chat. */
export function withShareButton(card: AdaptiveCard, text: string): AdaptiveCard {
  const data: ShareData = { ...actionPayload(text), share: true };
  return {
    ...card,
    actions: [
      ...(card.actions ?? []),
      { type: 'Action.Submit', title: 'Share in chat', data, style: 'positive' },
    ],
  };
}

/** The private answer of "Find KB fix": a dialog only the person who asked sees. */
export function privateAnswer(card: AdaptiveCard): MessagingExtensionActionResponse {
  return {
    task: {
      type: 'continue',
      value: { title: 'kbbot: Find KB fix', width: 'large', height: 'large', card: cardAttachment(card) },
    },
  };
}

/** A card put in the compose box, for the person to send (the shared answer, a link's preview). */
export function composeResult(
  card: AdaptiveCard,
  preview?: { title: string; text: string },
): MessagingExtensionResponse {
  const attachment: MessagingExtensionAttachment = {
    ...cardAttachment(card),
    ...(preview
      ? {
          preview: CardFactory.thumbnailCard(
            clip(preview.title, 120),
            clip(preview.text.replace(/\s+/g, ' '), 200),
          ),
        }
      : {}),
  };
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [attachment] } };
}

/** A KB link's preview (link unfurling): the article's title and fix, with a button that opens it. */
export function linkUnfurl(article: AnswerArticle): MessagingExtensionResponse {
  return composeResult(renderLinkCard(article), {
    title: article.title,
    text: `${displayId(article.id)} · ${article.symptomExcerpt}`,
  });
}

/** Most articles one search lists (the best and the closest others). */
export const MAX_SEARCH_RESULTS = 5;

/** The messaging extension's answer when it has no articles to list: a line of text in the picker. */
export function searchMessage(text: string): MessagingExtensionResponse {
  return { composeExtension: { type: 'message', text } };
}

export const EMPTY_SEARCH_TEXT =
  'Type or paste an error to search the knowledge base: an error code (0x2741), an event id with its source (event 4283 MSExchangeMTA), a log line or a KB number (KB214864).';

/** The text of a search with nothing found. */
export function noMatchText(query: string): string {
  return `No article matches "${clip(query.replace(/\s+/g, ' '), 60)}". ${NO_MATCH_HINT}`;
}

/** One result: a thumbnail preview in the picker, and the Adaptive Card it inserts. */
function result(
  card: AdaptiveCard,
  title: string,
  subtitle: string,
  text: string,
): MessagingExtensionAttachment {
  return {
    ...cardAttachment(card),
    preview: CardFactory.thumbnailCard(
      clip(title, 120),
      clip(text.replace(/\s+/g, ' '), 200),
      undefined,
      undefined,
      { subtitle },
    ),
  };
}

/**
 * The card an article inserts: drawn as an answer to the search with that article, so it shows
 * the confidence honestly (a weak candidate says "low") and keeps the card's buttons.
 */
function articleCard(answer: Answer, article: AnswerArticle, confidence: number): AdaptiveCard {
  const isTop = article.id === answer.article?.id;
  const single: Answer = {
    ...answer,
    answered: true,
    confidence,
    article,
    alternatives: [],
    why: isTop ? answer.why : [],
    codes: isTop ? answer.codes : [],
  };
  return renderAdaptiveCard({ kind: 'answer', answer: single });
}

/**
 * A search's results, best first: the answer's article (when confident) and the others that
 * came close, each with its card; `articles` are the cards' articles read back by id. With no
 * confident match the closest ones are listed with "not sure" in their preview.
 */
export function searchResults(
  answer: Answer,
  articles: ReadonlyMap<string, AnswerArticle>,
): MessagingExtensionResponse {
  const candidates: Alternative[] = [];
  if (answer.article)
    candidates.push({ id: answer.article.id, title: answer.article.title, confidence: answer.confidence });
  candidates.push(...answer.alternatives);
  const attachments: MessagingExtensionAttachment[] = [];
  for (const c of candidates.slice(0, MAX_SEARCH_RESULTS)) {
    const article = c.id === answer.article?.id ? answer.article : articles.get(c.id);
    if (!article) continue;
    const sure = answer.answered && c.id === answer.article?.id;
    const subtitle = `${displayId(article.id)} · ${sure ? '' : 'not sure · '}${confidenceText(c.confidence)}`;
    attachments.push(
      result(
        articleCard(answer, article, c.confidence),
        article.title,
        subtitle,
        article.symptomExcerpt || article.cause || '',
      ),
    );
  }
  if (!attachments.length) return searchMessage(noMatchText(answer.query));
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
}
