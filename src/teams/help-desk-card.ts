/**
 * The help desk's side in Teams, pure: the Adaptive Card a handover posts in the escalation
 * channel (who asked, the paste, the guesses each with "Answer with this", boxes for any article
 * id or a written answer) and that card once answered.
 *
 * Every button is an Action.Submit whose data is a HelpDeskSubmit; Teams adds the boxes' values
 * (`hdArticle`, `hdText`) to it when "Send answer" is pressed.
 */
import type { Escalation } from '../store/types.js';
import { answeredText, clip, displayId, percent } from '../render/view.js';

export interface HelpDeskSubmit {
  kbbotHelpDesk: 1;
  /** The escalation id. */
  e: string;
  /** An article id ("Answer with this"). */
  a?: string;
}

export const HELP_DESK_INPUTS = { article: 'hdArticle', text: 'hdText' } as const;

/** The help-desk fields of a submitted card's value, or undefined when it is not a help-desk answer. */
export function helpDeskSubmit(value: unknown): { e: string; articleId?: string; text?: string } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (v.kbbotHelpDesk !== 1 || typeof v.e !== 'string') return undefined;
  const str = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : undefined);
  return {
    e: v.e,
    articleId: str(v.a) ?? str(v[HELP_DESK_INPUTS.article]),
    text: str(v[HELP_DESK_INPUTS.text]),
  };
}

type Element = Record<string, unknown> & { type: string };

export interface HandoverCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: Element[];
  actions?: Element[];
  fallbackText: string;
  msteams: { width: 'Full' };
}

const text = (t: string, more: Record<string, unknown> = {}): Element => ({
  type: 'TextBlock',
  text: t,
  wrap: true,
  ...more,
});

export function renderHandoverCard(
  e: Escalation,
  asker: string,
  link?: string,
  paste = e.queryText,
): HandoverCard {
  const from = e.platform === 'slack' ? 'Slack' : e.platform === 'teams' ? 'Teams' : e.platform;
  const body: Element[] = [
    text('Question for the help desk', { size: 'Medium', weight: 'Bolder', style: 'heading' }),
    text(
      `Asked by ${asker} on ${from}${link && /^https?:\/\/\S+$/.test(link) ? ` · [the question](${link})` : ''}`,
      { isSubtle: true, spacing: 'None' },
    ),
    { type: 'Container', style: 'emphasis', items: [text(clip(paste, 3000), { fontType: 'Monospace' })] },
  ];
  let actions: Element[] | undefined;
  if (e.answer) {
    body.push(
      text(`✓ ${answeredText(e)}`, {
        color: 'Good',
        weight: 'Bolder',
      }),
    );
  } else {
    if (e.guesses.length) {
      body.push(text("kbbot's best guesses (not confident):", { isSubtle: true, separator: true }));
      for (const g of e.guesses.slice(0, 5)) {
        body.push({
          type: 'ColumnSet',
          columns: [
            {
              type: 'Column',
              width: 'stretch',
              items: [text(`${displayId(g.id)} · ${clip(g.title, 200)} (${percent(g.confidence)})`)],
            },
            {
              type: 'Column',
              width: 'auto',
              items: [
                {
                  type: 'ActionSet',
                  actions: [
                    {
                      type: 'Action.Submit',
                      title: 'Answer with this',
                      data: { kbbotHelpDesk: 1, e: e.id, a: g.id } satisfies HelpDeskSubmit,
                    },
                  ],
                },
              ],
            },
          ],
        });
      }
    }
    body.push(
      {
        type: 'Input.Text',
        id: HELP_DESK_INPUTS.article,
        label: 'Or another article id',
        placeholder: 'KB214864',
        maxLength: 200,
        separator: true,
      },
      {
        type: 'Input.Text',
        id: HELP_DESK_INPUTS.text,
        label: 'Or answer in words',
        isMultiline: true,
        maxLength: 3000,
      },
    );
    actions = [
      {
        type: 'Action.Submit',
        title: 'Send answer',
        style: 'positive',
        data: { kbbotHelpDesk: 1, e: e.id } satisfies HelpDeskSubmit,
      },
    ];
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions ? { actions } : {}),
    fallbackText: e.answer
      ? 'Answered'
      : `Question for the help desk: ${clip(paste.replace(/\s+/g, ' '), 150)}`,
    msteams: { width: 'Full' },
  };
}
