/**
 * The help desk's side in Slack, pure: the message a handover posts in the escalation channel
 * (who asked, the paste, the bot's guesses each with "Answer with this", a button for any other
 * article or a written answer, a link back) and that message once answered; the answer modal.
 *
 * Buttons: `kbbot-hd:answer:<n>` (value: {"e": escalation id, "a": article id}) and
 * `kbbot-hd:modal` (value: {"e": escalation id}); the modal's callback_id is `kbbot-hd:answer`,
 * its private_metadata the escalation id. `kbbot-hd:` keeps them apart from the asker's buttons.
 */
import type { Escalation } from '../store/types.js';
import { escapeMrkdwn, SLACK_LIMITS } from '../render/block-kit.js';
import { answeredText as answeredPlain, clip, displayId, percent } from '../render/view.js';

export const HELP_DESK_IDS = {
  answerPrefix: 'kbbot-hd:answer:',
  modal: 'kbbot-hd:modal',
  modalCallback: 'kbbot-hd:answer',
  articleBlock: 'article',
  articleInput: 'article_id',
  textBlock: 'text',
  textInput: 'answer_text',
} as const;

type Text = { type: 'mrkdwn'; text: string } | { type: 'plain_text'; text: string; emoji?: boolean };
interface Button {
  type: 'button';
  text: { type: 'plain_text'; text: string };
  action_id: string;
  value: string;
  style?: 'primary';
}
export type HelpDeskBlock =
  | { type: 'header'; text: Text }
  | { type: 'section'; text: Text; accessory?: Button }
  | { type: 'context'; elements: Text[] }
  | { type: 'actions'; elements: Button[] }
  | { type: 'divider' }
  | {
      type: 'input';
      block_id: string;
      optional: boolean;
      label: Text;
      hint?: Text;
      element: Record<string, unknown>;
    };

export interface HandoverView {
  escalation: Escalation;
  /** The paste to show (masked); the escalation's own text when not given. */
  paste?: string;
  /** Who asked, as mrkdwn (a Slack mention, or a name). */
  asker: string;
  /** Link back to the question. */
  link?: string;
}

const md = (text: string): Text => ({ type: 'mrkdwn', text });
const plain = (text: string): { type: 'plain_text'; text: string } => ({
  type: 'plain_text',
  text: clip(text, SLACK_LIMITS.buttonTextChars),
});

function pasteBlock(paste: string): HelpDeskBlock {
  // In a code block: only the three markup characters are escaped, and no ``` can close it early.
  const body = escapeMrkdwn(clip(paste, 2800)).replace(/```/g, "'''");
  return { type: 'section', text: md(`\`\`\`${body}\`\`\``) };
}

function askedLine(v: HandoverView): string {
  const e = v.escalation;
  const link = v.link && /^https?:\/\/[^\s|<>]+$/.test(v.link) ? ` · <${v.link}|the question>` : '';
  return `*Asked by* ${v.asker} on ${e.platform === 'teams' ? 'Teams' : e.platform === 'slack' ? 'Slack' : e.platform}${link}`;
}

/** The handover message: who asked, the paste, the guesses with "Answer with this", other answers. */
export function renderHandoverMessage(v: HandoverView): { text: string; blocks: HelpDeskBlock[] } {
  const e = v.escalation;
  const blocks: HelpDeskBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Question for the help desk', emoji: true } },
    { type: 'section', text: md(askedLine(v)) },
    pasteBlock(v.paste ?? e.queryText),
  ];
  if (e.answer) {
    blocks.push({ type: 'section', text: md(`:white_check_mark: ${answeredText(e)}`) });
  } else {
    if (e.guesses.length) {
      blocks.push(
        { type: 'divider' },
        { type: 'context', elements: [md("kbbot's best guesses (not confident):")] },
      );
      e.guesses.slice(0, 5).forEach((g, i) => {
        blocks.push({
          type: 'section',
          text: md(`${displayId(g.id)} · ${escapeMrkdwn(clip(g.title, 200))} (${percent(g.confidence)})`),
          accessory: {
            type: 'button',
            text: plain('Answer with this'),
            action_id: `${HELP_DESK_IDS.answerPrefix}${i}`,
            value: JSON.stringify({ e: e.id, a: g.id }),
          },
        });
      });
    }
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: plain('Answer with another article or in words'),
          action_id: HELP_DESK_IDS.modal,
          value: JSON.stringify({ e: e.id }),
          style: 'primary',
        },
      ],
    });
    blocks.push({
      type: 'context',
      elements: [md(`Open · handed over ${e.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`)],
    });
  }
  const text = e.answer
    ? `Answered: ${answeredText(e)}`
    : `Question for the help desk: ${clip((v.paste ?? e.queryText).replace(/\s+/g, ' '), 150)}`;
  return { text: escapeMrkdwn(text).slice(0, SLACK_LIMITS.textChars), blocks };
}

/** The modal to answer with any article id, or in words. */
export function renderAnswerModal(e: Escalation, paste = e.queryText) {
  return {
    type: 'modal' as const,
    callback_id: HELP_DESK_IDS.modalCallback,
    private_metadata: e.id,
    title: { type: 'plain_text' as const, text: 'Answer the question' },
    submit: { type: 'plain_text' as const, text: 'Send answer' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      pasteBlock(paste),
      {
        type: 'input',
        block_id: HELP_DESK_IDS.articleBlock,
        optional: true,
        label: { type: 'plain_text', text: 'Article id' },
        hint: {
          type: 'plain_text',
          text: 'KB214864, Q214864 or a runbook id. It is sent to the asker, and kbbot learns it for pastes like this.',
        },
        element: { type: 'plain_text_input', action_id: HELP_DESK_IDS.articleInput, max_length: 200 },
      },
      {
        type: 'input',
        block_id: HELP_DESK_IDS.textBlock,
        optional: true,
        label: { type: 'plain_text', text: 'Or answer in words' },
        element: {
          type: 'plain_text_input',
          action_id: HELP_DESK_IDS.textInput,
          multiline: true,
          max_length: 3000,
        },
      },
    ] satisfies HelpDeskBlock[],
  };
}

/** "Answered by Dana in 3 min with KB214864", the name escaped for mrkdwn. */
function answeredText(e: Escalation): string {
  return answeredPlain(e, escapeMrkdwn);
}
