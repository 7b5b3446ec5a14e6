/**
 * What a card's button carries back to kbbot, the same on every platform: the words the button
 * stands for ("more", "helpful Q811406", "open Q214864") and the paste it refers to. A surface
 * turns a pressed button into an ordinary Turn, so a button and typed words answer the same.
 *
 *   Adaptive Card Action.Submit `data`  = ActionPayload
 *   Block Kit button `value`            = JSON.stringify(ActionPayload)  (≤ 2000 characters)
 */
import { clipPaste } from './paste.js';
import type { Turn } from './types.js';

export interface ActionPayload {
  kbbot: 1;
  text: string;
  /** The paste the button refers to (clipped so the payload fits a Slack button value). */
  query?: string;
  /**
   * What the button does and to which article, said outright: an id of any spelling (a runbook's
   * `RB-VPN`, without digits) works, where the words would need a pattern that knows it.
   */
  action?: ButtonAction;
}

/** A button's intent and article, which respond() takes as they are instead of routing the words. */
export type ButtonAction =
  | { intent: 'article'; articleId: string }
  | { intent: 'feedback'; articleId: string; helpful: boolean };

/** Slack's limit for a button value is 2000 characters; JSON escaping can grow a text, so keep a margin. */
const MAX_PAYLOAD_CHARS = 1900;

export function actionPayload(text: string, query?: string, action?: ButtonAction): ActionPayload {
  const p: ActionPayload = action ? { kbbot: 1, text, action } : { kbbot: 1, text };
  if (query === undefined || !query.trim()) return p;
  let q = query;
  while (q && JSON.stringify({ ...p, query: q }).length > MAX_PAYLOAD_CHARS)
    q = q.slice(0, Math.floor(q.length * 0.8));
  return q ? { ...p, query: q } : p;
}

/** A pressed button's value (an object, or the JSON of one) → a Turn, or undefined when it is not kbbot's. */
export function turnFromAction(
  value: unknown,
  base: Omit<Turn, 'text' | 'lastQuery' | 'lastAnswer'>,
): Turn | undefined {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (o.kbbot !== 1 || typeof o.text !== 'string') return undefined;
  const action = buttonAction(o.action);
  return {
    ...base,
    text: clipPaste(o.text),
    lastQuery: typeof o.query === 'string' ? clipPaste(o.query) : undefined,
    ...(action ? { action } : {}),
  };
}

/** A button's action as sent back (a button value, the playground's JSON), or undefined when it is not one. */
export function buttonAction(v: unknown): ButtonAction | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const a = v as Record<string, unknown>;
  if (typeof a.articleId !== 'string' || !a.articleId.trim() || a.articleId.length > 200) return undefined;
  if (a.intent === 'article') return { intent: 'article', articleId: a.articleId };
  if (a.intent === 'feedback' && typeof a.helpful === 'boolean')
    return { intent: 'feedback', articleId: a.articleId, helpful: a.helpful };
  return undefined;
}
