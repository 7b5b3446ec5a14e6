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
}

/** Slack's limit for a button value is 2000 characters; JSON escaping can grow a text, so keep a margin. */
const MAX_PAYLOAD_CHARS = 1900;

export function actionPayload(text: string, query?: string): ActionPayload {
  const p: ActionPayload = { kbbot: 1, text };
  if (query === undefined || !query.trim()) return p;
  let q = query;
  while (q && JSON.stringify({ ...p, query: q }).length > MAX_PAYLOAD_CHARS) q = q.slice(0, Math.floor(q.length * 0.8));
  return q ? { ...p, query: q } : p;
}

/** A pressed button's value (an object, or the JSON of one) → a Turn, or undefined when it is not kbbot's. */
export function turnFromAction(value: unknown, base: Omit<Turn, 'text' | 'lastQuery' | 'lastAnswer'>): Turn | undefined {
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
  return { ...base, text: clipPaste(o.text), lastQuery: typeof o.query === 'string' ? clipPaste(o.query) : undefined };
}
